// Customers: search, a customer's page, release a machine, end a session, CSV export.
import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJson } from '../http/validation';
import { D1_LIVE_WINDOW_MS, endSessionsWhere } from '../license/sessions';
import { operatorAuditIf } from './audit';
import { ok, requireRole, type AdminAppEnv } from './context';
import { csvResponse, toCsv } from './csv';
import { AdminError } from './errors';
import { carriedCredential, redactTokens } from './redact';

export const customersApi = new Hono<AdminAppEnv>();

/** Everything about a customer except the token hash. */
const CUSTOMER_COLUMNS = `id, email, name, business_name, subscription_status, stripe_status, stripe_customer_id, stripe_subscription_id,
  plan, current_period_end, cancel_at_period_end, max_machines, max_concurrent, activated_at, last_validated_at, token_issued_at, created_at, updated_at`;

const searchSchema = z.object({ q: z.string().trim().max(100).default(''), limit: z.coerce.number().int().min(1).max(200).default(50) });
const likeOf = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

customersApi.get('/customers', async (c) => {
  const { q, limit } = parseWith(searchSchema, c.req.query());
  const customers = await c.get('db').all(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers
     WHERE ?1 = '' OR lower(email) LIKE ?2 ESCAPE '\\' OR lower(business_name) LIKE ?2 ESCAPE '\\' OR lower(name) LIKE ?2 ESCAPE '\\' OR id = ?1 OR stripe_customer_id = ?1
     ORDER BY created_at DESC LIMIT ?3`,
    q,
    likeOf(q),
    limit,
  );
  return ok(c, { customers });
});

customersApi.get('/customers.csv', async (c) => {
  const rows = await c.get('db').all<Record<string, unknown>>(`SELECT ${CUSTOMER_COLUMNS} FROM customers ORDER BY created_at`);
  const columns = CUSTOMER_COLUMNS.split(',').map((s) => s.trim());
  return csvResponse('pospal-customers.csv', toCsv(columns, rows));
});

const idParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

customersApi.get('/customers/:id', async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const db = c.get('db');
  const now = c.get('now')();
  const [customer, machines, sessions, emails, audit, refunds] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ?`).bind(id),
    db.prepare(`SELECT id, name, platform, app_version, created_at, last_seen_at, deactivated_at FROM machines WHERE customer_id = ? ORDER BY deactivated_at IS NOT NULL, last_seen_at DESC`).bind(id),
    db
      .prepare(
        `SELECT s.ref, s.machine_id, m.name AS machine_name, s.started_at, s.last_heartbeat_at, s.ended_at, s.end_reason,
                (s.ended_at IS NULL AND s.last_heartbeat_at > ?2) AS live
         FROM sessions s LEFT JOIN machines m ON m.id = s.machine_id WHERE s.customer_id = ?1 ORDER BY s.started_at DESC LIMIT 30`,
      )
      .bind(id, now - D1_LIVE_WINDOW_MS), // D1's last-seen lags up to one flush of the sessions object
    db.prepare(`SELECT id, at, to_address, template, subject, text, status, delivery_status, error FROM email_log WHERE customer_id = ? ORDER BY id DESC LIMIT 50`).bind(id),
    db.prepare(`SELECT id, at, action, details, operator, request_id FROM audit_log WHERE customer_id = ? ORDER BY id DESC LIMIT 100`).bind(id),
    db.prepare(`SELECT id, customer_id, reason, status, created_at, decided_at, decided_by, decision_note, refund_amount_cents FROM refund_requests WHERE customer_id = ? ORDER BY created_at DESC`).bind(id),
  ]);
  const row = customer?.results[0];
  if (!row) throw new AdminError('NOT_FOUND', `No customer ${id}.`);
  const stripeId = row.stripe_customer_id as string | null;
  return ok(c, {
    customer: row,
    stripeUrl: stripeId ? `https://dashboard.stripe.com/customers/${encodeURIComponent(stripeId)}` : null,
    machines: machines?.results ?? [],
    sessions: (sessions?.results ?? []).map((s) => ({ ...s, live: s.live === 1 })),
    emails: (emails?.results ?? []).map((e) => ({ ...e, text: redactTokens(String(e.text)), carriesToken: carriedCredential(String(e.template), String(e.text)) })),
    audit: audit?.results ?? [],
    refundRequests: refunds?.results ?? [],
  });
});

const reasonSchema = z.strictObject({ note: z.string().trim().max(500).optional() });

customersApi.post('/customers/:id/machines/:machineId/release', requireRole('support'), async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const machineId = parseWith(idParam, c.req.param('machineId'));
  const { note } = await readJson(c, reasonSchema);
  const db = c.get('db');
  const now = c.get('now')();
  // The machine's seat is freed and any live session on it ends with it, in one transaction.
  const [released] = await db.batch([
    db.prepare('UPDATE machines SET deactivated_at = ? WHERE id = ? AND customer_id = ? AND deactivated_at IS NULL').bind(now, machineId, id),
    operatorAuditIf(db, c, { customerId: id, action: 'admin_machine_released', details: { machineId, ...(note ? { note } : {}) } }, 'changes() > 0'),
    db
      .prepare(`UPDATE sessions SET ended_at = ?1, end_reason = 'ended' WHERE machine_id = ?2 AND ended_at IS NULL AND EXISTS (SELECT 1 FROM machines WHERE id = ?2 AND customer_id = ?3 AND deactivated_at = ?1)`)
      .bind(now, machineId, id),
  ]);
  if ((released?.meta.changes ?? 0) === 0) throw new AdminError('NOT_FOUND', 'That machine is not registered to this customer (or was already released).');
  // The seat itself is the customer's sessions object's: its live session there ends too.
  await endSessionsWhere({ env: c.env, requestId: c.get('requestId'), now }, id, { machineId }, false);
  return ok(c, { released: machineId });
});

customersApi.post('/customers/:id/sessions/:ref/end', requireRole('support'), async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const ref = parseWith(idParam, c.req.param('ref'));
  const db = c.get('db');
  const now = c.get('now')();
  const audit = { customerId: id, action: 'admin_session_ended', details: { session: ref } };
  // Through the customer's sessions object, which holds the seat (and writes the D1 record).
  if ((await endSessionsWhere({ env: c.env, requestId: c.get('requestId'), now }, id, { ref }, false)) > 0) {
    await db.batch([operatorAuditIf(db, c, audit, '1')]);
    return ok(c, { ended: ref });
  }
  // An open D1 record the object does not hold (from before the objects): closed in D1 only.
  const [ended] = await db.batch([
    db.prepare(`UPDATE sessions SET ended_at = ?, end_reason = 'ended' WHERE ref = ? AND customer_id = ? AND ended_at IS NULL`).bind(now, ref, id),
    operatorAuditIf(db, c, audit, 'changes() > 0'),
  ]);
  if ((ended?.meta.changes ?? 0) === 0) throw new AdminError('NOT_FOUND', 'That session is not open for this customer.');
  return ok(c, { ended: ref });
});
