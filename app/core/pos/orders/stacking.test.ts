/**
 * Issue 11 item 7: a second tap or scan of the same plain item adds to the last line instead of
 * a new line; options, a note, a discount, a changed price or a line the kitchen has seen start
 * a new line. Real core over a temp SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from './order-view';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

const newOrder = () => shop.ok<OrderView>('order.create', {}, shop.cashier);
const tap = (orderId: string, itemId: string, extra: Record<string, unknown> = {}) =>
  shop.ok<OrderView>('order.addLine', { orderId, itemId, addToLast: true, ...extra }, shop.cashier);
const shape = (o: OrderView) => o.lines.map((l) => [l.name, l.qty, l.status]);

describe('tapping the same plain item again', () => {
  it('adds to the last line, and the totals follow', async () => {
    const o = await newOrder();
    await tap(o.id, shop.items.coffee);
    const v = await tap(o.id, shop.items.coffee, { qty: 2 });
    expect(shape(v)).toEqual([['Freddo Espresso', 3, 'active']]);
    expect(v.totalCents).toBe(3 * 350);
  });

  it('only onto the LAST line: an item between them starts a new line', async () => {
    const o = await newOrder();
    await tap(o.id, shop.items.coffee);
    await tap(o.id, shop.items.toast);
    const v = await tap(o.id, shop.items.coffee);
    expect(shape(v)).toEqual([['Freddo Espresso', 1, 'active'], ['Toast', 1, 'active'], ['Freddo Espresso', 1, 'active']]);
  });

  it('a note, or a last line with a note, options or a discount, makes a new line', async () => {
    const o = await newOrder();
    await tap(o.id, shop.items.toast, { note: 'no butter' });
    let v = await tap(o.id, shop.items.toast);
    expect(shape(v)).toHaveLength(2);
    v = await tap(o.id, shop.items.toast, { note: 'well done' });
    expect(shape(v)).toHaveLength(3);
    const withOptions = await tap(o.id, shop.items.pizza, { optionIds: [shop.pizzaOptions.large] });
    expect(withOptions.lines).toHaveLength(4);
    v = await tap(o.id, shop.items.pizza, { optionIds: [shop.pizzaOptions.large] });
    expect(v.lines).toHaveLength(5);
    const plain = await tap(o.id, shop.items.water);
    const waterLine = plain.lines.at(-1)!;
    await shop.ok('order.setDiscount', { orderId: o.id, lineId: waterLine.id, discount: { kind: 'percent', value: 1000 }, reason: 'regular' }, shop.manager);
    v = await tap(o.id, shop.items.water);
    expect(v.lines.filter((l) => l.name === 'Water').map((l) => l.qty)).toEqual([1, 1]);
  });

  it('a price changed since the last line was added makes a new line (the old line keeps its price)', async () => {
    const o = await newOrder();
    await tap(o.id, shop.items.toast);
    await shop.ok('catalog.updateItem', { id: shop.items.toast, priceCents: 320 }, shop.owner);
    const v = await tap(o.id, shop.items.toast);
    expect(v.lines.map((l) => [l.qty, l.unitPriceCents])).toEqual([[1, 290], [1, 320]]);
  });

  it('never onto a line the kitchen has seen: the tap is a line of its own', async () => {
    const o = await newOrder();
    await tap(o.id, shop.items.toast);
    await shop.ok('kitchen.send', { orderId: o.id, idempotencyKey: 'stack-send-1-abcdef' }, shop.cashier);
    const v = await tap(o.id, shop.items.toast);
    expect(shape(v)).toEqual([['Toast', 1, 'active'], ['Toast', 1, 'active']]);
    // The extra toast is voided on its own; the one being made stays.
    const second = v.lines[1]!;
    await shop.ok('order.removeLine', { orderId: o.id, lineId: second.id, reason: 'tapped twice' }, shop.manager);
    // Further taps after that stack on the new, unsent line.
    await tap(o.id, shop.items.toast);
    const w = await tap(o.id, shop.items.toast);
    expect(w.lines.filter((l) => l.status === 'active').map((l) => l.qty)).toEqual([1, 2]);
  });

  it('without addToLast (other callers) every add is its own line, and a line never passes 999', async () => {
    const o = await newOrder();
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.water }, shop.cashier);
    const v = await shop.ok<OrderView>('order.addLine', { orderId: o.id, itemId: shop.items.water }, shop.cashier);
    expect(v.lines.map((l) => l.qty)).toEqual([1, 1]);
    await tap(o.id, shop.items.water, { qty: 998 });
    const w = await tap(o.id, shop.items.water, { qty: 2 });
    expect(w.lines.map((l) => l.qty)).toEqual([1, 999, 2]);
  });
});
