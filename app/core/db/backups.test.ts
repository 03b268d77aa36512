import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../api/test-shop';
import type { TestShop } from '../api/test-shop';
import { PosError } from '../errors';
import type { OrderView } from '../pos/orders/order-view';
import { listBackupFiles, restoreBackup, runDailyBackup, startDailyBackups, validateBackup } from './backups';
import { openDatabase } from './connection';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

const DAY = 86_400_000;
const tz = 'Europe/Athens';

describe('backups', () => {
  it('makes one backup per day and keeps the 14 newest', async () => {
    const first = await runDailyBackup(shop.db, { dataDir: shop.dir, clock: shop.clock, timeZone: tz });
    expect(first.created).toBe(true);
    expect(basename(first.file)).toBe('pospal-2026-06-15.sqlite3');
    expect((await runDailyBackup(shop.db, { dataDir: shop.dir, clock: shop.clock, timeZone: tz })).created).toBe(false);
    for (let d = 1; d < 20; d++) {
      shop.clock.advance(DAY);
      await runDailyBackup(shop.db, { dataDir: shop.dir, clock: shop.clock, timeZone: tz });
    }
    const files = listBackupFiles(shop.dir);
    expect(files).toHaveLength(14);
    expect(files[0]?.day).toBe('2026-07-04');
    expect(files.at(-1)?.day).toBe('2026-06-21');
  });

  it('restores a chosen backup through the API, keeping a copy of the current data', async () => {
    const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    await shop.ok('backup.run', {}, shop.owner);
    // After the backup: another order that the restore will roll back.
    const later = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    const r = await shop.ok<{ restoredFrom: string; previousCopy: string }>('backup.restore', { name: 'pospal-2026-06-15.sqlite3' }, shop.owner);
    expect(r.restoredFrom).toBe('pospal-2026-06-15.sqlite3');
    expect((await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier)).id).toBe(o.id);
    expect((await shop.fail('order.get', { orderId: later.id }, shop.cashier)).code).toBe('ORDER_NOT_FOUND');
    // The pre-restore copy still holds the rolled-back order.
    const copy = openDatabase({ file: join(shop.dir, 'backups', r.previousCopy), clock: shop.clock, readonly: true });
    expect(copy.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 2 });
    copy.close();
    expect((await shop.fail('backup.restore', { name: '../shop.sqlite3' }, shop.owner)).code).toBe('VALIDATION_FAILED');
    expect((await shop.fail('backup.restore', { name: 'pospal-2020-01-01.sqlite3' }, shop.owner)).code).toBe('BACKUP_NOT_FOUND');
  });

  it('refuses to restore a file that is not a healthy POSPal database', async () => {
    const junk = join(shop.dir, 'backups', 'pospal-2026-01-01.sqlite3');
    await runDailyBackup(shop.db, { dataDir: shop.dir, clock: shop.clock, timeZone: tz });
    writeFileSync(junk, 'not a database at all'.repeat(500));
    expect(() => validateBackup(junk)).toThrow(PosError);
    expect((await shop.fail('backup.restore', { name: 'pospal-2026-01-01.sqlite3' }, shop.owner)).code).toBe('BACKUP_INVALID');
    // The current database is untouched and still open.
    expect(await shop.ok('order.listActive', {}, shop.cashier)).toEqual([]);
  });

  it('a corrupt database at start points at the newest backup, which restores it', async () => {
    const backup = await runDailyBackup(shop.db, { dataDir: shop.dir, clock: shop.clock, timeZone: tz });
    shop.db.close();
    writeFileSync(shop.file, Buffer.alloc(64 * 1024, 0xab));
    let err: PosError | undefined;
    try { openDatabase({ file: shop.file, clock: shop.clock }); } catch (e) { err = e as PosError; }
    expect(err?.code).toBe('DB_CORRUPT');
    expect(err?.details?.newestBackup).toBe(backup.file);
    const r = await restoreBackup({ current: null, file: shop.file, backupFile: backup.file, clock: shop.clock });
    expect(existsSync(r.previousCopy ?? '')).toBe(true);
    expect((r.db.prepare('SELECT COUNT(*) AS n FROM staff').get() as { n: number }).n).toBe(3);
    r.db.close();
  });
});

describe('startDailyBackups', () => {
  it('backs up at once and stops cleanly', async () => {
    const stop = startDailyBackups({ getDb: () => shop.db, dataDir: shop.dir, clock: shop.clock, timeZone: () => tz });
    for (let i = 0; i < 50 && listBackupFiles(shop.dir).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(listBackupFiles(shop.dir).map((b) => b.day)).toEqual(['2026-06-15']);
  });
});
