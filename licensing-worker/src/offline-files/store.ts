// Issued offline files in D1 (migration 0011): record, list, revoke, and the signed list of
// revoked ids that travels with later online answers.
import type { Database } from '../db/database';
import type { Env } from '../env';
import { uuidv7 } from '../ids';
import type { Hardware, OfflineFilePayload } from '../protocol/offline-license';
import { signOfflineFile, signRevocationList } from './signing';

export interface IssueRequest {
  hardware: Hardware;
  customer: string;
  distributor: string;
  expiresAt: number | null;
}

export interface OfflineFileRow {
  id: string;
  fingerprint: string;
  customer_name: string;
  distributor: string;
  issued_at: number;
  expires_at: number | null;
  issued_by: string;
  kid: string;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/** Signs the file and returns it with the INSERT, so the caller batches it with its audit row. */
export async function issueOfflineFile(env: Env, db: Database, req: IssueRequest, now: number, issuedBy: string) {
  const payload: OfflineFilePayload = {
    v: 1,
    fileId: `olf_${uuidv7(now).replace(/-/g, '')}`,
    hardware: req.hardware,
    customer: req.customer,
    distributor: req.distributor,
    issuedAt: now,
    expiresAt: req.expiresAt,
    seats: 1,
  };
  const signed = await signOfflineFile(env, payload);
  const file = JSON.stringify(signed);
  const insert = db
    .prepare(`INSERT INTO offline_licenses (id, fingerprint, components, customer_name, distributor, issued_at, expires_at, issued_by, kid, license_file)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(payload.fileId, req.hardware.fingerprint, JSON.stringify(req.hardware.components), req.customer, req.distributor, now, req.expiresAt, issuedBy, signed.kid, file);
  return { payload, file, insert };
}

const COLUMNS = 'id, fingerprint, customer_name, distributor, issued_at, expires_at, issued_by, kid, revoked_at, revoked_by, revoke_reason';

export function listOfflineFiles(db: Database, limit: number): Promise<OfflineFileRow[]> {
  return db.all<OfflineFileRow>(`SELECT ${COLUMNS} FROM offline_licenses ORDER BY issued_at DESC, id DESC LIMIT ?`, limit);
}

export function offlineFileById(db: Database, id: string): Promise<(OfflineFileRow & { license_file: string }) | null> {
  return db.first(`SELECT ${COLUMNS}, license_file FROM offline_licenses WHERE id = ?`, id);
}

/**
 * Marks the file revoked (once) and re-signs the list of every revoked id. The list is signed
 * from D1's truth after the update, so two revocations racing both end up in it.
 */
export async function revokeOfflineFile(env: Env, db: Database, id: string, now: number, by: string, reason: string): Promise<boolean> {
  const res = await db.run('UPDATE offline_licenses SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL', now, by, reason, id);
  if (res.meta.changes !== 1) return false;
  await resignRevocationList(env, db, now);
  return true;
}

export async function resignRevocationList(env: Env, db: Database, now: number): Promise<string> {
  const rows = await db.all<{ id: string }>('SELECT id FROM offline_licenses WHERE revoked_at IS NOT NULL ORDER BY id');
  const signed = JSON.stringify(await signRevocationList(env, { v: 1, issuedAt: now, revoked: rows.map((r) => r.id) }));
  await db.run(
    'INSERT INTO offline_revocation_list (id, signed, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET signed = excluded.signed, updated_at = excluded.updated_at WHERE excluded.updated_at >= offline_revocation_list.updated_at',
    signed, now,
  );
  forgetRevocationCache();
  return signed;
}

// ---- the list as later answers carry it: read from D1 at most every few minutes per isolate ----
// (by the isolate's own wall clock: a cache, never the truth; a revocation in this isolate
// empties it at once, other isolates follow within REVOCATIONS_CACHE_MS).

export const REVOCATIONS_CACHE_MS = 5 * 60_000;
let cached: { at: number; signed: string | null } | undefined;

export function forgetRevocationCache(): void {
  cached = undefined;
}

/** The stored signed list (null: nothing was ever revoked). Never signs. */
export async function currentRevocationList(db: Database): Promise<string | null> {
  const now = Date.now();
  if (cached && now - cached.at < REVOCATIONS_CACHE_MS && now >= cached.at) return cached.signed;
  const row = await db.first<{ signed: string }>('SELECT signed FROM offline_revocation_list WHERE id = 1');
  cached = { at: now, signed: row?.signed ?? null };
  return cached.signed;
}
