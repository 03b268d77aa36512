/**
 * Numbered SQL migrations: every `NNN_name.sql` in the folder, applied in numeric order, each
 * in its own transaction, recorded in `schema_migrations`. A database touched by a newer app
 * (a higher id than any file we ship) is refused rather than guessed at, and so is one whose
 * recorded ids/names disagree with our files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import { PosError } from '../errors';

export interface MigrationFile {
  id: number;
  name: string;
  sql: string;
}

export const defaultMigrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

const FILE_RE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function readMigrationFiles(dir: string = defaultMigrationsDir): MigrationFile[] {
  const files = readdirSync(dir)
    .map((f) => ({ f, m: FILE_RE.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => ({ id: Number(m[1]), name: m[2] ?? '', sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.id - b.id);
  for (let i = 1; i < files.length; i++) {
    if (files[i]?.id === files[i - 1]?.id) {
      throw new PosError('DB_MIGRATIONS_MISMATCH', `Two migration files share id ${files[i]?.id}`);
    }
  }
  return files;
}

interface AppliedRow { id: number; name: string }

export function appliedMigrations(db: BetterSqlite3.Database): AppliedRow[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  return db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as AppliedRow[];
}

/** Applies pending migrations; returns the ids it applied. */
export function migrate(db: BetterSqlite3.Database, clock: Clock, dir: string = defaultMigrationsDir): number[] {
  const files = readMigrationFiles(dir);
  const applied = appliedMigrations(db);
  const newestFile = files.at(-1)?.id ?? 0;
  const newestApplied = applied.at(-1)?.id ?? 0;
  if (newestApplied > newestFile) {
    throw new PosError('DB_FROM_NEWER_APP', 'This database was written by a newer version of POSPal', {
      databaseVersion: newestApplied,
      appVersion: newestFile,
    });
  }
  const byId = new Map(files.map((f) => [f.id, f]));
  for (const row of applied) {
    const file = byId.get(row.id);
    if (!file || file.name !== row.name) {
      throw new PosError('DB_MIGRATIONS_MISMATCH', 'The database migrations do not match this app', {
        id: row.id, databaseName: row.name, appName: file?.name ?? null,
      });
    }
  }
  const appliedIds = new Set(applied.map((r) => r.id));
  const pending = files.filter((f) => !appliedIds.has(f.id));
  // A gap below the newest applied id means the histories forked: refuse instead of reordering.
  const gap = pending.find((f) => f.id < newestApplied);
  if (gap) {
    throw new PosError('DB_MIGRATIONS_MISMATCH', 'A migration older than the database is missing from it', { id: gap.id, name: gap.name });
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const file of pending) {
    const apply = db.transaction(() => {
      db.exec(file.sql);
      record.run(file.id, file.name, clock.now());
    });
    try {
      apply();
    } catch (e) {
      throw new PosError('DB_MIGRATION_FAILED', `Migration ${file.id}_${file.name} failed`, {
        id: file.id, name: file.name, reason: e instanceof Error ? e.message : String(e),
      });
    }
    done.push(file.id);
  }
  return done;
}
