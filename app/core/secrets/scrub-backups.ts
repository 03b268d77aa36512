/**
 * Backups written before migration 006 still hold the unlock token in `license_cache`. At
 * start, each one that does is rewritten without it: a copy (0600) is blanked, vacuumed (no
 * old page keeps the bytes) and checked, then renamed over the original, so a crash at any
 * point leaves either the old backup or the clean one, never a broken file. Nothing else in a
 * backup changes. Files that aren't readable databases are left alone (restore explains them).
 */
import { existsSync, readdirSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateIfExists } from './file-modes';

function holdsToken(file: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return db.prepare("SELECT 1 FROM license_cache WHERE token <> ''").get() !== undefined;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Returns the backups it rewrote. */
export function scrubTokenFromBackups(backupsDir: string): string[] {
  if (!existsSync(backupsDir)) return [];
  const scrubbed: string[] = [];
  for (const name of readdirSync(backupsDir)) {
    if (!name.endsWith('.sqlite3')) continue;
    const file = join(backupsDir, name);
    if (!holdsToken(file)) continue;
    const temp = `${file}.scrub`;
    rmSync(temp, { force: true });
    copyFileSync(file, temp);
    privateIfExists(temp);
    const db = new Database(temp, { fileMustExist: true });
    let ok = false;
    try {
      db.pragma('secure_delete = ON');
      db.prepare("UPDATE license_cache SET token = ''").run();
      db.exec('VACUUM');
      ok = String(db.pragma('integrity_check', { simple: true })) === 'ok';
    } finally {
      db.close();
    }
    if (!ok) {
      rmSync(temp, { force: true });
      continue;
    }
    renameSync(temp, file);
    scrubbed.push(file);
  }
  return scrubbed;
}
