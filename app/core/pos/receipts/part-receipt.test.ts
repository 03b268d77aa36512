/**
 * Issue 11 (2): a split guest's receipt is that guest's bill (their lines or their share, their
 * total, VAT and payment); the table's receipt stays whole. Real shop through the API; the
 * receipt bytes are the queued job, decoded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { getPrintJobPayload, type PrintJobView } from '../../print/print-queue';
import { inspectEscPos } from './escpos-inspect';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('settings.update', {
    language: 'en', locale: 'en-IE',
    printers: [{ id: 'till', name: 'Till', host: '127.0.0.1', port: 9, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true }],
  }, shop.owner);
});
afterEach(() => shop.cleanup());

interface Bill { id: string; totalCents: number; lines: { id: string; name: string }[] }
interface Paid { payments: { id: string }[] }

/** Table 4: 2 × Freddo Espresso (3.50, 24 %), 1 × Toast (2.90, 13 %) = 9.90. */
async function tableBill(): Promise<Bill & { coffee: string; toast: string }> {
  const table = await shop.ok<{ id: string }>('table.create', { name: '4' }, shop.owner);
  const order = await shop.ok<Bill>('table.open', { tableId: table.id }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
  const bill = await shop.ok<Bill>('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
  const line = (name: string) => bill.lines.find((l) => l.name === name)?.id ?? '';
  return { ...bill, coffee: line('Freddo Espresso'), toast: line('Toast') };
}

async function printed(input: Record<string, unknown>): Promise<string> {
  const r = await shop.ok<{ job: PrintJobView }>('receipt.print', input, shop.cashier);
  return inspectEscPos(getPrintJobPayload(shop.db, r.job.id), 'cp737');
}

describe('split receipts', () => {
  it('a guest who took items gets a receipt of their items, total, VAT and payment', async () => {
    const bill = await tableBill();
    const items = [{ lineId: bill.coffee, qty: 1 }];
    const split = await shop.ok<{ parts: { amountCents: number }[] }>('bill.splitByItems', { orderId: bill.id, parts: [items] }, shop.cashier);
    expect(split.parts[0]?.amountCents).toBe(350);
    const paid = await shop.ok<Paid>('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier);
    const text = await printed({ orderId: bill.id, idempotencyKey: 'print-0001', part: { paymentIds: paid.payments.map((p) => p.id), items } });
    expect(text).toContain('1 x Freddo Espresso');
    expect(text).not.toContain('2 x Freddo Espresso');
    expect(text).not.toContain('Toast');
    expect(text).toMatch(/TOTAL\s+EUR3\.50/);
    expect(text).toMatch(/VAT 24%.*EUR0\.68/);
    expect(text).not.toContain('VAT 13%');
    expect(text).toMatch(/Card\s+EUR3\.50/);
    expect(text).toMatch(/Split bill . bill total EUR9\.90/);
  });

  it('an equal share prints "1/2 of the bill", that share of each VAT rate and its own cash and change', async () => {
    const bill = await tableBill();
    const { amountsCents } = await shop.ok<{ amountsCents: number[] }>('bill.splitEqually', { orderId: bill.id, parts: 2 }, shop.cashier);
    expect(amountsCents).toEqual([495, 495]);
    await shop.ok('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 495 }] }, shop.cashier);
    const second = await shop.ok<Paid>('payment.take', { orderId: bill.id, tenders: [{ method: 'cash', tenderedCents: 500 }] }, shop.cashier);
    const text = await printed({ orderId: bill.id, idempotencyKey: 'print-0002', part: { paymentIds: [second.payments[0]?.id], shareOf: 2 } });
    expect(text).toContain('1 x 1/2 of the bill');
    expect(text).toMatch(/TOTAL\s+EUR4\.95/);
    // The bill's VAT: 24 % of 7.00 incl. = 1.35, 13 % of 2.90 incl. = 0.33; half of each.
    expect(text).toMatch(/VAT 13%.*EUR0\.17/);
    expect(text).toMatch(/VAT 24%.*EUR0\.68/);
    expect(text).toMatch(/Cash\s+EUR5\.00/);
    expect(text).toMatch(/Change\s+EUR0\.05/);
    expect(text).not.toContain('Card');
  });

  it('the full-table receipt stays available and lists every line and every payment', async () => {
    const bill = await tableBill();
    await shop.ok('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier);
    await shop.ok('payment.take', { orderId: bill.id, tenders: [{ method: 'cash', tenderedCents: 640 }] }, shop.cashier);
    const text = await printed({ orderId: bill.id, idempotencyKey: 'print-0003' });
    expect(text).toContain('2 x Freddo Espresso');
    expect(text).toContain('1 x Toast');
    expect(text).toMatch(/TOTAL\s+EUR9\.90/);
    expect(text).toMatch(/Card\s+EUR3\.50/);
    expect(text).toMatch(/Cash\s+EUR6\.40/);
    expect(text).not.toContain('Split bill');
    const html = await shop.ok<{ html: string }>('receipt.html', { orderId: bill.id, part: { paymentIds: [(await shop.ok<{ payments: { id: string }[] }>('order.get', { orderId: bill.id }, shop.cashier)).payments[0]?.id], items: [{ lineId: bill.coffee, qty: 1 }] } }, shop.cashier);
    expect(html.html).toContain('1 × Freddo Espresso');
    expect(html.html).not.toContain('Toast');
  });

  it('refuses a payment or a line from another bill, or more units than the line has', async () => {
    const bill = await tableBill();
    const paid = await shop.ok<Paid>('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier);
    const ids = paid.payments.map((p) => p.id);
    expect((await shop.fail('receipt.print', { orderId: bill.id, part: { paymentIds: ['nope'], shareOf: 2 } }, shop.cashier)).code).toBe('SPLIT_INVALID');
    expect((await shop.fail('receipt.print', { orderId: bill.id, part: { paymentIds: ids, items: [{ lineId: bill.toast, qty: 2 }] } }, shop.cashier)).code).toBe('SPLIT_INVALID');
    expect((await shop.fail('receipt.print', { orderId: bill.id, part: { paymentIds: ids } }, shop.cashier)).code).toBe('VALIDATION_FAILED');
  });
});
