import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { PosError } from '../errors';
import { ensurePrivateDir, ensurePrivateFile, privateIfExists } from '../secrets/file-modes';
import { defaultMigrationsDir, migrate } from './migrations';
import { newestBackup } from './backup-files';

/** The shop's database: a better-sqlite3 handle (one writer per process). */
export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Path of the SQLite file (created if missing). */
  file: string;
  clock?: Clock;
  /** Where backups live; offered when the file is corrupt. Default `<dir of file>/backups`. */
  backupsDir?: string;
  /** Override for tests of the runner. */
  migrationsDir?: string;
  /** Skip applying migrations (restore validation opens a candidate read-only). */
  readonly?: boolean;
}

/**
 * Opens the ledger with the durability settings the design requires: WAL + synchronous=FULL
 * (a paid order survives power loss once the API answered), foreign keys, a busy timeout for
 * the occasional second reader, and a quick_check before anything trusts the file.
 */
export function openDatabase(options: OpenDatabaseOptions): Db {
  const clock = options.clock ?? systemClock;
  const backupsDir = options.backupsDir ?? `${dirname(options.file)}/backups`;
  // Private from the start: the folder 0700, the file 0600 before SQLite opens it (its -wal and
  // -shm copy the file's mode), and repaired when an older version left them world-readable.
  if (!options.readonly) {
    ensurePrivateDir(dirname(options.file));
    ensurePrivateFile(options.file);
  }
  let db: Db;
  try {
    db = new Database(options.file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    throw corrupt(options.file, backupsDir, e);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      for (const suffix of ['-wal', '-shm']) privateIfExists(`${options.file}${suffix}`);
    }
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (e) {
    db.close();
    throw corrupt(options.file, backupsDir, e);
  }
  if (!options.readonly) {
    try {
      migrate(db, clock, options.migrationsDir ?? defaultMigrationsDir);
    } catch (e) {
      db.close();
      throw e;
    }
  }
  return db;
}

function corrupt(file: string, backupsDir: string, cause: unknown): PosError {
  return new PosError('DB_CORRUPT', 'The shop database failed its integrity check', {
    file,
    reason: cause instanceof Error ? cause.message : String(cause),
    newestBackup: newestBackup(backupsDir),
  });
}

/** Full `integrity_check` (slower than quick_check): for restore validation and tests. */
export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}
