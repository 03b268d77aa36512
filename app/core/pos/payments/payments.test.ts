import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import type { PaymentResult } from './payments';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
  // Cash needs an open shift (payments.ts); shift-attribution.test.ts covers the no-shift rules.
  await shop.ok('shift.open', { openingFloatCents: 0 }, shop.cashier);
});
afterEach(() => shop.cleanup());

async function orderWith(...itemIds: string[]): Promise<OrderView> {
  let o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
  for (const itemId of itemIds) o = await shop.ok<OrderView>('order.addLine', { orderId: o.id, itemId }, shop.cashier);
  return o;
}
const pay = (orderId: string, tenders: unknown[]) => shop.ok<PaymentResult>('payment.take', { orderId, tenders }, shop.cashier);

describe('payments', () => {
  it('takes cash with change and commits the paid order with its payment', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.toast); // 6.40
    const r = await pay(o.id, [{ method: 'cash', tenderedCents: 1000 }]);
    expect(r.paid).toBe(true);
    expect(r.changeCents).toBe(360);
    expect(r.order).toMatchObject({ status: 'paid', paidCents: 640, dueCents: 0 });
    expect(r.order.paidAt).toBe(shop.clock.now());
    expect(r.payments).toEqual([expect.objectContaining({ method: 'cash', amountCents: 640, tenderedCents: 1000, changeCents: 360, staffId: shop.cashier.id })]);
    const row = shop.db.prepare('SELECT status, paid_cents FROM orders WHERE id = ?').get(o.id);
    expect(row).toEqual({ status: 'paid', paid_cents: 640 });
  });

  it('takes mixed card + cash in one go', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.coffee, shop.items.toast); // 9.90
    const r = await pay(o.id, [{ method: 'card', amountCents: 500 }, { method: 'cash', tenderedCents: 500 }]);
    expect(r.paid).toBe(true);
    expect(r.payments.map((p) => [p.method, p.amountCents, p.changeCents])).toEqual([['card', 500, 0], ['cash', 490, 10]]);
  });

  it('stays open until the payments cover the total (part payments)', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.toast); // 6.40
    const first = await pay(o.id, [{ method: 'card', amountCents: 300 }]);
    expect(first.paid).toBe(false);
    expect(first.order).toMatchObject({ status: 'draft', paidCents: 300, dueCents: 340 });
    // The bill cannot shrink below what was paid.
    const lineId = first.order.lines[0]?.id;
    expect((await shop.fail('order.removeLine', { orderId: o.id, lineId }, shop.cashier)).code).toBe('ORDER_NOT_EDITABLE');
    const second = await pay(o.id, [{ method: 'cash', tenderedCents: 340 }]);
    expect(second.paid).toBe(true);
    expect(second.order.payments).toHaveLength(2);
  });

  it('refuses card overpayment, short cash, empty orders and paying twice', async () => {
    const o = await orderWith(shop.items.coffee);
    expect((await shop.fail('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 351 }] }, shop.cashier)).code).toBe('PAYMENT_EXCEEDS_DUE');
    expect((await shop.fail('payment.take', { orderId: o.id, tenders: [{ method: 'cash', tenderedCents: 300, amountCents: 350 }] }, shop.cashier)).code).toBe('PAYMENT_TENDER_TOO_LOW');
    // A failed mixed payment writes nothing (one transaction).
    expect((await shop.fail('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 200 }, { method: 'card', amountCents: 200 }] }, shop.cashier)).code).toBe('PAYMENT_EXCEEDS_DUE');
    expect(shop.db.prepare('SELECT COUNT(*) AS n FROM payments').get()).toEqual({ n: 0 });
    await pay(o.id, [{ method: 'card', amountCents: 350 }]);
    expect((await shop.fail('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 1 }] }, shop.cashier)).code).toBe('ORDER_ALREADY_PAID');
    const empty = await orderWith();
    expect((await shop.fail('payment.take', { orderId: empty.id, tenders: [{ method: 'card', amountCents: 1 }] }, shop.cashier)).code).toBe('ORDER_EMPTY');
  });

  it('a paid order can no longer be edited', async () => {
    const o = await orderWith(shop.items.coffee);
    await pay(o.id, [{ method: 'card', amountCents: 350 }]);
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.toast }, shop.cashier)).code).toBe('ORDER_NOT_EDITABLE');
  });
});

describe('voids and refunds', () => {
  it('a cashier may discard their own draft but not void a sent or paid order', async () => {
    const draft = await orderWith(shop.items.coffee);
    expect((await shop.ok<OrderView>('order.void', { orderId: draft.id, reason: 'customer left' }, shop.cashier)).status).toBe('voided');
    const paid = await orderWith(shop.items.coffee);
    await pay(paid.id, [{ method: 'cash', tenderedCents: 350 }]);
    expect((await shop.fail('order.void', { orderId: paid.id, reason: 'x' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
  });

  it('voiding a paid order reverses its payments and is audited', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.toast);
    await pay(o.id, [{ method: 'card', amountCents: 140 }, { method: 'cash', tenderedCents: 500 }]);
    const v = await shop.ok<OrderView>('order.void', { orderId: o.id, reason: 'wrong table' }, shop.manager);
    expect(v).toMatchObject({ status: 'voided', voidReason: 'wrong table' });
    const sums = shop.db.prepare('SELECT method, SUM(amount_cents) AS s FROM payments WHERE order_id = ? GROUP BY method ORDER BY method').all(o.id);
    expect(sums).toEqual([{ method: 'card', s: 0 }, { method: 'cash', s: 0 }]);
    const audit = shop.db.prepare("SELECT staff_id, details FROM audit_log WHERE action = 'order.void'").get() as { staff_id: string; details: string };
    expect(audit.staff_id).toBe(shop.manager.id);
    expect(JSON.parse(audit.details)).toMatchObject({ reason: 'wrong table', previousStatus: 'paid', reversedCents: 640 });
  });

  it('refunds reference the original order and never edit it', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.toast, shop.items.toast);
    const paid = (await pay(o.id, [{ method: 'card', amountCents: 930 }])).order;
    expect((await shop.fail('order.refund', { orderId: o.id, method: 'card', reason: 'burnt', amountCents: 100 }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    const toastLine = paid.lines[1]?.id ?? '';
    const r1 = await shop.ok<{ id: string; amountCents: number }>('order.refund', { orderId: o.id, method: 'card', reason: 'burnt', lines: [{ lineId: toastLine, qty: 1 }] }, shop.manager);
    expect(r1.amountCents).toBe(290);
    expect((await shop.fail('order.refund', { orderId: o.id, method: 'card', reason: 'again', lines: [{ lineId: toastLine, qty: 1 }] }, shop.manager)).code).toBe('REFUND_EXCEEDS_PAID');
    const r2 = await shop.ok<{ amountCents: number }>('order.refund', { orderId: o.id, method: 'cash', reason: 'goodwill' }, shop.manager);
    expect(r2.amountCents).toBe(930 - 290);
    expect((await shop.fail('order.refund', { orderId: o.id, method: 'cash', reason: 'more', amountCents: 1 }, shop.manager)).code).toBe('REFUND_EXCEEDS_PAID');
    const after = await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.manager);
    expect({ ...after, refundedCents: 0 }).toEqual({ ...paid, refundedCents: 0 });
    expect(after.refundedCents).toBe(930);
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.refund'").get()).toEqual({ n: 2 });
    expect((await shop.fail('order.void', { orderId: o.id, reason: 'x' }, shop.manager)).code).toBe('ORDER_NOT_EDITABLE');
  });

  it('refunding a line unit by unit adds up to the line total exactly', async () => {
    let o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    o = await shop.ok<OrderView>('order.addLine', { orderId: o.id, itemId: shop.items.coffee, qty: 3 }, shop.cashier);
    o = await shop.ok<OrderView>('order.setDiscount', { orderId: o.id, discount: { kind: 'amount', value: 100 }, reason: 'promo' }, shop.manager);
    await pay(o.id, [{ method: 'card', amountCents: o.totalCents }]); // 9.50 for 3
    const lineId = o.lines[0]?.id;
    const parts: number[] = [];
    for (let i = 0; i < 3; i++) parts.push((await shop.ok<{ amountCents: number }>('order.refund', { orderId: o.id, method: 'card', reason: 'r', lines: [{ lineId, qty: 1 }] }, shop.manager)).amountCents);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(950);
  });
});

describe('settling by a change', () => {
  it('a discount that brings the bill down to what was paid settles the order', async () => {
    const o = await orderWith(shop.items.coffee, shop.items.toast); // 6.40
    await pay(o.id, [{ method: 'card', amountCents: 540 }]);
    expect((await shop.fail('order.setDiscount', { orderId: o.id, discount: { kind: 'amount', value: 200 }, reason: 'x' }, shop.manager)).code).toBe('ORDER_NOT_EDITABLE');
    const v = await shop.ok<OrderView>('order.setDiscount', { orderId: o.id, discount: { kind: 'amount', value: 100 }, reason: 'regular' }, shop.manager);
    expect(v).toMatchObject({ status: 'paid', totalCents: 540, paidCents: 540, dueCents: 0 });
    expect(v.paidAt).toBe(shop.clock.now());
  });
});
