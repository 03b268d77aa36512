import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApi, type Api, type SessionStaff } from '../../api';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { getPrintJobPayload } from '../../print/print-queue';
import { printCommands } from '../../print/commands';
import { receiptCommands } from '../receipts/commands';
import { inspectEscPos } from '../receipts/escpos-inspect';
import { reportCommands } from '../reports/commands';
import { settingsCommands } from '../settings/commands';
import { shiftCommands } from './commands';
import { insertCategory, insertSale, insertStaff } from './test-ledger';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let api: Api;
let cashier: SessionStaff;
let manager: SessionStaff;
let owner: SessionStaff;

beforeEach(() => {
  tmp = tempDir('pospal-ops-api-');
  clock = manualClock(Date.UTC(2026, 10, 20, 8, 0));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  const staff = (name: string, role: SessionStaff['role']): SessionStaff => ({ id: insertStaff(db, clock, name, role), name, role });
  cashier = staff('Nikos', 'cashier');
  manager = staff('Maria', 'manager');
  owner = staff('Eleni', 'owner');
  api = createApi({
    db, clock, dataDir: tmp.dir,
    // Reports and shift work whatever the license says; this gate refuses selling.
    license: { canSell: () => false, state: () => 'suspended' },
    commands: { ...shiftCommands, ...reportCommands, ...receiptCommands, ...settingsCommands, ...printCommands },
  });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}
async function errorCode(p: Promise<{ ok: boolean; error?: { code: string } }>): Promise<string | undefined> {
  return (await p).error?.code;
}

describe('roles on shop operations (through the API)', () => {
  it('lets a cashier open a shift, put cash in and read an X-report, but not take cash out, close, read reports or change settings', async () => {
    await ok(api.call('shift.open', { openingFloatCents: 5000 }, cashier));
    await ok(api.call('shift.cashIn', { amountCents: 1000, reason: 'coins' }, cashier));
    await ok(api.call('shift.xReport', {}, cashier));
    expect(await errorCode(api.call('shift.cashOut', { amountCents: 100, reason: 'x' }, cashier))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('shift.close', { countedCashCents: 0 }, cashier))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('shift.zReport', { number: 1 }, cashier))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('reports.sales', { from: '2026-11-20', to: '2026-11-20' }, cashier))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('settings.update', { language: 'en' }, cashier))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('settings.update', { language: 'en' }, manager))).toBe('PERMISSION_DENIED');
    expect(await errorCode(api.call('shift.open', { openingFloatCents: 1 }))).toBe('AUTH_REQUIRED');
    await ok(api.call('settings.update', { language: 'en' }, owner));
    await ok(api.call('shift.cashOut', { amountCents: 100, reason: 'milk' }, manager));
    await ok(api.call('reports.sales', { from: '2026-11-20', to: '2026-11-20' }, manager));
  });

  it('validates inputs into VALIDATION_FAILED and keeps domain errors as codes', async () => {
    expect(await errorCode(api.call('shift.open', { openingFloatCents: 12.5 }, cashier))).toBe('VALIDATION_FAILED');
    expect(await errorCode(api.call('shift.cashIn', { amountCents: 100, reason: '   ' }, cashier))).toBe('VALIDATION_FAILED');
    expect(await errorCode(api.call('reports.sales', { from: '20-11-2026', to: '2026-11-20' }, manager))).toBe('VALIDATION_FAILED');
    expect(await errorCode(api.call('reports.sales', { from: '2026-11-21', to: '2026-11-20' }, manager))).toBe('REPORT_RANGE_INVALID');
    expect(await errorCode(api.call('shift.cashIn', { amountCents: 100, reason: 'x' }, cashier))).toBe('SHIFT_NOT_OPEN');
    expect(await errorCode(api.call('settings.update', { printers: [{ id: 'p', name: 'P', host: '', station: 'kitchen' }] }, owner))).toBe('VALIDATION_FAILED');
  });
});

describe('closing a shift through the API', () => {
  it('closes with a Z-report, queues it on the receipt printer, and marks later prints REPRINT', async () => {
    await ok(api.call('settings.update', {
      printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }],
    }, owner));
    await ok(api.call('shift.open', { openingFloatCents: 5000 }, cashier));
    const cat = insertCategory(db, clock, 'Καφέδες');
    insertSale(db, clock, { staffId: cashier.id, lines: [{ categoryId: cat, name: 'Espresso', qty: 2, unitPriceCents: 250, rateBp: 2400 }], payments: [{ method: 'cash', amountCents: 500 }] });
    clock.advance(60_000);
    const closed = await ok(api.call<{ zReport: { number: number; summary: { cash: { expectedCents: number } } }; printJob: { id: string } }>(
      'shift.close', { countedCashCents: 5500 }, manager));
    expect(closed.zReport.number).toBe(1);
    expect(closed.zReport.summary.cash.expectedCents).toBe(5500);
    const first = inspectEscPos(getPrintJobPayload(db, closed.printJob.id), 'cp737');
    expect(first).toContain('ΑΝΑΦΟΡΑ Ζ #1');
    expect(first).toContain('Αναμενόμενα');
    expect(first).not.toContain('ΑΝΑΤΥΠΩΣΗ');
    const again = await ok(api.call<{ id: string }>('shift.printZReport', { number: 1 }, manager));
    expect(inspectEscPos(getPrintJobPayload(db, again.id), 'cp737')).toContain('ΑΝΑΤΥΠΩΣΗ');
    const jobs = await ok(api.call<{ kind: string; status: string }[]>('print.jobs', {}, cashier));
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([['report', 'pending'], ['report', 'pending']]);
  });

  it('closes the shift even when no printer is set up, and says why nothing printed', async () => {
    await ok(api.call('shift.open', { openingFloatCents: 0 }, cashier));
    const closed = await ok(api.call<{ printJob: null; printError: { code: string } }>('shift.close', { countedCashCents: 0 }, manager));
    expect(closed.printJob).toBeNull();
    expect(closed.printError.code).toBe('PRINTER_NOT_FOUND');
    expect(await ok(api.call('shift.current', {}, cashier))).toBeNull();
  });

  it('exports a report section as CSV', async () => {
    const csv = await ok(api.call<{ fileName: string; content: string }>('reports.csv', { from: '2026-11-20', to: '2026-11-20', section: 'byHour' }, manager));
    expect(csv.fileName).toBe('pospal-byHour-2026-11-20_2026-11-20.csv');
    expect(csv.content.split('\r\n')[0]).toBe('\uFEFFhour,orders,total');
  });
});
