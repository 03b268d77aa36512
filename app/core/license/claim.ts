/**
 * The checkout claim (issue 8, rule 2): the app that opens a checkout makes a random claim
 * secret, keeps it in the SecretStore (key `claimSecret`, never the shop database) and sends
 * only its SHA-256 with /checkout; instant activation presents the secret. Stored with the
 * checkout it belongs to, so an app restarted during the payment still activates (and can
 * resume waiting). Deleted once the token is claimed, or when the worker says it can't be.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SecretStore } from '../secrets/secret-store';

export interface PendingClaim {
  secret: string;
  /** Known once /checkout answered. */
  sessionId: string | null;
  email: string;
}

const pendingClaimSchema = z.object({
  v: z.literal(1),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  sessionId: z.string().min(1).max(255).nullable(),
  email: z.string().min(1).max(254),
});

/** 32 random bytes, base64url (43 characters): what the worker's `claimSecret` expects. */
export const newClaimSecret = (): string => randomBytes(32).toString('base64url');

/** SHA-256 of the UTF-8 secret, lower-case hex: the `claimHash` of /checkout. */
export const claimHashOf = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The claim of the latest checkout this app opened, or null (none, or unreadable). */
export async function readPendingClaim(store: SecretStore): Promise<PendingClaim | null> {
  const raw = await store.get('claimSecret');
  if (!raw) return null;
  try {
    const parsed = pendingClaimSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { secret: parsed.data.secret, sessionId: parsed.data.sessionId, email: parsed.data.email } : null;
  } catch {
    return null;
  }
}

export async function savePendingClaim(store: SecretStore, claim: PendingClaim): Promise<void> {
  await store.set('claimSecret', JSON.stringify({ v: 1, ...claim }));
}

export const forgetPendingClaim = (store: SecretStore): Promise<void> => store.delete('claimSecret');

/** The worker's answers after which this claim can never succeed: the emailed token is the way. */
export const FINAL_CLAIM_CODES: ReadonlySet<string> = new Set(['TOKEN_ALREADY_CLAIMED', 'CLAIM_EXPIRED', 'CHECK_EMAIL', 'INVALID_CREDENTIALS']);
