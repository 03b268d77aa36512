/**
 * Issue 11 item 10 (core side): a discount above the price is refused with DISCOUNT_INVALID
 * and the most it may be, instead of being silently capped, so a typo is caught, not approved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from './order-view';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

const discount = (input: Record<string, unknown>) => shop.fail('order.setDiscount', input, shop.manager);

describe('discount limits', () => {
  it('an amount above the line price or the order total is refused, naming the maximum; exactly the price is allowed', async () => {
    const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    const a = await shop.ok<OrderView>('order.addLine', { orderId: o.id, itemId: shop.items.toast, qty: 2 }, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.water }, shop.cashier);
    const toast = a.lines[0]!.id;
    const onLine = await discount({ orderId: o.id, lineId: toast, discount: { kind: 'amount', value: 581 }, reason: 'typo' });
    expect(onLine).toMatchObject({ code: 'DISCOUNT_INVALID', details: { field: 'value', maxCents: 580 } });
    await shop.ok('order.setDiscount', { orderId: o.id, lineId: toast, discount: { kind: 'amount', value: 100 }, reason: 'cold' }, shop.manager);
    // The order's base is its lines after their own discounts: 580 − 100 + 50.
    const onOrder = await discount({ orderId: o.id, discount: { kind: 'amount', value: 531 }, reason: 'typo' });
    expect(onOrder).toMatchObject({ code: 'DISCOUNT_INVALID', details: { maxCents: 530 } });
    const ok = await shop.ok<OrderView>('order.setDiscount', { orderId: o.id, discount: { kind: 'amount', value: 530 }, reason: 'on the house' }, shop.manager);
    expect(ok.totalCents).toBe(0);
    // Nothing was written by the refused attempts: one audit row per accepted discount.
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.discount'").get()).toEqual({ n: 2 });
  });

  it('an unknown line is LINE_NOT_FOUND, not a discount error', async () => {
    const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.toast }, shop.cashier);
    expect((await discount({ orderId: o.id, lineId: 'nope', discount: { kind: 'amount', value: 1 }, reason: 'x' })).code).toBe('LINE_NOT_FOUND');
  });
});
