// POST /recover (always 202; emails a confirmation link, see recovery/requests.ts),
// GET/POST /recover/confirm (the link's page; POST confirms and emails the new token),
// POST /machines (lists the customer's active computers: id, name, platform, appVersion,
// createdAt, lastSeenAt) and POST /machines/deactivate (frees a seat; limited per month against abuse).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { expectCredentials } from '../http/credential-failures';
import { ApiError } from '../http/errors';
import { enforceAddressLimit } from '../http/rate-limit';
import { readJson } from '../http/validation';
import { authenticate } from '../license/customers';
import { endSessionsWhere } from '../license/sessions';
import { deactivateMachineRequestSchema, listMachinesRequestSchema, recoverRequestSchema } from '../protocol/licensing';
import { confirmPage, confirmedPage } from '../recovery/pages';
import { confirmRecovery, startRecovery, type RecoveryScope } from '../recovery/requests';
import { normalizeEmail } from '../tokens';
import { errorText, logEvent } from '../log';

export const DEACTIVATIONS_PER_MONTH = 10;

export const accountRoutes = new Hono<AppEnv>();

const recoveryScope = (c: Context<AppEnv>): RecoveryScope => ({ env: c.env, db: c.get('db'), now: c.get('now')(), requestId: c.get('requestId') });

accountRoutes.post('/recover', async (c) => {
  const { email } = await readJson(c, recoverRequestSchema);
  await enforceAddressLimit(c, 'recover:ip');
  // Everything that depends on the email happens after the answer: the same 202, the same work
  // and the same time for a known and an unknown email (no account enumeration).
  const scope = recoveryScope(c);
  c.executionCtx.waitUntil(
    startRecovery(scope, normalizeEmail(email)).catch((e: unknown) => {
      logEvent('error', 'recovery_failed', { requestId: scope.requestId, error: errorText(e) });
    }),
  );
  return c.json({ success: true as const, requestId: scope.requestId }, 202);
});

const linkSecret = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

accountRoutes.get('/recover/confirm', async (c) => {
  const t = linkSecret.safeParse(c.req.query('t'));
  if (!t.success) return confirmedPage(c, { ok: false, reason: 'invalid_or_used' });
  return confirmPage(c, t.data);
});

accountRoutes.post('/recover/confirm', async (c) => {
  await enforceAddressLimit(c, 'recover:ip');
  const form = z.object({ t: linkSecret }).safeParse(await c.req.parseBody().catch(() => ({})));
  if (!form.success) return confirmedPage(c, { ok: false, reason: 'invalid_or_used' });
  return confirmedPage(c, await confirmRecovery(recoveryScope(c), form.data.t));
});

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);
const secondsToNextMonth = (ms: number): number => {
  const d = new Date(ms);
  return Math.ceil((Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - ms) / 1000);
};

accountRoutes.post('/machines', async (c) => {
  const body = await readJson(c, listMachinesRequestSchema);
  await enforceAddressLimit(c, 'account:ip');
  expectCredentials(c, body.email);
  const customer = await authenticate(c.get('db'), body.email, body.token);
  const rows = await c.get('db').all<{ id: string; name: string; platform: string; app_version: string; created_at: number; last_seen_at: number }>(
    'SELECT id, name, platform, app_version, created_at, last_seen_at FROM machines WHERE customer_id = ? AND deactivated_at IS NULL ORDER BY last_seen_at DESC, id',
    customer.id,
  );
  const machines = rows.map((m) => ({ id: m.id, name: m.name, platform: m.platform, appVersion: m.app_version, createdAt: m.created_at, lastSeenAt: m.last_seen_at }));
  return c.json({ success: true as const, requestId: c.get('requestId'), machines }, 200);
});

accountRoutes.post('/machines/deactivate', async (c) => {
  const body = await readJson(c, deactivateMachineRequestSchema);
  await enforceAddressLimit(c, 'account:ip');
  expectCredentials(c, body.email);
  const db = c.get('db');
  const requestId = c.get('requestId');
  const now = c.get('now')();
  const month = monthOf(now);
  const customer = await authenticate(db, body.email, body.token);
  // The counter only moves when the machine exists and the month's limit allows it; the
  // machine only changes when the counter moved (changes() of the previous statement).
  const [counted, deactivated] = await db.batch<{ deactivations_count: number }>([
    db
      .prepare(
        `UPDATE customers SET
           deactivations_count = CASE WHEN deactivations_month = ?1 THEN deactivations_count + 1 ELSE 1 END,
           deactivations_month = ?1, updated_at = ?2
         WHERE id = ?3
           AND EXISTS (SELECT 1 FROM machines WHERE id = ?4 AND customer_id = ?3 AND deactivated_at IS NULL)
           AND (deactivations_month IS NOT ?1 OR deactivations_count < ?5)
         RETURNING deactivations_count`,
      )
      .bind(month, now, customer.id, body.machineId, DEACTIVATIONS_PER_MONTH),
    db.prepare('UPDATE machines SET deactivated_at = ?1 WHERE id = ?2 AND customer_id = ?3 AND deactivated_at IS NULL AND changes() > 0').bind(now, body.machineId, customer.id),
    db
      .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, 'machine_deactivated', ? WHERE changes() > 0`)
      .bind(now, requestId, customer.id, JSON.stringify({ machineId: body.machineId })),
    db
      .prepare(`UPDATE sessions SET ended_at = ?1, end_reason = 'ended' WHERE machine_id = ?2 AND ended_at IS NULL AND EXISTS (SELECT 1 FROM machines WHERE id = ?2 AND deactivated_at = ?1)`)
      .bind(now, body.machineId),
  ]);
  const count = counted?.results[0]?.deactivations_count;
  if (count === undefined || (deactivated?.meta.changes ?? 0) === 0) {
    const exists = await db.first<{ id: string }>('SELECT id FROM machines WHERE id = ? AND customer_id = ? AND deactivated_at IS NULL', body.machineId, customer.id);
    if (!exists) throw new ApiError('MACHINE_NOT_FOUND', 'No active computer with this id on this subscription.');
    const retryAfter = secondsToNextMonth(now);
    throw new ApiError(
      'RATE_LIMITED',
      `At most ${DEACTIVATIONS_PER_MONTH} computers can be deactivated per month.`,
      { limit: 'deactivations', deactivationsLimit: DEACTIVATIONS_PER_MONTH, retryAfterSeconds: retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
  // A live session on the machine ends in the customer's sessions object too (its seat is freed).
  await endSessionsWhere({ env: c.env, requestId, now }, customer.id, { machineId: body.machineId }, false);
  return c.json({ success: true as const, requestId, machineId: body.machineId, deactivationsThisMonth: count, deactivationsLimit: DEACTIVATIONS_PER_MONTH }, 200);
});
