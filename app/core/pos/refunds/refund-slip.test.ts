/**
 * The refund slip over a real shop: refunding picked items (and an amount) queues a slip on the
 * receipt printer whose bytes, decoded, name the order, the items handed back, the VAT taken
 * back per rate, the method and the reason; a second print says REPRINT; a click twice prints once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { getPrintJobPayload, type PrintJobView } from '../../print/print-queue';
import { inspectEscPos } from '../receipts/escpos-inspect';
import type { OrderView } from '../orders/order-view';
import type { RefundView } from './refunds';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('settings.update', { language: 'en', locale: 'en-IE', printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
});
afterEach(() => shop.cleanup());

async function paid(): Promise<OrderView> {
  const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
  await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
  await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
  await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 990 }] }, shop.cashier);
  return shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier);
}

const slipText = (job: PrintJobView) => inspectEscPos(getPrintJobPayload(shop.db, job.id), 'cp737');

describe('refund slip', () => {
  it('prints the items picked, their VAT per rate, the method, the reason and who refunded', async () => {
    const order = await paid();
    const coffee = order.lines.find((l) => l.qty === 2)!;
    const refund = await shop.ok<RefundView>('order.refund', { orderId: order.id, method: 'card', reason: 'spilled', lines: [{ lineId: coffee.id, qty: 1 }] }, shop.manager);
    expect(refund.amountCents).toBe(350);
    const { job } = await shop.ok<{ job: PrintJobView }>('refund.printSlip', { refundId: refund.id, idempotencyKey: 'click-0001' }, shop.manager);
    expect(job).toMatchObject({ printerId: 'counter', kind: 'receipt', ref: `refund:${refund.id}`, status: 'pending' });
    const text = slipText(job);
    expect(text).toContain('REFUND');
    expect(text).toContain(`Order #${order.number}`);
    expect(text).toMatch(/1 x Freddo Espresso\s+-EUR3\.50/);
    const vat = Math.round((350 * coffee.taxCents) / coffee.totalCents);
    expect(text).toMatch(new RegExp(`VAT refunded 24%\\s+-EUR0\\.${String(vat).padStart(2, '0')}`));
    expect(text).not.toContain('13%');
    expect(text).toMatch(/TOTAL REFUNDED\s+-EUR3\.50/);
    expect(text).toMatch(/Card\s+-EUR3\.50/);
    expect(text).toContain('Reason: spilled');
    expect(text).toMatch(/Refunded by\s+Manos/);
    expect(text).not.toContain('REPRINT');
    expect(text).toMatch(/\[CUT \d+\]$/);

    // The same click again: the same job, nothing new queued. A new print: marked REPRINT.
    const again = await shop.ok<{ job: PrintJobView; duplicate: boolean }>('refund.printSlip', { refundId: refund.id, idempotencyKey: 'click-0001' }, shop.manager);
    expect(again).toMatchObject({ duplicate: true, job: { id: job.id } });
    const reprint = await shop.ok<{ job: PrintJobView }>('refund.printSlip', { refundId: refund.id, idempotencyKey: 'click-0002' }, shop.cashier);
    expect(slipText(reprint.job)).toContain('REPRINT');
  });

  it('a refund by amount prints the amount and spreads its VAT over the order\'s rates', async () => {
    const order = await paid();
    const refund = await shop.ok<RefundView>('order.refund', { orderId: order.id, method: 'card', reason: 'late', amountCents: 495 }, shop.manager);
    const text = slipText((await shop.ok<{ job: PrintJobView }>('refund.printSlip', { refundId: refund.id }, shop.manager)).job);
    expect(text).toMatch(/Amount refunded\s+-EUR4\.95/);
    expect(text).toMatch(/VAT refunded 24%/);
    expect(text).toMatch(/VAT refunded 13%/);
  });

  it('without a receipt printer it answers PRINTER_NOT_FOUND; the refund itself stands', async () => {
    await shop.ok('settings.update', { printers: [] }, shop.owner);
    const order = await paid();
    const refund = await shop.ok<RefundView>('order.refund', { orderId: order.id, method: 'card', reason: 'late', amountCents: 100 }, shop.manager);
    expect((await shop.fail('refund.printSlip', { refundId: refund.id }, shop.manager)).code).toBe('PRINTER_NOT_FOUND');
    expect(await shop.ok<RefundView[]>('order.listRefunds', { orderId: order.id }, shop.manager)).toHaveLength(1);
  });
});
