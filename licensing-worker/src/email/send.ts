import { isDevelopmentEnvironment } from '../env';
import { deliverEmail, type Delivery } from './resend';
import type { EmailLanguage } from './layout';
import { renderEmail, type EmailTemplate, type EmailTemplateData } from './templates';

/** The bindings email needs (a structural subset of the worker's Env). */
export interface EmailEnv {
  DB: D1Database;
  /** development/test also keep the unredacted copy for /dev/outbox; anything else never does. */
  ENVIRONMENT?: string;
  EMAIL_FROM: string;
  OPERATOR_EMAIL?: string;
  RESEND_API_KEY?: string | undefined;
  RESEND_API_URL?: string | undefined;
}

export interface EmailContext {
  env: EmailEnv;
  requestId?: string | undefined;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface EmailRequest<T extends EmailTemplate> {
  to: string;
  template: T;
  data: EmailTemplateData[T];
  customerId?: string | null | undefined;
  /** Overrides the customer's stored language (e.g. the language of the checkout asking now). */
  language?: EmailLanguage | undefined;
}

/** Any template with its own data (a union, so callers can build the request generically). */
export type AnyEmailRequest = { [T in EmailTemplate]: EmailRequest<T> }[EmailTemplate];

export type EmailStatus = Delivery['status'];

export interface EmailOutcome {
  id: number;
  status: EmailStatus;
  providerId: string | null;
}

export const REDACTED = '[redacted]';
/** Template fields that carry a credential (unlock token, confirmation or portal link). */
const SECRET_FIELD = /token|secret|url|link|code/i;
/** The unlock token's shape, redacted wherever it appears. */
const UNLOCK_TOKEN = /POS(-[0-9A-Z]{5}){4}/g;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function secretsOf(data: object): string[] {
  return Object.entries(data)
    .filter(([key, value]) => SECRET_FIELD.test(key) && typeof value === 'string' && value.length >= 8)
    .flatMap(([, value]) => [value as string, escapeHtml(value as string)]);
}

/** The stored copy: every secret of the template data (raw and HTML-escaped) replaced. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out.replace(UNLOCK_TOKEN, REDACTED);
}

/** Emails to the operator (not the customer) are always in English. */
const OPERATOR_TEMPLATES: ReadonlySet<EmailTemplate> = new Set(['refund_request', 'duplicate_purchase_operator', 'operator_alert']);

/** The request's language, else the customer's stored one (migration 0008), else English. */
async function languageOf(db: D1Database, request: AnyEmailRequest): Promise<EmailLanguage> {
  if (OPERATOR_TEMPLATES.has(request.template)) return 'en';
  if (request.language) return request.language;
  if (!request.customerId) return 'en';
  const row = await db.prepare('SELECT language FROM customers WHERE id = ?').bind(request.customerId).first<{ language: string }>();
  return row?.language === 'el' ? 'el' : 'en';
}

/**
 * Renders a template, sends it through Resend when RESEND_API_KEY is set, and always writes
 * email_log with the rendered body, credentials redacted. Only in development/test is the
 * unredacted copy kept too (dev_outbox, read by /dev/outbox). A provider failure is recorded
 * as status 'failed', not thrown: a state change must not be undone by email.
 */
export async function sendEmail(ctx: EmailContext, request: AnyEmailRequest): Promise<EmailOutcome> {
  const language = await languageOf(ctx.env.DB, request);
  const rendered = await renderEmail(request.template, request.data as never, language);
  const now = ctx.now ?? Date.now;
  const { status, providerId, error } = await deliverEmail(
    { apiKey: ctx.env.RESEND_API_KEY, apiUrl: ctx.env.RESEND_API_URL, fetch: ctx.fetch },
    { from: ctx.env.EMAIL_FROM, to: request.to, ...rendered },
  );
  const secrets = secretsOf(request.data);
  const row = await ctx.env.DB.prepare(
    `INSERT INTO email_log (at, customer_id, to_address, template, subject, html, text, status, provider_id, error, request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      now(),
      request.customerId ?? null,
      request.to,
      request.template,
      redact(rendered.subject, secrets),
      redact(rendered.html, secrets),
      redact(rendered.text, secrets),
      status,
      providerId,
      error,
      ctx.requestId ?? null,
    )
    .first<{ id: number }>();
  if (row && isDevelopmentEnvironment(ctx.env)) {
    await ctx.env.DB.prepare('INSERT INTO dev_outbox (email_log_id, html, text) VALUES (?, ?, ?)').bind(row.id, rendered.html, rendered.text).run();
  }
  return { id: row?.id ?? 0, status, providerId };
}
