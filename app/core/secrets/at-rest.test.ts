/**
 * Issue 9, rule 4 with real files: the data folder is 0700 and its files 0600 (at creation and
 * repaired at start), and no copy of the shop database (the file, its WAL, a backup) holds the
 * unlock token once the move out of license_cache has run.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { backupsDirOf, restoreBackup, runDailyBackup, validateBackup } from '../db/backups';
import { integrityCheck, openDatabase } from '../db/connection';
import { tempDir } from '../db/test-helpers';
import { createLicenseCache } from '../license/cache';
import { repairDataDirModes } from './file-modes';
import { fileSecretStore, secretsFileOf } from './file-store';
import { moveTokenOutOfDb } from './move-token';
import { scrubTokenFromBackups } from './scrub-backups';
import { memorySecretStore, type SecretStore } from './secret-store';
import { databaseFrom005 as legacy } from './test-legacy';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => { tmp = tempDir('pospal-at-rest-'); });
afterEach(() => tmp.cleanup());

const mode = (path: string) => statSync(path).mode & 0o777;
const TOKEN = 'POS-LEAKY-TOKEN-QWERT-YUIOP';
const T0 = Date.UTC(2026, 4, 4, 9);

const databaseFrom005 = (dataDir: string) => legacy(dataDir, TOKEN, T0);

const contains = (file: string, text: string) => existsSync(file) && readFileSync(file).includes(Buffer.from(text));

describe('file modes', () => {
  it('a new data folder is 0700; pospal.db, its -wal and -shm, backups and their folder are 0600/0700', async () => {
    const dataDir = join(tmp.dir, 'data');
    const file = join(dataDir, 'pospal.db');
    const db = openDatabase({ file, clock: manualClock(T0) });
    db.prepare("INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES ('t', 'VAT', 2400, 0)").run();
    expect(mode(dataDir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
    const backup = await runDailyBackup(db, { dataDir, clock: manualClock(T0), timeZone: 'Europe/Athens' });
    expect(mode(backupsDirOf(dataDir))).toBe(0o700);
    expect(mode(backup.file)).toBe(0o600);
    const restored = await restoreBackup({ current: db, file, backupFile: backup.file, clock: manualClock(T0 + 1) });
    expect(mode(file)).toBe(0o600);
    expect(restored.previousCopy && mode(restored.previousCopy)).toBe(0o600);
    restored.db.close();
  });

  it('a world-readable data folder (an older version, an unzip) is repaired at start', () => {
    const dataDir = join(tmp.dir, 'data');
    const file = join(dataDir, 'pospal.db');
    openDatabase({ file, clock: manualClock(T0) }).close();
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'pospal.log'), 'x');
    mkdirSync(backupsDirOf(dataDir));
    writeFileSync(join(backupsDirOf(dataDir), 'pospal-2026-05-01.sqlite3'), 'x');
    writeFileSync(secretsFileOf(dataDir), '{}');
    for (const d of [dataDir, join(dataDir, 'logs'), backupsDirOf(dataDir)]) chmodSync(d, 0o755);
    for (const f of [file, join(dataDir, 'logs', 'pospal.log'), join(backupsDirOf(dataDir), 'pospal-2026-05-01.sqlite3'), secretsFileOf(dataDir)]) chmodSync(f, 0o644);

    const changed = repairDataDirModes(dataDir);
    expect(changed).toHaveLength(7);
    for (const d of [dataDir, join(dataDir, 'logs'), backupsDirOf(dataDir)]) expect(mode(d)).toBe(0o700);
    for (const f of [file, join(dataDir, 'logs', 'pospal.log'), join(backupsDirOf(dataDir), 'pospal-2026-05-01.sqlite3'), secretsFileOf(dataDir)]) expect(mode(f)).toBe(0o600);
    expect(repairDataDirModes(dataDir)).toEqual([]);
  });
});

describe('the unlock token moves out of the shop database (migration 006)', () => {
  it('after the move neither the database file, its WAL nor a backup holds the token; the license stays', async () => {
    const dataDir = join(tmp.dir, 'data');
    const file = databaseFrom005(dataDir);
    expect(contains(file, TOKEN) || contains(`${file}-wal`, TOKEN)).toBe(true);
    const db = openDatabase({ file, clock: manualClock(T0) });
    const secrets = fileSecretStore({ file: secretsFileOf(dataDir) });
    expect(await moveTokenOutOfDb(db, secrets)).toBe('moved');
    expect(await secrets.get('unlockToken')).toBe(TOKEN);
    expect(await secrets.get('highestTrustedTime')).toBe(String(T0));
    expect(db.prepare('SELECT customer_email, token, license_file FROM license_cache').get()).toEqual({ customer_email: 'owner@cafe.example', token: '', license_file: '{"signed":1}' });
    expect(integrityCheck(db)).toBe('ok');

    const backup = await runDailyBackup(db, { dataDir, clock: manualClock(T0), timeZone: 'Europe/Athens' });
    expect(contains(backup.file, TOKEN)).toBe(false);
    expect(contains(file, TOKEN)).toBe(false);
    expect(contains(`${file}-wal`, TOKEN)).toBe(false);
    // Idempotent: a second start finds nothing to move and keeps the token in the store.
    expect(await moveTokenOutOfDb(db, secrets)).toBe('none');
    expect(await createLicenseCache(db, secrets).read()).toMatchObject({ email: 'owner@cafe.example', token: TOKEN });
    db.close();
  });

  it('a store that cannot be written keeps the token in the database (blanked only after the store has it)', async () => {
    const file = databaseFrom005(join(tmp.dir, 'data'));
    const db = openDatabase({ file, clock: manualClock(T0) });
    const failing: SecretStore = { ...memorySecretStore(), set: async () => { throw new Error('disk full'); } };
    await expect(moveTokenOutOfDb(db, failing)).rejects.toThrow('disk full');
    expect(db.prepare('SELECT token FROM license_cache').get()).toEqual({ token: TOKEN });
    // The cache still works from the old copy until the move succeeds.
    expect(await createLicenseCache(db, failing).read()).toMatchObject({ token: TOKEN });
    db.close();
  });

  it('a token already in the store is the newer one: the old copy in the database just goes', async () => {
    const file = databaseFrom005(join(tmp.dir, 'data'));
    const db = openDatabase({ file, clock: manualClock(T0) });
    const secrets = memorySecretStore({ unlockToken: 'POS-NEWER-TOKEN-AAAAA-BBBBB' });
    expect(await moveTokenOutOfDb(db, secrets)).toBe('kept_store');
    expect(await secrets.get('unlockToken')).toBe('POS-NEWER-TOKEN-AAAAA-BBBBB');
    expect(db.prepare('SELECT token FROM license_cache').get()).toEqual({ token: '' });
    db.close();
  });

  it('a pre-006 backup restored later has its token moved out on the first read', async () => {
    const dataDir = join(tmp.dir, 'data');
    const file = databaseFrom005(dataDir);
    const db = openDatabase({ file, clock: manualClock(T0) });
    const secrets = memorySecretStore();
    expect(await createLicenseCache(db, secrets).read()).toMatchObject({ token: TOKEN });
    expect(db.prepare('SELECT token FROM license_cache').get()).toEqual({ token: '' });
    db.close();
  });

  it('backups taken before the upgrade are rewritten without the token, and stay valid backups', async () => {
    const dataDir = join(tmp.dir, 'data');
    const file = databaseFrom005(dataDir);
    mkdirSync(backupsDirOf(dataDir));
    const old = join(backupsDirOf(dataDir), 'pospal-2026-05-01.sqlite3');
    copyFileSync(file, old);
    expect(contains(old, TOKEN)).toBe(true);
    expect(scrubTokenFromBackups(backupsDirOf(dataDir))).toEqual([old]);
    expect(contains(old, TOKEN)).toBe(false);
    expect(mode(old)).toBe(0o600);
    expect(validateBackup(old).newestMigration).toBe(5);
    expect(scrubTokenFromBackups(backupsDirOf(dataDir))).toEqual([]);
    const restored = await restoreBackup({ current: null, file, backupFile: old, clock: manualClock(T0) });
    expect(restored.db.prepare('SELECT customer_email, token FROM license_cache').get()).toEqual({ customer_email: 'owner@cafe.example', token: '' });
    restored.db.close();
  });
});
