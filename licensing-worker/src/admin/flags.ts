// Feature flags the worker reads (trials, QR menu, …): stored in D1, cached per isolate for a
// minute, with a percentage rollout by customer id (a stable hash, so a customer stays in).
import type { Database } from '../db/database';
import { sha256Hex } from '../tokens';

export interface FlagRow {
  key: string;
  enabled: number;
  rollout_percent: number;
  description: string;
  updated_at: number;
  updated_by: string | null;
}

export const FLAG_CACHE_MS = 60_000;

const caches = new WeakMap<D1Database, { at: number; flags: Map<string, FlagRow> }>();

export async function loadFlags(db: Database, now: number): Promise<Map<string, FlagRow>> {
  const cached = caches.get(db.d1);
  if (cached && now - cached.at < FLAG_CACHE_MS) return cached.flags;
  const rows = await db.all<FlagRow>('SELECT * FROM feature_flags');
  const flags = new Map(rows.map((r) => [r.key, r]));
  caches.set(db.d1, { at: now, flags });
  return flags;
}

/** After an edit in this isolate; other isolates pick it up within FLAG_CACHE_MS. */
export const forgetCachedFlags = (db: Database): void => {
  caches.delete(db.d1);
};

/** 0..99, the same for a (flag, customer) pair everywhere. */
export async function rolloutBucket(key: string, customerId: string): Promise<number> {
  const hex = await sha256Hex(`flag:${key}:${customerId}`);
  return parseInt(hex.slice(0, 8), 16) % 100;
}

/** Off for unknown flags; with no customer, on only when rolled out to everyone. */
export async function flagEnabled(db: Database, key: string, customerId: string | null, now: number): Promise<boolean> {
  const flag = (await loadFlags(db, now)).get(key);
  if (!flag || !flag.enabled) return false;
  if (flag.rollout_percent >= 100) return true;
  if (!customerId || flag.rollout_percent <= 0) return false;
  return (await rolloutBucket(key, customerId)) < flag.rollout_percent;
}
