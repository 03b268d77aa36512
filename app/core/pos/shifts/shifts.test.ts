import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { PosError } from '../../errors';
import { closeShift, currentShift, getZReport, listZReports, openShift, recordCashMovement, xReport } from './shifts';
import { insertCategory, insertRefund, insertSale, insertStaff, voidPaidOrder } from './test-ledger';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let cashier: string;
let manager: string;
let coffee: string;
let food: string;

beforeEach(() => {
  tmp = tempDir('pospal-shifts-');
  clock = manualClock(Date.UTC(2026, 10, 20, 7, 0));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  cashier = insertStaff(db, clock, 'Nikos', 'cashier');
  manager = insertStaff(db, clock, 'Maria', 'manager');
  coffee = insertCategory(db, clock, 'Καφέδες');
  food = insertCategory(db, clock, 'Φαγητό');
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof PosError ? e.code : `not a PosError: ${String(e)}`;
  }
  return undefined;
}

const espresso = (qty = 1) => ({ categoryId: coffee, name: 'Espresso', qty, unitPriceCents: 250, rateBp: 2400 });
const toast = (qty = 1) => ({ categoryId: food, name: 'Toast', qty, unitPriceCents: 400, rateBp: 1300 });

describe('a shift from float to Z-report', () => {
  it('adds up sales, cash in/out, refunds and voids into expected vs counted cash', () => {
    openShift(db, clock, cashier, 10_000);
    clock.advance(60_000);
    insertSale(db, clock, { staffId: cashier, lines: [espresso(2), toast()], payments: [{ method: 'cash', amountCents: 900, tenderedCents: 1000 }] });
    clock.advance(60_000);
    const card = insertSale(db, clock, { staffId: cashier, lines: [toast(2)], payments: [{ method: 'card', amountCents: 800 }] });
    clock.advance(60_000);
    const discounted = insertSale(db, clock, { staffId: cashier, lines: [espresso(4)], orderDiscountBp: 1000, payments: [{ method: 'cash', amountCents: 900 }] });
    expect(discounted.totalCents).toBe(900);
    clock.advance(60_000);
    const voided = insertSale(db, clock, { staffId: cashier, lines: [espresso()], payments: [{ method: 'cash', amountCents: 250 }] });
    voidPaidOrder(db, clock, voided.orderId, manager);
    insertSale(db, clock, { staffId: cashier, lines: [espresso(), { ...toast(), voided: true }], payments: [{ method: 'cash', amountCents: 250 }] });
    insertRefund(db, clock, { orderId: card.orderId, amountCents: 400, method: 'card', staffId: manager });
    insertRefund(db, clock, { orderId: discounted.orderId, amountCents: 225, method: 'cash', staffId: manager });
    recordCashMovement(db, clock, cashier, { kind: 'in', amountCents: 2_000, reason: 'coins from the bank' });
    recordCashMovement(db, clock, manager, { kind: 'out', amountCents: 1_500, reason: 'milk delivery' });
    // An unpaid order is not a sale.
    insertSale(db, clock, { staffId: cashier, lines: [espresso(9)], payments: null });
    clock.advance(60_000);

    const x = xReport(db, clock);
    expect(x.sales.orderCount).toBe(4);
    expect(x.sales.totalCents).toBe(900 + 800 + 900 + 250);
    expect(x.byMethod).toEqual([
      { method: 'card', count: 1, amountCents: 800 },
      // 900 + 900 + 250 (voided) − 250 (reversal) + 250
      { method: 'cash', count: 5, amountCents: 2050 },
    ]);
    expect(x.byTaxRate.map((r) => [r.rateBp, r.totalCents])).toEqual([[1300, 1200], [2400, 1650]]);
    for (const r of x.byTaxRate) expect(r.netCents + r.taxCents).toBe(r.totalCents);
    expect(x.byCategory.map((c) => [c.name, c.qty, c.totalCents])).toEqual([['Καφέδες', 7, 1650], ['Φαγητό', 3, 1200]]);
    expect(x.discounts).toEqual({ lineCount: 1, orderCount: 1, amountCents: 100 });
    expect(x.voids).toEqual({ orderCount: 1, orderAmountCents: 250, lineCount: 1, lineAmountCents: 400 });
    expect(x.refunds.amountCents).toBe(625);
    expect(x.cash).toMatchObject({
      openingFloatCents: 10_000, cashTakingsCents: 2050, cashRefundsCents: 225, cashInCents: 2000, cashOutCents: 1500,
      expectedCents: 10_000 + 2050 - 225 + 2000 - 1500, countedCents: null, differenceCents: null,
    });
    expect(x.movements.map((m) => [m.kind, m.reason, m.staffName])).toEqual([['in', 'coins from the bank', 'Nikos'], ['out', 'milk delivery', 'Maria']]);

    clock.advance(60_000);
    const z = closeShift(db, clock, manager, { countedCashCents: 12_300 });
    expect(z.number).toBe(1);
    expect(z.summary.cash.expectedCents).toBe(12_325);
    expect(z.summary.cash.differenceCents).toBe(-25);
    expect(z.summary.closed).toBe(true);
    expect(currentShift(db)).toBeNull();
  });

  it('an X-report changes nothing; the shift stays open', () => {
    openShift(db, clock, cashier, 5_000);
    insertSale(db, clock, { staffId: cashier, lines: [espresso()], payments: [{ method: 'cash', amountCents: 250 }] });
    clock.advance(1000);
    const first = xReport(db, clock);
    expect(first.sales.totalCents).toBe(250);
    const second = xReport(db, clock);
    expect(second).toEqual(first);
    expect(currentShift(db)?.status).toBe('open');
    expect(listZReports(db, 10)).toEqual([]);
  });

  it('numbers Z-reports 1, 2, 3 and only counts each shift its own sales', () => {
    const totals: number[] = [];
    for (let i = 1; i <= 3; i++) {
      openShift(db, clock, cashier, 0);
      for (let k = 0; k < i; k++) insertSale(db, clock, { staffId: cashier, lines: [espresso()], payments: [{ method: 'cash', amountCents: 250 }] });
      clock.advance(1000);
      const z = closeShift(db, clock, manager, { countedCashCents: 250 * i });
      expect(z.number).toBe(i);
      totals.push(z.summary.sales.totalCents);
    }
    expect(totals).toEqual([250, 500, 750]);
    expect(listZReports(db, 10).map((z) => z.number)).toEqual([3, 2, 1]);
  });

  it('counts a sale in the shift open when it was paid (even in the millisecond of the close); between shifts: the next one', () => {
    openShift(db, clock, cashier, 0);
    clock.advance(1000);
    insertSale(db, clock, { staffId: cashier, lines: [espresso()], payments: [{ method: 'cash', amountCents: 250 }] });
    const z1 = closeShift(db, clock, manager, { countedCashCents: 0 });
    insertSale(db, clock, { staffId: cashier, lines: [toast()], payments: [{ method: 'cash', amountCents: 400 }] });
    clock.advance(5000);
    insertSale(db, clock, { staffId: cashier, lines: [toast()], payments: [{ method: 'card', amountCents: 400 }] });
    clock.advance(5000);
    openShift(db, clock, cashier, 0);
    clock.advance(1000);
    const z2 = closeShift(db, clock, manager, { countedCashCents: 0 });
    // Stamped at payment time (payments.shift_id / orders.shift_id), not guessed from the clock.
    expect(z1.summary.sales.totalCents).toBe(250);
    expect(z1.summary.cash.cashTakingsCents).toBe(250);
    expect(z2.summary.sales.totalCents).toBe(400 + 400);
    expect(z2.summary.cash.cashTakingsCents).toBe(400);
  });

  it('reprints a Z-report from its frozen snapshot even after later activity', () => {
    openShift(db, clock, cashier, 0);
    insertSale(db, clock, { staffId: cashier, lines: [espresso()], payments: [{ method: 'cash', amountCents: 250 }] });
    const z = closeShift(db, clock, manager, { countedCashCents: 250 });
    clock.advance(1000);
    openShift(db, clock, cashier, 0);
    insertSale(db, clock, { staffId: cashier, lines: [toast()], payments: [{ method: 'cash', amountCents: 400 }] });
    expect(getZReport(db, 1).summary).toEqual(z.summary);
    expect(code(() => getZReport(db, 99))).toBe('Z_REPORT_NOT_FOUND');
  });
});

describe('shift rules', () => {
  it('allows one open shift; cash movements and closing need one', () => {
    expect(code(() => recordCashMovement(db, clock, cashier, { kind: 'in', amountCents: 100, reason: 'x' }))).toBe('SHIFT_NOT_OPEN');
    expect(code(() => closeShift(db, clock, manager, { countedCashCents: 0 }))).toBe('SHIFT_NOT_OPEN');
    expect(code(() => xReport(db, clock))).toBe('SHIFT_NOT_OPEN');
    openShift(db, clock, cashier, 0);
    expect(code(() => openShift(db, clock, cashier, 0))).toBe('SHIFT_ALREADY_OPEN');
  });

  it('never lets a Z-report row be updated or deleted (trigger)', () => {
    openShift(db, clock, cashier, 0);
    closeShift(db, clock, manager, { countedCashCents: 0 });
    expect(() => db.prepare(`UPDATE z_reports SET snapshot = '{}'`).run()).toThrow(/Z_REPORT_IMMUTABLE/);
    expect(() => db.prepare('UPDATE z_reports SET number = 7').run()).toThrow(/Z_REPORT_IMMUTABLE/);
    expect(() => db.prepare('DELETE FROM z_reports').run()).toThrow(/Z_REPORT_IMMUTABLE/);
    expect(getZReport(db, 1).number).toBe(1);
  });

  it('never lets a closed shift or its cash movements change', () => {
    const shift = openShift(db, clock, cashier, 1000);
    recordCashMovement(db, clock, cashier, { kind: 'in', amountCents: 100, reason: 'coins' });
    closeShift(db, clock, manager, { countedCashCents: 1100 });
    expect(() => db.prepare('UPDATE shifts SET counted_cash_cents = 5 WHERE id = ?').run(shift.id)).toThrow(/SHIFT_CLOSED_IMMUTABLE/);
    expect(() => db.prepare('DELETE FROM shifts').run()).toThrow(/SHIFT_IMMUTABLE/);
    expect(() => db.prepare('UPDATE cash_movements SET amount_cents = 1').run()).toThrow(/CASH_MOVEMENT_IMMUTABLE/);
    expect(() => db.prepare('DELETE FROM cash_movements').run()).toThrow(/CASH_MOVEMENT_IMMUTABLE/);
    expect(() => db.prepare(`INSERT INTO cash_movements (id, shift_id, kind, amount_cents, reason, staff_id, created_at)
      VALUES ('m', ?, 'out', 1, 'late', ?, 0)`).run(shift.id, cashier)).toThrow(/SHIFT_NOT_OPEN/);
  });

  it('writes opening, cash movements and closing to the audit log', () => {
    openShift(db, clock, cashier, 0);
    recordCashMovement(db, clock, manager, { kind: 'out', amountCents: 100, reason: 'tip jar' });
    closeShift(db, clock, manager, { countedCashCents: 0 });
    const actions = (db.prepare('SELECT action FROM audit_log ORDER BY at, id').all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['shift.open', 'cash.out', 'shift.close']);
  });
});
