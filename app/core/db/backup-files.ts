import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Daily backups are named `pospal-YYYY-MM-DD.sqlite3`, so names sort by date. */
export const BACKUP_RE = /^pospal-(\d{4}-\d{2}-\d{2})\.sqlite3$/;

export function backupFileName(day: string): string {
  return `pospal-${day}.sqlite3`;
}

export interface BackupEntry { file: string; day: string }

export function listBackups(backupsDir: string): BackupEntry[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .map((name) => ({ name, m: BACKUP_RE.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ file: join(backupsDir, name), day: m[1] ?? '' }))
    .sort((a, b) => (a.day < b.day ? 1 : -1));
}

export function newestBackup(backupsDir: string): string | null {
  return listBackups(backupsDir)[0]?.file ?? null;
}
