/**
 * The offline license file and the revocation list in the shop database (migration 014). The
 * rows are not trusted: the file and the list are re-verified (offline keys) whenever read.
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

export interface StoredFile {
  licenseFile: string;
  importedAt: number;
  highestSeenAt: number;
}

export interface OfflineFileStore {
  read(): StoredFile | undefined;
  /** Replaces the file; the time floor is kept (a new file never resets it backwards). */
  save(licenseFile: string, now: number): void;
  remove(): void;
  /** Raises the trusted-time floor of file mode (never lowers it). */
  noteTime(at: number): void;
  revocations(): string | undefined;
  /** Stores a (verified) signed list unless the stored one is newer. True when stored. */
  saveRevocations(signed: string, issuedAt: number, now: number): boolean;
}

export function createOfflineFileStore(getDb: Db | (() => Db)): OfflineFileStore {
  const db = typeof getDb === 'function' ? getDb : () => getDb;
  return {
    read() {
      const row = sql(db(), 'SELECT license_file, imported_at, highest_seen_at FROM offline_license WHERE id = 1').get() as
        | { license_file: string; imported_at: number; highest_seen_at: number }
        | undefined;
      return row ? { licenseFile: row.license_file, importedAt: row.imported_at, highestSeenAt: row.highest_seen_at } : undefined;
    },
    save(licenseFile, now) {
      sql(db(), `INSERT INTO offline_license (id, license_file, imported_at, highest_seen_at) VALUES (1, ?, ?, ?)
                 ON CONFLICT(id) DO UPDATE SET license_file = excluded.license_file, imported_at = excluded.imported_at,
                 highest_seen_at = MAX(offline_license.highest_seen_at, excluded.highest_seen_at)`).run(licenseFile, now, now);
    },
    remove() {
      sql(db(), 'DELETE FROM offline_license WHERE id = 1').run();
    },
    noteTime(at) {
      sql(db(), 'UPDATE offline_license SET highest_seen_at = ? WHERE id = 1 AND highest_seen_at < ?').run(at, at);
    },
    revocations() {
      const row = sql(db(), 'SELECT signed FROM offline_revocations WHERE id = 1').get() as { signed: string } | undefined;
      return row?.signed;
    },
    saveRevocations(signed, issuedAt, now) {
      const r = sql(db(), `INSERT INTO offline_revocations (id, signed, issued_at, updated_at) VALUES (1, ?, ?, ?)
                           ON CONFLICT(id) DO UPDATE SET signed = excluded.signed, issued_at = excluded.issued_at, updated_at = excluded.updated_at
                           WHERE excluded.issued_at >= offline_revocations.issued_at`).run(signed, issuedAt, now);
      return r.changes > 0;
    },
  };
}
