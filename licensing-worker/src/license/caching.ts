// How long the app may go before its next online check (the adaptive caching strategy).
import type { Caching, CachingStrategy } from '../protocol/licensing';
import type { LicenseStatus } from '../protocol/license';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A subscription counts as long-active after this long since its first activation. */
export const LONG_ACTIVE_AFTER_MS = 30 * DAY;
/** A previous check older than this makes the next one come sooner. */
export const STALE_VALIDATION_MS = DAY;
/** Connectivity loss is covered this long after the last successful SESSION call (LICENSING.md). */
export const OFFLINE_GRACE_MS = 10 * DAY;

const TTL_SECONDS: Record<CachingStrategy, number> = {
  extended: 60 * 60,
  standard: 30 * 60,
  revalidate: 15 * 60,
  inactive: 5 * 60,
};

export interface CachingInput {
  now: number;
  status: LicenseStatus;
  /** When the customer first activated a machine (null: right now). */
  activatedAt: number | null;
  /** This machine's previous successful check (null: a new machine). */
  previousCheckAt: number | null;
}

export function chooseCaching({ now, status, activatedAt, previousCheckAt }: CachingInput): Caching {
  let strategy: CachingStrategy;
  if (status !== 'active' && status !== 'trial') strategy = 'inactive';
  else if (previousCheckAt === null || now - previousCheckAt > STALE_VALIDATION_MS) strategy = 'revalidate';
  else if (activatedAt !== null && now - activatedAt >= LONG_ACTIVE_AFTER_MS) strategy = 'extended';
  else strategy = 'standard';
  const ttlSeconds = TTL_SECONDS[strategy];
  return { strategy, ttlSeconds, nextCheckAt: now + ttlSeconds * 1000 };
}
