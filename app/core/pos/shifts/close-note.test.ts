/**
 * Issue 11 item 11 (core side): the closing note is frozen into the Z-report and printed on it
 * (and on every reprint); the next opening float can start from the cash counted at the close.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApi, type Api, type SessionStaff } from '../../api';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { getPrintJobPayload } from '../../print/print-queue';
import { inspectEscPos } from '../receipts/escpos-inspect';
import { settingsCommands } from '../settings/commands';
import { shiftCommands } from './commands';
import { insertStaff } from './test-ledger';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let api: Api;
let cashier: SessionStaff;
let manager: SessionStaff;
let owner: SessionStaff;

beforeEach(() => {
  tmp = tempDir('pospal-close-note-');
  clock = manualClock(Date.UTC(2026, 10, 20, 8, 0));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  const staff = (name: string, role: SessionStaff['role']): SessionStaff => ({ id: insertStaff(db, clock, name, role), name, role });
  cashier = staff('Nikos', 'cashier');
  manager = staff('Maria', 'manager');
  owner = staff('Eleni', 'owner');
  api = createApi({ db, clock, dataDir: tmp.dir, license: { canSell: () => true, state: () => 'active' }, commands: { ...shiftCommands, ...settingsCommands } });
});
afterEach(() => { db.close(); tmp.cleanup(); });

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}

describe('the closing note', () => {
  it('is on the Z-report, printed, and on its reprint; a close without a note prints no note heading', async () => {
    await ok(api.call('settings.update', { language: 'en', printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, owner));
    await ok(api.call('shift.open', { openingFloatCents: 5000 }, cashier));
    clock.advance(60_000);
    const closed = await ok(api.call<{ zReport: { number: number; summary: { closeNote?: string } }; printJob: { id: string } }>(
      'shift.close', { countedCashCents: 3000, note: '  20 EUR paid to the baker from the till  ' }, manager));
    expect(closed.zReport.summary.closeNote).toBe('20 EUR paid to the baker from the till');
    const printed = inspectEscPos(getPrintJobPayload(db, closed.printJob.id), 'cp737');
    expect(printed).toContain('Note');
    expect(printed).toContain('20 EUR paid to the baker from the till');
    const again = await ok(api.call<{ id: string }>('shift.printZReport', { number: 1 }, manager));
    expect(inspectEscPos(getPrintJobPayload(db, again.id), 'cp737')).toContain('paid to the baker');
    const stored = await ok(api.call<{ summary: { closeNote?: string } }>('shift.zReport', { number: 1 }, manager));
    expect(stored.summary.closeNote).toBe('20 EUR paid to the baker from the till');

    await ok(api.call('shift.open', { openingFloatCents: 3000 }, cashier));
    clock.advance(60_000);
    const plain = await ok(api.call<{ zReport: { summary: { closeNote?: string } }; printJob: { id: string } }>('shift.close', { countedCashCents: 3000 }, manager));
    expect(plain.zReport.summary.closeNote).toBeUndefined();
    expect(inspectEscPos(getPrintJobPayload(db, plain.printJob.id), 'cp737')).not.toMatch(/\bNote\b/);
  });
});

describe('the next opening float', () => {
  it('is suggested from the cash counted at the last close (none before the first close)', async () => {
    expect(await ok(api.call('shift.floatSuggestion', {}, cashier))).toBeNull();
    await ok(api.call('shift.open', { openingFloatCents: 5000 }, cashier));
    expect(await ok(api.call('shift.floatSuggestion', {}, cashier))).toBeNull();
    clock.advance(60_000);
    await ok(api.call('shift.close', { countedCashCents: 20_850 }, manager));
    expect(await ok(api.call('shift.floatSuggestion', {}, cashier))).toEqual({ countedCashCents: 20_850, shiftNumber: 1, closedAt: clock.now() });
    const r = await api.call('shift.floatSuggestion', {}, null);
    expect(r.ok ? null : r.error.code).toBe('AUTH_REQUIRED');
  });
});
