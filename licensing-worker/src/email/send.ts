import { sendThroughResend } from './resend';
import { renderEmail, type EmailTemplate, type EmailTemplateData } from './templates';

/** The bindings email needs (a structural subset of the worker's Env). */
export interface EmailEnv {
  DB: D1Database;
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
}

/** Any template with its own data (a union, so callers can build the request generically). */
export type AnyEmailRequest = { [T in EmailTemplate]: EmailRequest<T> }[EmailTemplate];

export type EmailStatus = 'sent' | 'logged' | 'failed';

export interface EmailOutcome {
  id: number;
  status: EmailStatus;
  providerId: string | null;
}

/**
 * Renders a template, sends it through Resend when RESEND_API_KEY is set, and always writes
 * email_log with the rendered body (development reads it at /dev/outbox). A provider failure
 * is recorded as status 'failed', not thrown: a state change must not be undone by email.
 */
export async function sendEmail(ctx: EmailContext, request: AnyEmailRequest): Promise<EmailOutcome> {
  const rendered = await renderEmail(request.template, request.data as never);
  const now = ctx.now ?? Date.now;
  let status: EmailStatus = 'logged';
  let providerId: string | null = null;
  let error: string | null = null;
  if (ctx.env.RESEND_API_KEY) {
    const result = await sendThroughResend(
      { apiKey: ctx.env.RESEND_API_KEY, apiUrl: ctx.env.RESEND_API_URL, fetch: ctx.fetch },
      { from: ctx.env.EMAIL_FROM, to: request.to, ...rendered },
    );
    if (result.ok) {
      status = 'sent';
      providerId = result.id;
    } else {
      status = 'failed';
      error = result.error;
    }
  }
  const row = await ctx.env.DB.prepare(
    `INSERT INTO email_log (at, customer_id, to_address, template, subject, html, text, status, provider_id, error, request_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      now(),
      request.customerId ?? null,
      request.to,
      request.template,
      rendered.subject,
      rendered.html,
      rendered.text,
      status,
      providerId,
      error,
      ctx.requestId ?? null,
    )
    .first<{ id: number }>();
  return { id: row?.id ?? 0, status, providerId };
}
