/**
 * Issue 11 (3, 5): cash opens the drawer (ESC p on the printer marked as having it), exactly
 * once per event; card-only sales don't; "No sale" is a manager's, audited. Counter orders paid
 * without a Send go to their stations (a setting, default on). Real shop through the API; the
 * printer bytes are the queued jobs, decoded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../api/test-shop';
import { inspectEscPos } from '../pos/receipts/escpos-inspect';
import { getPrintJobPayload, listPrintJobs } from './print-queue';

let shop: TestShop;
const printer = (id: string, station: string, cashDrawer = false) =>
  ({ id, name: `${id} printer`, host: '127.0.0.1', port: 9, paper: 80, codePage: 'cp737', station, enabled: true, cashDrawer });

beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('settings.update', { language: 'en', printers: [printer('kitchen', 'kitchen'), printer('till', 'receipt', true)] }, shop.owner);
});
afterEach(() => shop.cleanup());

function jobs(printerId: string, kind?: string): string[] {
  return listPrintJobs(shop.db, { limit: 100 }).filter((j) => j.printerId === printerId && (kind === undefined || j.kind === kind)).reverse()
    .map((j) => inspectEscPos(getPrintJobPayload(shop.db, j.id), 'cp737'));
}
const kicks = () => jobs('till', 'drawer');

async function counterOrder(itemId = shop.items.toast) {
  const order = await shop.ok<{ id: string }>('order.create', {}, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId, qty: 1 }, shop.cashier);
  return order.id;
}

describe('cash drawer', () => {
  it('a cash payment kicks the drawer once; the bytes are only the pulse', async () => {
    const orderId = await counterOrder();
    await shop.ok('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: 500 }] }, shop.cashier);
    expect(kicks()).toEqual(['[DRAWER 0 25 250]']);
    expect(jobs('kitchen', 'drawer')).toEqual([]);
  });

  it('a card-only sale does not open it; a mixed one opens it once', async () => {
    const card = await counterOrder();
    await shop.ok('payment.take', { orderId: card, tenders: [{ method: 'card', amountCents: 290 }] }, shop.cashier);
    expect(kicks()).toEqual([]);
    const mixed = await counterOrder();
    await shop.ok('payment.take', { orderId: mixed, tenders: [{ method: 'cash', tenderedCents: 100, amountCents: 100 }, { method: 'cash', tenderedCents: 90 }, { method: 'card', amountCents: 100 }] }, shop.cashier);
    expect(kicks()).toHaveLength(1);
  });

  it('cash in and cash out each open it once', async () => {
    await shop.ok('shift.open', { openingFloatCents: 10_000 }, shop.cashier);
    await shop.ok('shift.cashIn', { amountCents: 2_000, reason: 'change from the bank' }, shop.cashier);
    await shop.ok('shift.cashOut', { amountCents: 500, reason: 'milk' }, shop.manager);
    expect(kicks()).toHaveLength(2);
  });

  it('"No sale" is a manager\'s, audited, once per click; a cashier is refused', async () => {
    expect((await shop.fail('drawer.open', { idempotencyKey: 'nosale-0001' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    await shop.ok('drawer.open', { reason: 'change for 50', idempotencyKey: 'nosale-0001' }, shop.manager);
    await shop.ok('drawer.open', { reason: 'change for 50', idempotencyKey: 'nosale-0001' }, shop.manager);
    expect(kicks()).toEqual(['[DRAWER 0 25 250]']);
    const audit = shop.db.prepare("SELECT staff_id AS staffId, details FROM audit_log WHERE action = 'drawer.noSale'").all() as { staffId: string; details: string }[];
    expect(audit).toEqual([{ staffId: shop.manager.id, details: JSON.stringify({ reason: 'change for 50' }) }]);
  });

  it('without a drawer printer nothing is queued, and "No sale" says what to set up', async () => {
    await shop.ok('settings.update', { printers: [printer('till', 'receipt')] }, shop.owner);
    const orderId = await counterOrder();
    await shop.ok('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: 290 }] }, shop.cashier);
    expect(kicks()).toEqual([]);
    const refused = await shop.fail('drawer.open', { idempotencyKey: 'nosale-0002' }, shop.manager);
    expect(refused).toMatchObject({ code: 'PRINTER_NOT_FOUND' });
    expect(refused.message).toContain('Settings');
  });

  it('a note cannot smuggle a drawer kick: control characters never reach the printer', async () => {
    const order = await shop.ok<{ id: string }>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.toast, note: 'x\u001bp\u0000\u0019\u00fa' }, shop.cashier);
    await shop.ok('kitchen.send', { orderId: order.id, idempotencyKey: 'send-0001' }, shop.cashier);
    expect(jobs('kitchen').join('')).not.toContain('[DRAWER');
  });
});

describe('counter orders paid without a Send', () => {
  it('paying sends the unsent items to their stations (default on), once', async () => {
    const orderId = await counterOrder();
    await shop.ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 290 }] }, shop.cashier);
    expect(jobs('kitchen')).toHaveLength(1);
    expect(jobs('kitchen')[0]).toContain('1 x Toast');
  });

  it('only what was not sent yet; a table order waits for its Send', async () => {
    const orderId = await counterOrder();
    await shop.ok('kitchen.send', { orderId, idempotencyKey: 'send-0001' }, shop.cashier);
    await shop.ok('order.addLine', { orderId, itemId: shop.items.pizza, optionIds: [shop.pizzaOptions.small] }, shop.cashier);
    await shop.ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 990 }] }, shop.cashier);
    expect(jobs('kitchen')).toHaveLength(2);
    expect(jobs('kitchen')[1]).toContain('1 x Pizza Margherita');
    expect(jobs('kitchen')[1]).not.toContain('Toast');
    const table = await shop.ok<{ id: string }>('table.create', { name: '3' }, shop.owner);
    const tableOrder = await shop.ok<{ id: string }>('table.open', { tableId: table.id }, shop.cashier);
    await shop.ok('order.addLine', { orderId: tableOrder.id, itemId: shop.items.toast }, shop.cashier);
    await shop.ok('payment.take', { orderId: tableOrder.id, tenders: [{ method: 'card', amountCents: 290 }] }, shop.cashier);
    expect(jobs('kitchen')).toHaveLength(2);
  });

  it('the shop can turn it off', async () => {
    const settings = await shop.ok<{ settings: { kitchen: Record<string, unknown> } }>('settings.get', {}, shop.owner);
    await shop.ok('settings.update', { kitchen: { ...settings.settings.kitchen, sendCounterOrdersOnPay: false } }, shop.owner);
    const orderId = await counterOrder();
    await shop.ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 290 }] }, shop.cashier);
    expect(jobs('kitchen')).toEqual([]);
  });
});
