// Token rotation by recovery: a confirmed recovery stores the new token's hash beside the
// current one (customers.next_token_hash). Both work until the new one is first presented;
// that first use promotes it and the old token stops working.
import { auditStatement } from '../audit';
import type { Database } from '../db/database';
import { constantTimeEqual } from '../tokens';

export interface TokenHashes {
  id: string;
  token_hash: string;
  next_token_hash: string | null;
}

// Compared against when a hash is missing, so every path does the same two comparisons.
const NO_HASH = '0'.repeat(64);

/** Which stored token a presented hash matches (both compared, in constant time). */
export function matchTokenHash(presentedHash: string, row: TokenHashes | null): 'current' | 'next' | null {
  const current = constantTimeEqual(presentedHash, row?.token_hash ?? NO_HASH);
  const next = constantTimeEqual(presentedHash, row?.next_token_hash ?? NO_HASH);
  if (!row) return null;
  if (current) return 'current';
  return next && row.next_token_hash !== null ? 'next' : null;
}

/** First use of the recovered token: it becomes the token, the old one stops (one batch). */
export async function promoteNextToken(db: Database, customerId: string, presentedHash: string, now = Date.now()): Promise<void> {
  await db.batch([
    db
      .prepare('UPDATE customers SET token_hash = next_token_hash, token_issued_at = COALESCE(next_token_issued_at, ?1), next_token_hash = NULL, next_token_issued_at = NULL, updated_at = ?1 WHERE id = ?2 AND next_token_hash = ?3')
      .bind(now, customerId, presentedHash),
    db
      .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, NULL, ?, 'token_rotated', '{"via":"recover","step":"first_use"}' WHERE changes() > 0`)
      .bind(now, customerId),
  ]);
}

/** The statements a confirmed recovery runs: store the new hash (the old token keeps working). */
export function stageNextToken(db: Database, customerId: string, nextHash: string, now: number, requestId: string): D1PreparedStatement[] {
  return [
    db.prepare('UPDATE customers SET next_token_hash = ?1, next_token_issued_at = ?2, updated_at = ?2 WHERE id = ?3').bind(nextHash, now, customerId),
    auditStatement(db, { at: now, requestId, customerId, action: 'token_rotation_confirmed', details: { via: 'recover' } }),
  ];
}
