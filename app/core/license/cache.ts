/**
 * The signed-license cache in the shop database (table `license_cache`, migration 003).
 * Reading never throws: an unreadable or edited row is reported as absent/invalid so the agent
 * falls back to the network instead of crashing the till.
 *
 * The unlock token is not in that table (migration 006): it lives in the injected secret
 * store, so no backup of the database holds it. A store that can't be read gives `token: null`
 * (the UI asks for the token again; the cached license keeps selling). The highest trusted
 * time is kept in both places and the larger wins, so editing one of them changes nothing.
 */
import type { Db } from '../db/connection';
import type { SecretStore } from '../secrets/secret-store';
import { moveTokenOutOfDb } from '../secrets/move-token';
import { sql } from '../db/statements';
import { z } from 'zod';
import { verifyLicenseFile, type LicensePayload, type LicenseVerification } from 'licensing-worker/protocol';
import type { TrustedKeys } from './keys';

export type LicenseFileProblem = Extract<LicenseVerification, { ok: false }>['code'];

export const subscriptionInfoSchema = z.object({
  status: z.string().optional(),
  plan: z.string().optional(),
  currentPeriodEnd: z.number().nullable().optional(),
  cancelAtPeriodEnd: z.boolean().optional(),
});
export type SubscriptionInfo = z.infer<typeof subscriptionInfoSchema>;

const rowSchema = z.object({
  customer_email: z.string(),
  token: z.string(),
  license_file: z.string().nullable(),
  highest_trusted_time: z.number(),
  last_check_at: z.number().nullable(),
  session_id: z.string().nullable(),
  subscription: z.string(),
  machine_id: z.string().nullable(),
});

export interface CacheRecord {
  email: string;
  /** From the secret store; null when it has none or can't be read ("enter your unlock token"). */
  token: string | null;
  licenseFile: string | null;
  highestTrustedTime: number;
  lastCheckAt: number | null;
  sessionId: string | null;
  subscription: SubscriptionInfo;
  machineId: string | null;
}

export type CachedLicense =
  | { kind: 'none' }
  | { kind: 'credentials_only'; record: CacheRecord; problem: LicenseFileProblem | 'OTHER_MACHINE' | 'MISSING' }
  | { kind: 'valid'; record: CacheRecord; payload: LicensePayload };

export interface LicenseCache {
  read(): Promise<CacheRecord | undefined>;
  /** The cached license, verified against the trusted keys and this machine's fingerprint. */
  readVerified(keys: TrustedKeys, fingerprint: string): Promise<CachedLicense>;
  /** The token goes to the secret store (null: forget it), the rest to the database. */
  saveCredentials(email: string, token: string | null, now: number): Promise<void>;
  /**
   * After a successful online check. The server vouched for this moment, so the local time now
   * becomes the trusted floor in both places (this is what clears clock_tampered).
   */
  saveCheck(input: { licenseFile: string; serverTime: number; now: number; subscription: SubscriptionInfo; machineId: string }): Promise<void>;
  /** Raises the highest trusted time (never lowers it), in the database and the secret store. */
  noteTime(ms: number): void;
  setSession(sessionId: string | null, now: number): void;
  clear(): Promise<void>;
}

/** The store's copy of the floor is rewritten at most this often by noteTime (far below the clock tolerance). */
const STORE_FLOOR_EVERY_MS = 60_000;

const SELECT = `SELECT customer_email, token, license_file, highest_trusted_time, last_check_at,
    session_id, subscription, machine_id FROM license_cache WHERE id = 1`;
const UPSERT_CREDENTIALS = `INSERT INTO license_cache (id, customer_email, token, updated_at, highest_trusted_time)
    VALUES (1, @email, '', @now, @now)
    ON CONFLICT(id) DO UPDATE SET customer_email = @email, updated_at = @now,
      license_file = CASE WHEN lower(customer_email) = lower(@email) THEN license_file END,
      session_id = CASE WHEN lower(customer_email) = lower(@email) THEN session_id END`;
const UPDATE_CHECK = `UPDATE license_cache SET license_file = @licenseFile, last_check_at = @serverTime,
    highest_trusted_time = @now, subscription = @subscription,
    machine_id = @machineId, updated_at = @now WHERE id = 1`;
const UPDATE_TIME = 'UPDATE license_cache SET highest_trusted_time = max(highest_trusted_time, ?) WHERE id = 1';
const UPDATE_SESSION = 'UPDATE license_cache SET session_id = ?, updated_at = ? WHERE id = 1';
const REMOVE = 'DELETE FROM license_cache';

/**
 * `db` may be a getter: the shop database can be swapped under the running app (restore from a
 * backup), and the cache must follow it instead of writing to a closed handle. Statements come
 * from the per-connection cache, so a swap simply prepares them again on the new connection.
 */
export function createLicenseCache(db: Db | (() => Db), secrets: SecretStore): LicenseCache {
  const current = typeof db === 'function' ? db : () => db;
  let storeFloor = 0;
  /** The store's writes are ordered by the store; a failed one only loses this copy of the floor. */
  const writeFloor = (ms: number): Promise<void> => {
    storeFloor = ms;
    return secrets.set('highestTrustedTime', String(ms)).catch(() => undefined);
  };
  const readStore = async (key: 'unlockToken' | 'highestTrustedTime'): Promise<string | null> => {
    try {
      return await secrets.get(key);
    } catch {
      return null;
    }
  };
  const stmt = (text: string) => sql(current(), text);
  const select = { get: () => stmt(SELECT).get() };
  const upsertCredentials = { run: (p: Record<string, unknown>) => stmt(UPSERT_CREDENTIALS).run(p) };
  const updateCheck = { run: (p: Record<string, unknown>) => stmt(UPDATE_CHECK).run(p) };
  const updateTime = { run: (ms: number) => stmt(UPDATE_TIME).run(ms) };
  const updateSession = { run: (id: string | null, now: number) => stmt(UPDATE_SESSION).run(id, now) };
  const remove = { run: () => stmt(REMOVE).run() };

  async function read(): Promise<CacheRecord | undefined> {
    let raw: unknown;
    try {
      raw = select.get();
    } catch {
      return undefined;
    }
    const row = rowSchema.safeParse(raw);
    if (!row.success) return undefined;
    // A database from before 006 (or such a backup restored): its token moves to the store now.
    if (row.data.token !== '') await moveTokenOutOfDb(current(), secrets).catch(() => undefined);
    const token = (await readStore('unlockToken')) ?? (row.data.token || null);
    const floor = Number(await readStore('highestTrustedTime'));
    if (Number.isFinite(floor)) storeFloor = Math.max(storeFloor, floor);
    let subscription: SubscriptionInfo = {};
    try {
      subscription = subscriptionInfoSchema.parse(JSON.parse(row.data.subscription));
    } catch {
      subscription = {};
    }
    return {
      email: row.data.customer_email,
      token,
      licenseFile: row.data.license_file,
      highestTrustedTime: Number.isFinite(floor) ? Math.max(row.data.highest_trusted_time, floor) : row.data.highest_trusted_time,
      lastCheckAt: row.data.last_check_at,
      sessionId: row.data.session_id,
      subscription,
      machineId: row.data.machine_id,
    };
  }

  return {
    read,
    async readVerified(keys, fingerprint) {
      const record = await read();
      if (!record) return { kind: 'none' };
      if (record.licenseFile === null) return { kind: 'credentials_only', record, problem: 'MISSING' };
      const check = await verifyLicenseFile(record.licenseFile, keys.list());
      if (!check.ok) return { kind: 'credentials_only', record, problem: check.code };
      if (check.payload.machineFingerprint !== fingerprint) return { kind: 'credentials_only', record, problem: 'OTHER_MACHINE' };
      return { kind: 'valid', record, payload: check.payload };
    },
    async saveCredentials(email, token, now) {
      if (token === null) await secrets.delete('unlockToken');
      else await secrets.set('unlockToken', token);
      upsertCredentials.run({ email, now });
    },
    async saveCheck({ licenseFile, serverTime, now, subscription, machineId }) {
      updateCheck.run({ licenseFile, serverTime, now, subscription: JSON.stringify(subscription), machineId });
      await writeFloor(now);
    },
    noteTime(ms) {
      const floor = Math.floor(ms);
      updateTime.run(floor);
      if (floor - storeFloor >= STORE_FLOOR_EVERY_MS) void writeFloor(floor);
    },
    setSession(sessionId, now) {
      updateSession.run(sessionId, now);
    },
    async clear() {
      remove.run();
      await secrets.delete('unlockToken');
    },
  };
}
