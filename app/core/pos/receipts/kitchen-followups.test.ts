/**
 * Kitchen follow-ups through the API on a real shop: sends are counted per order LINE (a table
 * merge moves lines, and their kitchen history, to another order), editing a sent line's note
 * prints a CHANGED ticket, and kitchen.send opens a draft like order.send does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import { inspectEscPos } from './escpos-inspect';
import { renderKitchenTicketEscPos } from './kitchen-escpos';
import type { SendResult } from './kitchen-tickets';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

let clicks = 0;
const send = (orderId: string) => shop.ok<SendResult>('kitchen.send', { orderId, idempotencyKey: `kitchen-click-${++clicks}` }, shop.cashier);

async function tableWithToast(name: string): Promise<OrderView> {
  const table = await shop.ok<{ id: string }>('table.create', { name }, shop.owner);
  const order = await shop.ok<OrderView>('table.open', { tableId: table.id }, shop.cashier);
  return shop.ok<OrderView>('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 2 }, shop.cashier);
}

describe('kitchen sends after edits and merges', () => {
  it('does not send merged lines again from the order they were merged into', async () => {
    const a = await tableWithToast('T1');
    const b = await tableWithToast('T2');
    expect((await send(a.id)).tickets.flatMap((t) => t.lines.map((l) => l.qtyDelta))).toEqual([2]);
    expect((await send(b.id)).tickets).toHaveLength(1);
    const tables = await shop.ok<{ id: string; name: string }[]>('table.list', {}, shop.cashier);
    const id = (n: string) => tables.find((t) => t.name === n)?.id;
    await shop.ok('table.merge', { fromTableId: id('T1'), intoTableId: id('T2') }, shop.cashier);
    // Both toasts are already in the kitchen: nothing to send.
    expect((await send(b.id)).tickets).toEqual([]);
    // The merged order's ticket history shows both sends.
    expect(await shop.ok<unknown[]>('kitchen.list', { orderId: b.id }, shop.cashier)).toHaveLength(2);
  });

  it('prints a CHANGED line when a sent line gets a new note, then nothing more', async () => {
    const order = await tableWithToast('T1');
    await send(order.id);
    const lineId = order.lines[0]?.id ?? '';
    await shop.ok('order.updateLine', { orderId: order.id, lineId, note: 'no butter' }, shop.cashier);
    const change = await send(order.id);
    expect(change.tickets.map((t) => t.lines.map((l) => [l.qtyDelta, l.change]))).toEqual([[[2, true]]]);
    expect((await send(order.id)).tickets).toEqual([]);
    // After the change, quantities add to the changed count: one more toast is +1, not +3.
    await shop.ok('order.updateLine', { orderId: order.id, lineId, qty: 3 }, shop.cashier);
    expect((await send(order.id)).tickets.map((t) => t.lines.map((l) => [l.qtyDelta, l.change]))).toEqual([[[1, false]]]);
  });

  it('prints a change line as CHANGED with the quantity to make now and the new note', () => {
    const bytes = renderKitchenTicketEscPos({
      station: 'kitchen', orderNumber: 7, tableName: 'T1', staffName: 'Katerina', comment: '', at: Date.UTC(2026, 5, 15, 9), timeZone: 'Europe/Athens',
      locale: 'en-GB', language: 'en', reprint: false, lines: [{ qtyDelta: 2, change: true, name: 'Toast', options: [], note: 'no butter' }],
    }, { paper: 80, codePage: 'cp737' });
    const text = inspectEscPos(bytes, 'cp737');
    expect(text).toContain('CHANGED: 2 x Toast');
    expect(text).toContain('Note: no butter');
  });

  it('moves a draft to open when it is sent to the kitchen', async () => {
    const draft = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: draft.id, itemId: shop.items.toast }, shop.cashier);
    expect(draft.status).toBe('draft');
    await send(draft.id);
    expect((await shop.ok<OrderView>('order.get', { orderId: draft.id }, shop.cashier)).status).toBe('open');
  });
});
