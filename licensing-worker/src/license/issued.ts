// "No signature without need": the licenses this isolate signed, by the SHA-256 of their file
// text, with what they say. When an agent presents the hash of the license it holds and the
// license we would sign now says the same (status, plan, period, limits, machine, the caching
// strategy; for a session answer, the session), allows no more grace, and the held one was issued
// less than a day ago, the answer is `licenseUnchanged` and nothing is signed. Unknown hashes (another isolate signed it, or the
// isolate restarted) simply get a fresh signature: a cache, never a source of truth.
import type { LicensePayload } from '../protocol/license';
import type { CachingStrategy } from '../protocol/licensing';

/** A held license older than this is re-signed, so a live till's grace stays 9–10 days. */
export const REISSUE_AFTER_MS = 24 * 60 * 60_000;
const MAX_ENTRIES = 50_000;

interface Issued {
  material: string;
  issuedAt: number;
  offlineGraceUntil: number;
  sessionId: string | undefined;
}

// Insertion-ordered: the oldest entries go first when the map is full.
const issued = new Map<string, Issued>();

/**
 * What must not change for a held license to stand: everything but the times (issue, next
 * check, grace) and the session, which heldStillStands compares on its own.
 */
export function materialOf(payload: LicensePayload, strategy: CachingStrategy): string {
  const { issuedAt: _i, nextCheckAt: _n, offlineGraceUntil: _g, sessionId: _s, ...rest } = payload;
  return JSON.stringify([rest, strategy]);
}

export function rememberIssued(hash: string, material: string, payload: Pick<LicensePayload, 'issuedAt' | 'offlineGraceUntil' | 'sessionId'>): void {
  if (issued.size >= MAX_ENTRIES) {
    const oldest = issued.keys().next();
    if (!oldest.done) issued.delete(oldest.value);
  }
  issued.set(hash, { material, issuedAt: payload.issuedAt, offlineGraceUntil: payload.offlineGraceUntil, sessionId: payload.sessionId });
}

/**
 * The held license (by hash) still says what we would sign now, is less than a day old, and
 * allows no more offline grace than what we would sign (a grace cut, e.g. by a takeover,
 * always re-signs; a held grace a little shorter than the one earned since is kept). A session
 * answer stands only for a license of that very session; a validate may keep a held session
 * license (the agent obeys its dates, not its session id).
 */
export function heldStillStands(hash: string | undefined, material: string, payload: Pick<LicensePayload, 'issuedAt' | 'offlineGraceUntil' | 'sessionId'>): boolean {
  if (!hash) return false;
  const held = issued.get(hash);
  const now = payload.issuedAt;
  if (held === undefined || (payload.sessionId !== undefined && held.sessionId !== payload.sessionId)) return false;
  return held.material === material && held.issuedAt <= now && now - held.issuedAt < REISSUE_AFTER_MS && held.offlineGraceUntil <= payload.offlineGraceUntil;
}
