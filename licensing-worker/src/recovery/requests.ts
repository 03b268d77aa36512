// Recovery by confirmation link (issue 8 rule 4).
//
// POST /recover defers all of its work (`startRecovery`, run in waitUntil), so a known and an
// unknown email get the same answer in the same time. For a known customer it stores a
// single-use link secret (hashed, expiring after an hour) and emails the link. Confirming the
// link (`confirmRecovery`, POST from the worker's page) issues a new token beside the old one
// and emails it; the old token keeps working until the new one is first used.
import { auditStatement } from '../audit';
import type { Database } from '../db/database';
import { sendEmail, type EmailContext } from '../email';
import type { Env } from '../env';
import { randomSecret } from '../ids';
import { generateUnlockToken, hashToken, sha256Hex } from '../tokens';
import { stageNextToken } from './rotation';

export const RECOVERY_LINK_TTL_MS = 60 * 60_000;
/** Links emailed per customer per hour (mail-bombing a shop's inbox). Extra requests send nothing. */
export const RECOVERY_LINKS_PER_HOUR = 3;

export interface RecoveryScope {
  env: Env;
  db: Database;
  now: number;
  requestId: string;
}

const emailContext = (s: RecoveryScope): EmailContext => ({ env: s.env, requestId: s.requestId, now: () => s.now });

export const confirmationUrl = (env: Pick<Env, 'PUBLIC_BASE_URL'>, secret: string): string =>
  `${env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/recover/confirm?t=${encodeURIComponent(secret)}`;

export type RecoveryStart = 'unknown_email' | 'throttled' | 'link_sent';

/** The deferred half of POST /recover. Never throws to the caller's response (it has gone). */
export async function startRecovery(scope: RecoveryScope, email: string): Promise<RecoveryStart> {
  const { db, now } = scope;
  const customer = await db.first<{ id: string; name: string; recent: number }>(
    `SELECT c.id, c.name, (SELECT COUNT(*) FROM recovery_requests r WHERE r.customer_id = c.id AND r.created_at > ?2) AS recent
     FROM customers c WHERE c.email = ?1`,
    email,
    now - 60 * 60_000,
  );
  if (!customer) return 'unknown_email';
  if (customer.recent >= RECOVERY_LINKS_PER_HOUR) return 'throttled';
  const secret = randomSecret();
  const expiresAt = now + RECOVERY_LINK_TTL_MS;
  await db.batch([
    db
      .prepare('INSERT INTO recovery_requests (id_hash, customer_id, created_at, expires_at, request_id) VALUES (?, ?, ?, ?, ?)')
      .bind(await sha256Hex(secret), customer.id, now, expiresAt, scope.requestId),
    auditStatement(db, { at: now, requestId: scope.requestId, customerId: customer.id, action: 'recovery_requested' }),
  ]);
  await sendEmail(emailContext(scope), {
    to: email,
    template: 'recovery_confirm',
    data: { name: customer.name, link: confirmationUrl(scope.env, secret), expiresAt },
    customerId: customer.id,
  });
  return 'link_sent';
}

export type RecoveryConfirmation = { ok: true } | { ok: false; reason: 'invalid_or_used' | 'expired' };

/** POST from the confirmation page: single use, before expiry; emails the new token. */
export async function confirmRecovery(scope: RecoveryScope, secret: string): Promise<RecoveryConfirmation> {
  const { db, now } = scope;
  const idHash = await sha256Hex(secret);
  // Claimed atomically: of two concurrent confirmations one wins.
  const claimed = await db.first<{ customer_id: string; email: string; name: string }>(
    `UPDATE recovery_requests SET confirmed_at = ?2
     WHERE id_hash = ?1 AND confirmed_at IS NULL AND expires_at > ?2
     RETURNING customer_id, (SELECT email FROM customers WHERE id = customer_id) AS email, (SELECT name FROM customers WHERE id = customer_id) AS name`,
    idHash,
    now,
  );
  if (!claimed) {
    const expired = await db.first<{ id_hash: string }>('SELECT id_hash FROM recovery_requests WHERE id_hash = ? AND confirmed_at IS NULL', idHash);
    return { ok: false, reason: expired ? 'expired' : 'invalid_or_used' };
  }
  const token = generateUnlockToken();
  await db.batch(stageNextToken(db, claimed.customer_id, await hashToken(token), now, scope.requestId));
  await sendEmail(emailContext(scope), { to: claimed.email, template: 'token_recovery', data: { name: claimed.name, token }, customerId: claimed.customer_id });
  return { ok: true };
}

/** Cron: drop links a day after they expired (confirmed or not); the audit log keeps the history. */
export async function pruneRecoveryRequests(db: Pick<D1Database, 'prepare'>, now: number): Promise<number> {
  const r = await db.prepare('DELETE FROM recovery_requests WHERE expires_at <= ?').bind(now - 24 * 60 * 60_000).run();
  return r.meta.changes;
}
