// Instant activation's credential (issue 8, rule 2): the checkout session id alone proves
// nothing (it sits in URLs and browser history). The app that opened the checkout made a random
// claim secret and sent only its SHA-256 with /checkout; `instant` must present the secret,
// works only until the token has been handed out once, only while that token is still the
// customer's (a /recover rotation ends it) and only within an hour of payment. Afterwards the
// answer says to use the emailed token, and no machine is registered, no license issued.
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import { constantTimeEqual, normalizeEmail, sha256Hex, tokenMatches } from '../tokens';
import { CUSTOMER_COLUMNS, type CustomerWithMachine } from './customers';

/** How long after payment `instant` may hand out the token. */
export const CLAIM_WINDOW_MS = 60 * 60_000;

const NO_CLAIM_HASH = 'f'.repeat(64);

export interface ClaimableCheckout {
  customer: CustomerWithMachine;
  pendingToken: string;
}

type ClaimRow = Partial<CustomerWithMachine> & {
  checkout_status: string;
  checkout_email: string;
  claim_hash: string | null;
  claimed_at: number | null;
  completed_at: number | null;
  pending_token: string | null;
};

const useEmailedToken = 'Use the unlock token from the welcome email (with "I have a license").';

export const claimInvalid = () =>
  new ApiError('INVALID_CREDENTIALS', `This checkout cannot be claimed from this computer. ${useEmailedToken}`);

/**
 * Checks the claim without changing anything (the machine is registered only after this
 * passed): the secret's hash (constant time), the email, payment, not claimed, the window.
 */
export async function findClaimableCheckout(
  db: Database,
  credentials: { email: string; stripeSessionId: string; claimSecret: string },
  fingerprint: string,
  now: number,
): Promise<ClaimableCheckout> {
  const row = await db.first<ClaimRow>(
    `SELECT cs.status AS checkout_status, cs.email AS checkout_email, cs.claim_hash, cs.claimed_at, cs.completed_at, cs.pending_token,
            ${CUSTOMER_COLUMNS},
            m.id AS machine_id, m.last_seen_at AS machine_last_seen_at, m.name AS machine_name,
            m.platform AS machine_platform, m.app_version AS machine_app_version
     FROM checkout_sessions cs
     LEFT JOIN customers c ON c.id = cs.customer_id
     LEFT JOIN machines m ON m.customer_id = c.id AND m.fingerprint = ?2 AND m.deactivated_at IS NULL
     WHERE cs.id = ?1`,
    credentials.stripeSessionId,
    fingerprint,
  );
  const secretOk = constantTimeEqual(await sha256Hex(credentials.claimSecret), row?.claim_hash ?? NO_CLAIM_HASH);
  if (!row || !secretOk || normalizeEmail(row.checkout_email) !== normalizeEmail(credentials.email)) throw claimInvalid();
  if (row.checkout_status === 'duplicate') {
    throw new ApiError('CHECK_EMAIL', 'This purchase continues by email: check the inbox of the email you entered.');
  }
  if (row.checkout_status !== 'completed' || !row.id) {
    throw new ApiError('CHECKOUT_PENDING', 'The payment is not confirmed yet. Try again in a few seconds.', {}, { 'Retry-After': '2' });
  }
  const customer = row as CustomerWithMachine;
  if (row.claimed_at !== null || !row.pending_token || !(await tokenMatches(row.pending_token, customer.token_hash))) {
    throw new ApiError('TOKEN_ALREADY_CLAIMED', `The unlock token of this purchase was already handed out. ${useEmailedToken}`);
  }
  if (row.completed_at === null || now - row.completed_at > CLAIM_WINDOW_MS) {
    throw new ApiError('CLAIM_EXPIRED', `Automatic activation ends an hour after payment. ${useEmailedToken}`);
  }
  return { customer, pendingToken: row.pending_token };
}

/** Hands the token out at most once: of two concurrent claims, one wins; the other is told. */
export async function claimToken(db: Database, stripeSessionId: string, now: number): Promise<void> {
  const claimed = await db.run(
    'UPDATE checkout_sessions SET pending_token = NULL, claimed_at = ? WHERE id = ? AND pending_token IS NOT NULL AND claimed_at IS NULL',
    now,
    stripeSessionId,
  );
  if (claimed.meta.changes !== 1) {
    throw new ApiError('TOKEN_ALREADY_CLAIMED', `The unlock token of this purchase was already handed out. ${useEmailedToken}`);
  }
}
