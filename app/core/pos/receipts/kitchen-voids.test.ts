/**
 * Issue 11 (1, 4): a void or a lowered quantity of a sent line reaches the station that made it
 * at once, as a VOID ticket, once; items can override their category's station. Real shop
 * (temp SQLite through the API); the printer bytes are the queued jobs, decoded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { getPrintJobPayload, listPrintJobs } from '../../print/print-queue';
import { inspectEscPos } from './escpos-inspect';

let shop: TestShop;
const printer = (id: string, station: string) => ({ id, name: `${id} printer`, host: '127.0.0.1', port: 9, paper: 80, codePage: 'cp737', station, enabled: true });

beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('settings.update', { language: 'en', printers: [printer('kitchen', 'kitchen'), printer('bar', 'bar'), printer('till', 'receipt')] }, shop.owner);
});
afterEach(() => shop.cleanup());

/** What each printer was given, oldest first, decoded. */
function printed(printerId: string): string[] {
  return listPrintJobs(shop.db, { limit: 100 }).filter((j) => j.printerId === printerId).reverse()
    .map((j) => inspectEscPos(getPrintJobPayload(shop.db, j.id), 'cp737'));
}

async function sentOrder() {
  const table = await shop.ok<{ id: string }>('table.create', { name: '7' }, shop.owner);
  const order = await shop.ok<{ id: string }>('table.open', { tableId: table.id }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 3 }, shop.cashier);
  const full = await shop.ok<{ id: string; lines: { id: string; name: string }[] }>('order.addLine', { orderId: order.id, itemId: shop.items.water, qty: 1 }, shop.cashier);
  await shop.ok('kitchen.send', { orderId: order.id, idempotencyKey: 'send-0001' }, shop.cashier);
  const line = (name: string) => full.lines.find((l) => l.name === name)?.id ?? '';
  return { orderId: order.id, toast: line('Toast'), water: line('Water') };
}

describe('voids reach the kitchen at once', () => {
  it('voiding a sent line prints a VOID ticket to its station by itself, once', async () => {
    const o = await sentOrder();
    expect(printed('kitchen')).toHaveLength(1);
    await shop.ok('order.removeLine', { orderId: o.orderId, lineId: o.toast, reason: 'guest left' }, shop.manager);
    const tickets = printed('kitchen');
    expect(tickets).toHaveLength(2);
    expect(tickets[1]).toContain('*** VOID ***');
    expect(tickets[1]).toContain('VOID 3 x Toast');
    expect(tickets[1]).not.toContain('Water');
    // Nothing is left to cancel: the next Send prints nothing, and the void is not repeated.
    expect((await shop.ok<{ tickets: unknown[] }>('kitchen.send', { orderId: o.orderId, idempotencyKey: 'send-0002' }, shop.cashier)).tickets).toEqual([]);
    expect(printed('kitchen')).toHaveLength(2);
    expect((await shop.fail('order.removeLine', { orderId: o.orderId, lineId: o.toast, reason: 'again' }, shop.manager)).code).toBe('LINE_NOT_FOUND');
    expect(printed('kitchen')).toHaveLength(2);
  });

  it('lowering the quantity of a sent line voids the difference at once', async () => {
    const o = await sentOrder();
    await shop.ok('order.updateLine', { orderId: o.orderId, lineId: o.toast, qty: 1, reason: 'too many' }, shop.manager);
    expect(printed('kitchen').at(-1)).toContain('VOID 2 x Toast');
    // The same quantity again changes nothing: no second ticket.
    await shop.ok('order.updateLine', { orderId: o.orderId, lineId: o.toast, qty: 1, reason: 'too many' }, shop.manager);
    expect(printed('kitchen')).toHaveLength(2);
    // Raising it is an addition: it waits for Send, and Send prints only the new one.
    await shop.ok('order.updateLine', { orderId: o.orderId, lineId: o.toast, qty: 2 }, shop.manager);
    expect(printed('kitchen')).toHaveLength(2);
    await shop.ok('kitchen.send', { orderId: o.orderId, idempotencyKey: 'send-0003' }, shop.cashier);
    expect(printed('kitchen').at(-1)).toContain('1 x Toast');
    expect(printed('kitchen').at(-1)).not.toContain('VOID');
  });

  it('a line never sent prints nothing when removed', async () => {
    const order = await shop.ok<{ id: string; lines: { id: string }[] }>('order.create', {}, shop.cashier);
    const full = await shop.ok<{ lines: { id: string }[] }>('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
    await shop.ok('order.removeLine', { orderId: order.id, lineId: full.lines[0]?.id }, shop.cashier);
    expect(printed('kitchen')).toEqual([]);
  });

  it('voiding a sent order cancels everything it sent, at every station', async () => {
    await shop.ok('catalog.updateItem', { id: shop.items.water, station: 'bar' }, shop.owner);
    const o = await sentOrder();
    await shop.ok('order.void', { orderId: o.orderId, reason: 'walked out' }, shop.manager);
    expect(printed('kitchen').at(-1)).toContain('VOID 3 x Toast');
    expect(printed('bar').at(-1)).toContain('VOID 1 x Water');
  });

  it('voiding an order that was already paid (served) prints nothing in the kitchen', async () => {
    const o = await sentOrder();
    await shop.ok('payment.take', { orderId: o.orderId, tenders: [{ method: 'card', amountCents: 920 }] }, shop.cashier);
    await shop.ok('order.void', { orderId: o.orderId, reason: 'wrong table charged' }, shop.manager);
    expect(printed('kitchen')).toHaveLength(1);
  });
});

describe('stations by category or item', () => {
  it('an item override beats its category; none is never sent', async () => {
    await shop.ok('catalog.updateItem', { id: shop.items.coffee, station: 'bar' }, shop.owner);
    await shop.ok('catalog.updateItem', { id: shop.items.water, station: 'none' }, shop.owner);
    const item = await shop.ok<{ station: string | null; barcode: string | null }>('catalog.updateItem', { id: shop.items.toast, station: null }, shop.owner);
    expect(item.station).toBeNull();
    const order = await shop.ok<{ id: string }>('order.create', {}, shop.cashier);
    for (const itemId of [shop.items.coffee, shop.items.toast, shop.items.water]) await shop.ok('order.addLine', { orderId: order.id, itemId }, shop.cashier);
    const r = await shop.ok<{ tickets: { station: string; lines: { name: string }[] }[] }>('kitchen.send', { orderId: order.id, idempotencyKey: 'send-0001' }, shop.cashier);
    expect(r.tickets.map((t) => [t.station, t.lines.map((l) => l.name)])).toEqual([['bar', ['Freddo Espresso']], ['kitchen', ['Toast']]]);
    expect(printed('bar')[0]).toContain('1 x Freddo Espresso');
  });

  it('a patch without station leaves the routing alone; a bad station is refused', async () => {
    await shop.ok('catalog.updateItem', { id: shop.items.coffee, station: 'bar' }, shop.owner);
    const after = await shop.ok<{ station: string | null }>('catalog.updateItem', { id: shop.items.coffee, name: 'Freddo' }, shop.owner);
    expect(after.station).toBe('bar');
    expect((await shop.fail('catalog.updateItem', { id: shop.items.coffee, station: 'Bar Upstairs!' }, shop.owner)).code).toBe('VALIDATION_FAILED');
  });
});
