// Emails: what was sent and how delivery went (Resend's events); resend one. An email that
// carried an unlock token is never resent: "send a new token" goes through recovery instead.
import { Hono } from 'hono';
import { z } from 'zod';
import { deliverEmail } from '../email';
import { parseWith } from '../http/validation';
import { operatorAuditStatement } from './audit';
import { ok, requireRole, type AdminAppEnv } from './context';
import { AdminError } from './errors';
import { carriedCredential, redactTokens } from './redact';

export const emailsApi = new Hono<AdminAppEnv>();

const listSchema = z.object({
  status: z.enum(['sent', 'logged', 'failed', 'bounced', 'all']).default('all'),
  to: z.string().trim().toLowerCase().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

emailsApi.get('/emails', async (c) => {
  const { status, to, limit } = parseWith(listSchema, c.req.query());
  const rows = await c.get('db').all<Record<string, unknown>>(
    `SELECT id, at, customer_id, to_address, template, subject, status, delivery_status, delivery_at, error, instr(text || html, '[redacted]') > 0 AS redacted FROM email_log
     WHERE (?1 = 'all' OR status = ?1 OR (?1 = 'bounced' AND delivery_status IN ('bounced', 'complained', 'failed')))
       AND (?2 IS NULL OR to_address = ?2)
     ORDER BY id DESC LIMIT ?3`,
    status,
    to ?? null,
    limit,
  );
  return ok(c, { emails: rows.map(({ redacted, ...r }) => ({ ...r, carriesToken: carriedCredential(String(r.template), redacted ? '[redacted]' : '') })) });
});

emailsApi.get('/emails/:id', async (c) => {
  const id = parseWith(z.coerce.number().int().positive(), c.req.param('id'));
  const row = await c.get('db').first<Record<string, unknown>>('SELECT * FROM email_log WHERE id = ?', id);
  if (!row) throw new AdminError('NOT_FOUND', `No email ${id}.`);
  return ok(c, { email: { ...row, html: redactTokens(String(row.html)), text: redactTokens(String(row.text)), carriesToken: carriedCredential(String(row.template), `${String(row.text)}${String(row.html)}`) } });
});

emailsApi.post('/emails/:id/resend', requireRole('support'), async (c) => {
  const id = parseWith(z.coerce.number().int().positive(), c.req.param('id'));
  const db = c.get('db');
  const row = await db.first<{ customer_id: string | null; to_address: string; template: string; subject: string; html: string; text: string }>(
    'SELECT customer_id, to_address, template, subject, html, text FROM email_log WHERE id = ?',
    id,
  );
  if (!row) throw new AdminError('NOT_FOUND', `No email ${id}.`);
  if (carriedCredential(row.template, `${row.text}${row.html}`)) {
    throw new AdminError('EMAIL_CARRIES_TOKEN', 'This email carried an unlock token or a one-time link and is never resent. Use "send a new token" (recovery confirmation) on the customer page instead.');
  }
  // The logged copy, resent as it was (defensively redacted: a token never leaves twice).
  const html = redactTokens(row.html);
  const text = redactTokens(row.text);
  const { status, providerId, error } = await deliverEmail(
    { apiKey: c.env.RESEND_API_KEY, apiUrl: c.env.RESEND_API_URL },
    { from: c.env.EMAIL_FROM, to: row.to_address, subject: row.subject, html, text },
  );
  const now = c.get('now')();
  const [inserted] = await db.batch<{ id: number }>([
    db
      .prepare(
        `INSERT INTO email_log (at, customer_id, to_address, template, subject, html, text, status, provider_id, error, request_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .bind(now, row.customer_id, row.to_address, row.template, row.subject, html, text, status, providerId, error, c.get('requestId')),
    operatorAuditStatement(db, c, { customerId: row.customer_id, action: 'admin_email_resent', details: { emailId: id, template: row.template, status } }),
  ]);
  return ok(c, { emailId: inserted?.results[0]?.id ?? null, status, error });
});
