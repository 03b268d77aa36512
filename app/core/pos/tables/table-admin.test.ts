/**
 * The floor plan's back office over a real shop: a table's state goes free → seated → ordered →
 * bill printed (and back to ordered when more is added); covers per table; rename; delete only
 * when free (a table with history is archived, its name free again).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import type { TableStatus } from './tables';
import { getPrintJobPayload, type PrintJobView } from '../../print/print-queue';
import { inspectEscPos } from '../receipts/escpos-inspect';

let shop: TestShop;
let t1: string;
beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
  t1 = (await shop.ok<{ id: string }>('table.create', { name: '1', seats: 4 }, shop.manager)).id;
});
afterEach(() => shop.cleanup());

const floor = async () => shop.ok<TableStatus[]>('table.list', {}, shop.cashier);
const table = async (id: string) => (await floor()).find((t) => t.id === id);

describe('table state and covers', () => {
  it('shows free, seated, ordered and bill printed; adding after the bill goes back to ordered', async () => {
    expect(await table(t1)).toMatchObject({ state: 'free', seats: 4, guests: null });
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1, guests: 3 }, shop.cashier);
    expect(await table(t1)).toMatchObject({ state: 'seated', guests: 3 });
    await shop.ok('order.addLine', { orderId: bill.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
    expect((await table(t1))?.state).toBe('ordered');
    await shop.ok('receipt.print', { orderId: bill.id }, shop.cashier);
    expect((await table(t1))?.state).toBe('billPrinted');
    shop.clock.advance(60_000);
    await shop.ok('order.addLine', { orderId: bill.id, itemId: shop.items.water, qty: 1 }, shop.cashier);
    expect((await table(t1))?.state).toBe('ordered');
    // Covers can change on the running bill.
    await shop.ok('order.setDetails', { orderId: bill.id, guests: 4 }, shop.cashier);
    expect((await table(t1))?.guests).toBe(4);
  });
});

describe('the bill, please', () => {
  it('prints the running bill headed BILL, shows the table as bill printed, and the receipt after payment is the original', async () => {
    await shop.ok('settings.update', { language: 'en', locale: 'en-IE' }, shop.owner);
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1, guests: 2 }, shop.cashier);
    expect((await shop.fail('table.printBill', { orderId: bill.id }, shop.cashier)).code).toBe('ORDER_EMPTY');
    await shop.ok('order.addLine', { orderId: bill.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
    const { job } = await shop.ok<{ job: PrintJobView }>('table.printBill', { orderId: bill.id, idempotencyKey: 'bill-click-1' }, shop.cashier);
    const text = inspectEscPos(getPrintJobPayload(shop.db, job.id), 'cp737');
    expect(text).toContain('*** BILL - NOT A RECEIPT ***');
    expect(text).toMatch(/2 x Freddo Espresso/);
    expect(text).not.toContain('REPRINT');
    expect((await table(t1))?.state).toBe('billPrinted');
    await shop.ok('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 700 }] }, shop.cashier);
    const receipt = await shop.ok<{ reprint: boolean }>('receipt.print', { orderId: bill.id }, shop.cashier);
    expect(receipt.reprint).toBe(false);
    expect((await shop.fail('table.printBill', { orderId: bill.id }, shop.cashier)).code).toBe('ORDER_NOT_EDITABLE');
  });
});

describe('rename and delete', () => {
  it('renames a table and sets its seats; a cashier may not', async () => {
    await shop.ok('table.update', { id: t1, name: 'Window 1', seats: 6 }, shop.manager);
    expect(await table(t1)).toMatchObject({ name: 'Window 1', seats: 6 });
    expect((await shop.fail('table.update', { id: t1, name: 'X' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('table.update', { id: t1, name: '   ' }, shop.manager)).code).toBe('VALIDATION_FAILED');
  });

  it('deletes a free table; refuses one with a running bill (also through archive)', async () => {
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    expect((await shop.fail('table.delete', { id: t1 }, shop.manager)).code).toBe('TABLE_OCCUPIED');
    expect((await shop.fail('table.update', { id: t1, archived: true }, shop.manager)).code).toBe('TABLE_OCCUPIED');
    expect((await shop.fail('table.delete', { id: t1 }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await table(t1))?.orderId).toBe(bill.id);

    const t2 = (await shop.ok<{ id: string }>('table.create', { name: '2' }, shop.manager)).id;
    expect(await shop.ok('table.delete', { id: t2 }, shop.manager)).toEqual({ deleted: 'removed' });
    expect(await table(t2)).toBeUndefined();
  });

  it('a table with past orders is archived, its orders keep the name, and the name can be used again', async () => {
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    await shop.ok('order.addLine', { orderId: bill.id, itemId: shop.items.water, qty: 1 }, shop.cashier);
    await shop.ok('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 50 }] }, shop.cashier);
    expect(await shop.ok('table.delete', { id: t1 }, shop.manager)).toEqual({ deleted: 'archived' });
    expect(await table(t1)).toBeUndefined();
    expect((await shop.ok<OrderView>('order.get', { orderId: bill.id }, shop.cashier)).tableName).toBe('1');
    const again = await shop.ok<{ id: string; seats: number }>('table.create', { name: '1', seats: 2 }, shop.manager);
    expect(again.seats).toBe(2);
    expect((await table(again.id))?.state).toBe('free');
  });
});
