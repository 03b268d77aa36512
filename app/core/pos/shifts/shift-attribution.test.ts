/**
 * Shift attribution by stamp (issue #4 follow-up): the shift open when a payment, refund or void
 * happens is recorded on it in the same transaction, and X/Z reports read those stamps, not
 * time windows. Cash needs an open shift unless the shop allows it; card (or allowed cash) taken
 * with no shift open is counted by the next shift to open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import type { ShiftSummary } from './shift-summary';
import type { ShiftView, ZReport } from './shifts';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
  // Test shops allow cash without a shift (test-shop.ts); a real shop's default is to refuse it.
  await shop.ok('settings.update', { allowCashWithoutShift: false }, shop.owner);
});
afterEach(() => shop.cleanup());

async function coffeeOrder(): Promise<OrderView> {
  const order = await shop.ok<OrderView>('order.create', {}, shop.cashier);
  return shop.ok<OrderView>('order.addLine', { orderId: order.id, itemId: shop.items.coffee, qty: 1 }, shop.cashier); // 3.50
}
const payCash = (orderId: string) => shop.api.call('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: 500 }] }, shop.cashier);
const payCard = (orderId: string) => shop.ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier);
const openShift = () => shop.ok<ShiftView>('shift.open', { openingFloatCents: 1000 }, shop.cashier);
const closeShift = async (countedCashCents: number) => (await shop.ok<{ zReport: ZReport }>('shift.close', { countedCashCents, print: false }, shop.manager)).zReport;

describe('shift attribution by stamp', () => {
  it('refuses cash with no open shift (SHIFT_NOT_OPEN), for payments and refunds', async () => {
    // The shop's default: the setting was never written.
    shop.db.prepare("DELETE FROM settings WHERE key = 'allowCashWithoutShift'").run();
    const order = await coffeeOrder();
    const r = await payCash(order.id);
    expect(r.ok ? null : r.error.code).toBe('SHIFT_NOT_OPEN');
    await payCard(order.id);
    const refund = await shop.api.call('order.refund', { orderId: order.id, method: 'cash', reason: 'cold', amountCents: 100 }, shop.manager);
    expect(refund.ok ? null : refund.error.code).toBe('SHIFT_NOT_OPEN');
    expect((await shop.api.call('order.refund', { orderId: order.id, method: 'card', reason: 'cold', amountCents: 100 }, shop.manager)).ok).toBe(true);
  });

  it('refuses to void a cash-paid order with no open shift (the cash would leave an uncounted drawer)', async () => {
    await openShift();
    const order = await coffeeOrder();
    await payCash(order.id);
    await closeShift(1350);
    const r = await shop.api.call('order.void', { orderId: order.id, reason: 'wrong order' }, shop.manager);
    expect(r.ok ? null : r.error.code).toBe('SHIFT_NOT_OPEN');
    await openShift();
    expect((await shop.api.call('order.void', { orderId: order.id, reason: 'wrong order' }, shop.manager)).ok).toBe(true);
  });

  it('lets cash through without a shift when the setting allows it; the next shift counts it', async () => {
    await shop.ok('settings.update', { allowCashWithoutShift: true }, shop.owner);
    const order = await coffeeOrder();
    const r = await payCash(order.id);
    expect(r.ok).toBe(true);
    const paid = await shop.ok<OrderView>('order.get', { orderId: order.id }, shop.cashier);
    expect(paid.shiftId).toBeNull();
    const shift = await openShift();
    expect((await shop.ok<OrderView>('order.get', { orderId: order.id }, shop.cashier)).shiftId).toBe(shift.id);
    const z = await closeShift(1350);
    expect(z.summary.sales.totalCents).toBe(350);
    expect(z.summary.cash).toMatchObject({ cashTakingsCents: 350, expectedCents: 1350, differenceCents: 0 });
  });

  it('stamps the open shift on the order and its payments, and the Z counts by stamp even if the clock goes back', async () => {
    const shift = await openShift();
    const order = await coffeeOrder();
    // The till's clock is set back an hour, before the shift opened: time windows would lose this sale.
    shop.clock.advance(-3_600_000);
    await payCard(order.id);
    const paid = await shop.ok<OrderView>('order.get', { orderId: order.id }, shop.cashier);
    expect(paid.shiftId).toBe(shift.id);
    expect(paid.payments.map((p) => p.shiftId)).toEqual([shift.id]);
    const x = (await shop.ok<{ summary: ShiftSummary }>('shift.xReport', {}, shop.cashier)).summary;
    expect(x.sales).toMatchObject({ orderCount: 1, totalCents: 350 });
    expect(x.byMethod).toEqual([{ method: 'card', count: 1, amountCents: 350 }]);
  });

  it('counts a card sale made between shifts in the next Z, and a void in the shift that voided it', async () => {
    await openShift();
    const early = await coffeeOrder();
    await payCash(early.id);
    const z1 = await closeShift(1350);
    expect(z1.summary.sales.totalCents).toBe(350);
    const between = await coffeeOrder();
    await payCard(between.id);
    shop.clock.advance(60_000);
    await openShift();
    await shop.ok('order.void', { orderId: early.id, reason: 'wrong table' }, shop.manager);
    const z2 = await closeShift(1000 - 350);
    expect(z2.summary.sales).toMatchObject({ orderCount: 1, totalCents: 350 });
    expect(z2.summary.byMethod).toEqual([{ method: 'card', count: 1, amountCents: 350 }, { method: 'cash', count: 1, amountCents: -350 }]);
    expect(z2.summary.voids).toMatchObject({ orderCount: 1, orderAmountCents: 350 });
    expect(z2.summary.cash.differenceCents).toBe(0);
    // Z1 is frozen: the later void does not change it.
    expect((await shop.ok<ZReport>('shift.zReport', { number: 1 }, shop.manager)).summary.sales.totalCents).toBe(350);
  });
});
