/** Order-change events come from what each command declares (`changes`), not from its name. Real core, real SQLite. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi, defineCommand } from '../core/api';
import type { Api } from '../core/api';
import { createTestShop } from '../core/api/test-shop';
import type { TestShop } from '../core/api/test-shop';
import type { OrderView } from '../core/pos/orders/order-view';
import { createAppEvents } from './events';
import type { AppEvent } from './events';
import { observeApi } from './observe';

let shop: TestShop;
let api: Api;
let told: AppEvent[];

beforeEach(async () => {
  shop = await createTestShop();
  const events = createAppEvents();
  told = [];
  events.subscribe((e) => told.push(e));
  api = observeApi(createApi({
    db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir,
    commands: {
      // Named like a change, but declares none; and one named like a read that does change an order.
      'order.touchNothing': defineCommand({ input: z.object({}), permission: null, run: () => null }),
      'misc.renameOrder': defineCommand({ input: z.object({ orderId: z.string() }), permission: null, changes: ['orders'], run: (_c, i) => ({ orderId: i.orderId }) }),
    },
  }), events);
});
afterEach(() => shop.cleanup());

async function orderWithCoffee(): Promise<OrderView> {
  const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
  return shop.ok<OrderView>('order.addLine', { orderId: o.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
}

describe('order-change events', () => {
  it('tells the other screens after a bill is split (equally, by amounts, by items)', async () => {
    const order = await orderWithCoffee();
    const line = order.lines[0]!;
    for (const [name, input] of [
      ['bill.splitEqually', { orderId: order.id, parts: 2 }],
      ['bill.splitByAmounts', { orderId: order.id, amountsCents: [100, order.dueCents - 100] }],
      ['bill.splitByItems', { orderId: order.id, parts: [[{ lineId: line.id, qty: 1 }]] }],
    ] as const) {
      told = [];
      const r = await api.call(name, input, shop.cashier);
      expect(r.ok, name).toBe(true);
      expect(told, name).toEqual([{ name: 'orders', data: { id: order.id, command: name } }]);
    }
  });

  it('follows the declaration, not the name, and stays quiet on reads and failures', async () => {
    const order = await orderWithCoffee();
    told = [];
    await api.call('order.get', { orderId: order.id }, shop.cashier);
    await api.call('order.touchNothing', {}, null);
    await api.call('order.addLine', { orderId: order.id, itemId: 'nope', qty: 1 }, shop.cashier);
    expect(told).toEqual([]);
    await api.call('misc.renameOrder', { orderId: order.id }, null);
    expect(told).toEqual([{ name: 'orders', data: { id: order.id, command: 'misc.renameOrder' } }]);
  });

  it('announces every command core declares as changing orders', async () => {
    const declared = Object.entries(api.commands).filter(([, c]) => c.changes?.includes('orders')).map(([n]) => n);
    expect(declared).toEqual(expect.arrayContaining([
      'order.create', 'order.addLine', 'order.updateLine', 'order.removeLine', 'order.setDetails', 'order.setDiscount', 'order.send',
      'order.void', 'order.refund', 'payment.take', 'table.open', 'table.move', 'table.merge', 'kitchen.send',
      'bill.splitEqually', 'bill.splitByAmounts', 'bill.splitByItems',
    ]));
    expect(declared).not.toContain('order.get');
  });
});
