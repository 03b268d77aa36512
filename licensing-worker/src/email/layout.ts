import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

// Every interpolation through `html` is HTML-escaped; only our own markup is raw.
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
export { html, raw };

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const PRODUCT = 'POSPal';

import type { EmailLanguage } from '../protocol/billing';

/** The languages customer emails are written in (the app's UI languages; protocol/billing.ts). */
export type { EmailLanguage };

const FOOTER: Record<EmailLanguage, string> = {
  en: `You receive this email because of your ${PRODUCT} subscription.`,
  el: `Λαμβάνετε αυτό το email λόγω της συνδρομής σας στο ${PRODUCT}.`,
};

/** Wraps a template body in the shared email layout (inline styles: mail clients drop <style>). */
export async function renderLayout(input: {
  subject: string;
  preheader: string;
  body: Html;
  text: string;
  language?: EmailLanguage;
}): Promise<RenderedEmail> {
  const language = input.language ?? 'en';
  const page = await html`<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${input.subject}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<span style="display:none">${input.preheader}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:32px">
<tr><td style="font-size:20px;font-weight:600;padding-bottom:16px">${PRODUCT}</td></tr>
<tr><td style="font-size:15px;line-height:1.6">${input.body}</td></tr>
<tr><td style="font-size:12px;color:#71717a;padding-top:24px">${FOOTER[language]}</td></tr>
</table></td></tr></table>
</body>
</html>`;
  return {
    subject: input.subject,
    html: page.toString(),
    text: `${input.text.trim()}\n\n— ${PRODUCT}\n`,
  };
}

/** A date for people (UTC, unambiguous in every locale). */
export function formatDate(epochMs: number, language: EmailLanguage = 'en'): string {
  return new Date(epochMs).toLocaleDateString(language === 'el' ? 'el-GR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function formatDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatMoney(cents: number, currency: string, language: EmailLanguage = 'en'): string {
  const whole = Math.trunc(cents / 100);
  const rest = String(Math.abs(cents % 100)).padStart(2, '0');
  const euro = currency.toLowerCase() === 'eur';
  // Greek writes the decimal comma and the symbol after the amount: 20,50 €.
  if (language === 'el') return `${whole},${rest} ${euro ? '€' : currency.toUpperCase()}`;
  return `${euro ? '€' : `${currency.toUpperCase()} `}${whole}.${rest}`;
}
