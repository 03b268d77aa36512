import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { PosError } from '../errors';
import { integrityCheck, openDatabase } from './connection';
import { defaultMigrationsDir, readMigrationFiles } from './migrations';
import { tempDir } from './test-helpers';
import { uuidv7, UUID_RE } from './uuid';

const clock = manualClock(Date.UTC(2026, 0, 15, 12));
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function dir() {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

function expectPosError(fn: () => unknown, code: string): PosError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PosError);
    expect((e as PosError).code).toBe(code);
    return e as PosError;
  }
  throw new Error(`expected ${code}`);
}

describe('openDatabase', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and applies the migrations once', () => {
    const file = join(dir(), 'shop.sqlite3');
    const db = openDatabase({ file, clock });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const applied = db.prepare('SELECT id FROM schema_migrations').all();
    expect(applied.length).toBeGreaterThanOrEqual(1);
    db.close();
    const again = openDatabase({ file, clock });
    expect(again.prepare('SELECT id FROM schema_migrations').all()).toEqual(applied);
    expect(integrityCheck(again)).toBe('ok');
    again.close();
  });

  it('refuses a database from a newer app with DB_FROM_NEWER_APP', () => {
    const d = dir();
    const file = join(d, 'shop.sqlite3');
    // An older app ships only 001; a newer one (ours, with 002+) already wrote to the file.
    expect(readMigrationFiles().length).toBeGreaterThanOrEqual(1);
    const oldDir = join(d, 'old-migrations');
    mkdirSync(oldDir);
    copyFileSync(join(defaultMigrationsDir, '001_core.sql'), join(oldDir, '001_core.sql'));
    const db = openDatabase({ file, clock, migrationsDir: oldDir });
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', 0)").run();
    db.close();
    const err = expectPosError(() => openDatabase({ file, clock, migrationsDir: oldDir }), 'DB_FROM_NEWER_APP');
    expect(err.details).toMatchObject({ databaseVersion: 999, appVersion: 1 });
  });

  it('refuses when applied migrations and files disagree', () => {
    const d = dir();
    const migrations = join(d, 'm');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(migrations, '002_b.sql'), 'CREATE TABLE b (x);');
    const file = join(d, 'x.sqlite3');
    openDatabase({ file, clock, migrationsDir: migrations }).close();
    writeFileSync(join(migrations, '002_b.sql'), '');
    const renamed = join(d, 'm2');
    mkdirSync(renamed);
    writeFileSync(join(renamed, '001_a.sql'), '');
    writeFileSync(join(renamed, '002_other.sql'), '');
    expectPosError(() => openDatabase({ file, clock, migrationsDir: renamed }), 'DB_MIGRATIONS_MISMATCH');
  });

  it('runs each migration in a transaction: a failing one leaves nothing behind', () => {
    const d = dir();
    const migrations = join(d, 'm');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.sql'), 'CREATE TABLE a (x);');
    writeFileSync(join(migrations, '002_bad.sql'), 'CREATE TABLE b (x); INSERT INTO nope VALUES (1);');
    const file = join(d, 'x.sqlite3');
    expectPosError(() => openDatabase({ file, clock, migrationsDir: migrations }), 'DB_MIGRATION_FAILED');
    writeFileSync(join(migrations, '002_bad.sql'), 'CREATE TABLE b (x);');
    const db = openDatabase({ file, clock, migrationsDir: migrations });
    expect(db.prepare('SELECT id FROM schema_migrations ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }]);
    db.close();
  });

  it('reports a corrupt file as DB_CORRUPT with the newest backup', () => {
    const d = dir();
    const backups = join(d, 'backups');
    mkdirSync(backups);
    writeFileSync(join(backups, 'pospal-2026-01-13.sqlite3'), '');
    writeFileSync(join(backups, 'pospal-2026-01-14.sqlite3'), '');
    const file = join(d, 'shop.sqlite3');
    writeFileSync(file, Buffer.alloc(8192, 7));
    const err = expectPosError(() => openDatabase({ file, clock }), 'DB_CORRUPT');
    expect(err.details?.newestBackup).toBe(join(backups, 'pospal-2026-01-14.sqlite3'));
    expect(readdirSync(backups)).toHaveLength(2);
  });
});

describe('uuidv7', () => {
  it('makes version-7 ids that sort by creation', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7(clock));
    for (const id of ids) {
      expect(id).toMatch(UUID_RE);
      expect(id[14]).toBe('7');
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
