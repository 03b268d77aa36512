/**
 * Backups of the shop's ledger with SQLite's online backup API (consistent while the till
 * keeps selling): one file per day in `<dataDir>/backups`, the 14 newest kept. Restore
 * validates the chosen file first (a POSPal database, integrity ok, not from a newer app),
 * keeps a copy of the current database, then swaps the files and reopens.
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { PosError } from '../errors';
import { ensurePrivateDir, ensurePrivateFile, privateIfExists } from '../secrets/file-modes';
import { backupFileName, listBackups } from './backup-files';
import type { BackupEntry } from './backup-files';
import { openDatabase } from './connection';
import type { Db } from './connection';
import { defaultMigrationsDir, readMigrationFiles } from './migrations';

export const KEEP_BACKUPS = 14;

export function backupsDirOf(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function localDate(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(epochMs));
}

export interface BackupInfo extends BackupEntry { bytes: number }

export function listBackupFiles(dataDir: string): BackupInfo[] {
  return listBackups(backupsDirOf(dataDir)).map((b) => ({ ...b, bytes: statSync(b.file).size }));
}

/** Writes a consistent copy to `target` (via a temp name, so a crash never leaves a half file), 0600. */
export async function backupTo(db: Db, target: string): Promise<string> {
  ensurePrivateDir(dirname(target));
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  ensurePrivateFile(partial);
  await db.backup(partial);
  privateIfExists(partial);
  renameSync(partial, target);
  return target;
}

export interface DailyBackupResult { file: string; created: boolean; removed: string[] }

/** Today's backup if it does not exist yet, then rotation to the newest `keep`. */
export async function runDailyBackup(
  db: Db, opts: { dataDir: string; clock: Clock; timeZone: string; keep?: number; force?: boolean },
): Promise<DailyBackupResult> {
  const dir = backupsDirOf(opts.dataDir);
  const file = join(dir, backupFileName(localDate(opts.clock.now(), opts.timeZone)));
  const created = opts.force === true || !existsSync(file);
  if (created) await backupTo(db, file);
  const removed = listBackups(dir).slice(opts.keep ?? KEEP_BACKUPS).map((b) => b.file);
  for (const f of removed) rmSync(f, { force: true });
  return { file, created, removed };
}

/** Checks a file is a POSPal database this app can open, without changing it. */
export function validateBackup(file: string, migrationsDir: string = defaultMigrationsDir): { newestMigration: number } {
  if (!existsSync(file)) throw new PosError('BACKUP_NOT_FOUND', 'No such backup file', { file: basename(file) });
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = String(db.pragma('integrity_check', { simple: true }));
    if (check !== 'ok') throw new PosError('BACKUP_INVALID', 'The backup failed its integrity check', { file: basename(file), reason: check });
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    for (const t of ['schema_migrations', 'staff', 'orders', 'payments']) {
      if (!tables.has(t)) throw new PosError('BACKUP_INVALID', 'This file is not a POSPal database', { file: basename(file), missing: t });
    }
    const newest = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM schema_migrations').get() as { n: number }).n;
    const appNewest = readMigrationFiles(migrationsDir).at(-1)?.id ?? 0;
    if (newest > appNewest) throw new PosError('DB_FROM_NEWER_APP', 'The backup was written by a newer version of POSPal', { databaseVersion: newest, appVersion: appNewest });
    return { newestMigration: newest };
  } catch (e) {
    if (e instanceof PosError) throw e;
    throw new PosError('BACKUP_INVALID', 'This file is not a readable database', { file: basename(file), reason: e instanceof Error ? e.message : String(e) });
  } finally {
    db?.close();
  }
}

export interface RestoreResult { db: Db; restoredFrom: string; previousCopy: string | null }

/**
 * Replaces the database file with a backup. `current` (if open) is copied first to
 * `backups/pre-restore-<ms>.sqlite3` and closed. Also usable when the current file is too
 * damaged to open (pass `current: null`): the damaged file is kept aside the same way.
 */
export async function restoreBackup(opts: { current: Db | null; file: string; backupFile: string; clock: Clock; migrationsDir?: string }): Promise<RestoreResult> {
  validateBackup(opts.backupFile, opts.migrationsDir);
  const dir = join(dirname(opts.file), 'backups');
  const previousCopy = join(dir, `pre-restore-${opts.clock.now()}.sqlite3`);
  if (opts.current) {
    await backupTo(opts.current, previousCopy);
    opts.current.close();
  } else if (existsSync(opts.file)) {
    ensurePrivateDir(dir);
    copyFileSync(opts.file, previousCopy);
    privateIfExists(previousCopy);
  }
  const staged = `${opts.file}.restoring`;
  copyFileSync(opts.backupFile, staged);
  privateIfExists(staged);
  for (const suffix of ['-wal', '-shm']) rmSync(`${opts.file}${suffix}`, { force: true });
  renameSync(staged, opts.file);
  const db = openDatabase({ file: opts.file, clock: opts.clock, ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}) });
  return { db, restoredFrom: opts.backupFile, previousCopy: existsSync(previousCopy) ? previousCopy : null };
}

/** Background daily backups for a running app (checks hourly; the timer never keeps the process alive). */
export function startDailyBackups(opts: { getDb: () => Db; dataDir: string; clock: Clock; timeZone: () => string; everyMs?: number; onError?: (e: unknown) => void }): () => void {
  const tick = () => {
    runDailyBackup(opts.getDb(), { dataDir: opts.dataDir, clock: opts.clock, timeZone: opts.timeZone() }).catch((e: unknown) => opts.onError?.(e));
  };
  tick();
  const timer = setInterval(tick, opts.everyMs ?? 60 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
