// Small self-contained HTML pages (no scripts, inline styles only: the worker's CSP allows
// nothing else). Every interpolated value is escaped by the `html` tag.
import type { Context } from 'hono';
import { html, raw, type Html } from '../email/layout';

const STYLE = raw(`body{margin:0;background:#f4f4f5;font:15px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b}
main{max-width:520px;margin:48px auto;background:#fff;border-radius:10px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:28px 0 8px}
.plan{display:flex;justify-content:space-between;border:1px solid #e4e4e7;border-radius:8px;padding:14px 16px;margin:16px 0}
.muted{color:#71717a;font-size:13px}code{background:#f4f4f5;padding:2px 6px;border-radius:4px;word-break:break-all}
button{font:inherit;border:0;border-radius:6px;padding:10px 18px;cursor:pointer;background:#2563eb;color:#fff}
button.secondary{background:#e4e4e7;color:#18181b}label{display:block;margin:8px 0 4px}
input,select{font:inherit;width:100%;box-sizing:border-box;padding:8px;border:1px solid #d4d4d8;border-radius:6px}
.ok{background:#ecfdf5;border:1px solid #a7f3d0;border-radius:8px;padding:12px 16px}
.dev{background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:6px 10px;font-size:13px;margin-bottom:16px}
.row{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}`);

export async function renderPage(title: string, body: Html): Promise<string> {
  const page = await html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
  return page.toString();
}

export async function sendPage(c: Context, title: string, body: Html, status = 200): Promise<Response> {
  const res = c.html(await renderPage(title, body), status as 200);
  res.headers.set('Cache-Control', 'no-store');
  return res;
}

/** Shown after a successful payment (Stripe's success_url, and development billing's Pay). */
export const paymentCompleteBody = (sessionId: string | null, extra: Html | string = '') => html`<h1>Payment complete — check your email</h1>
<div class="ok"><p>Your POSPal subscription is active. We emailed your unlock token.</p>
<p>POSPal activates by itself when this session is picked up; if it asks, enter this session id:</p>
${sessionId ? html`<p><code id="session-id">${sessionId}</code></p>` : ''}</div>
<p class="muted">You can close this window and return to POSPal.</p>${extra}`;

/** /checkout/open for an email that already has a subscription: the next step is in the email. */
export const checkYourEmailBody = html`<h1>Check your email</h1>
<div class="ok"><p>We sent an email to the address you entered. It explains the next step.</p></div>
<p class="muted">Nothing was charged. You can close this window and return to POSPal.</p>`;

export const unknownCheckoutBody = html`<h1>Unknown checkout</h1><p>This checkout link is not valid. Start again from POSPal.</p>`;
