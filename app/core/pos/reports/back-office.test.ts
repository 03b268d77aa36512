/**
 * The back office over a real shop (temp SQLite, the API): the Orders screen's journal and its
 * search, VAT by rate with refunds (by lines and by amount), and CSV exports that hold the whole
 * table, not the screen's top 10.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import { parseCsv } from '../../../shared/csv';
import type { JournalOrder } from './order-journal';
import type { SalesReport } from './sales-report';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

async function sale(lines: { itemId: string; qty: number }[], method: 'cash' | 'card', extra: { tableId?: string; comment?: string } = {}): Promise<OrderView> {
  const o = extra.tableId
    ? await shop.ok<OrderView>('table.open', { tableId: extra.tableId }, shop.cashier)
    : await shop.ok<OrderView>('order.create', {}, shop.cashier);
  for (const l of lines) await shop.ok('order.addLine', { orderId: o.id, ...l }, shop.cashier);
  if (extra.comment) await shop.ok('order.setDetails', { orderId: o.id, comment: extra.comment }, shop.cashier);
  const due = (await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier)).dueCents;
  await shop.ok('payment.take', { orderId: o.id, tenders: [method === 'cash' ? { method, tenderedCents: due } : { method, amountCents: due }] }, shop.cashier);
  return shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier);
}

describe('order journal', () => {
  it('shows payment method, table, staff and the order note; finds an order by number or amount', async () => {
    const table = await shop.ok<{ id: string }>('table.create', { name: 'T4' }, shop.owner);
    const a = await sale([{ itemId: shop.items.coffee, qty: 2 }], 'card', { tableId: table.id, comment: 'birthday, no candles' });
    const b = await sale([{ itemId: shop.items.water, qty: 1 }], 'cash');
    const day = a.businessDay;
    const all = await shop.ok<JournalOrder[]>('orders.journal', { businessDay: day }, shop.cashier);
    expect(all.map((o) => o.number)).toEqual([a.number, b.number]);
    expect(all[0]).toMatchObject({ tableName: 'T4', staffName: 'Katerina', comment: 'birthday, no candles', methods: ['card'], totalCents: 700 });
    expect(all[1]).toMatchObject({ tableName: null, methods: ['cash'], totalCents: 50 });

    expect((await shop.ok<JournalOrder[]>('orders.journal', { businessDay: day, number: b.number }, shop.cashier)).map((o) => o.id)).toEqual([b.id]);
    expect((await shop.ok<JournalOrder[]>('orders.journal', { businessDay: day, amountCents: 700 }, shop.cashier)).map((o) => o.id)).toEqual([a.id]);
    expect(await shop.ok<JournalOrder[]>('orders.journal', { businessDay: day, amountCents: 123 }, shop.cashier)).toEqual([]);
    // zod at the edge: a negative amount is refused with a code.
    expect((await shop.fail('orders.journal', { businessDay: day, amountCents: -1 }, shop.cashier)).code).toBe('VALIDATION_FAILED');
  });

  it('a refund shows on the journal line', async () => {
    const a = await sale([{ itemId: shop.items.toast, qty: 2 }], 'cash');
    await shop.ok('order.refund', { orderId: a.id, method: 'cash', reason: 'cold', lines: [{ lineId: a.lines[0]!.id, qty: 1 }] }, shop.manager);
    const [row] = await shop.ok<JournalOrder[]>('orders.journal', { businessDay: a.businessDay }, shop.cashier);
    expect(row).toMatchObject({ refundedCents: 290, paidCents: 580 });
  });
});

describe('VAT by rate', () => {
  it('gives net, VAT and gross per rate, minus refunds by line and by amount, summing to the report', async () => {
    const a = await sale([{ itemId: shop.items.coffee, qty: 2 }, { itemId: shop.items.toast, qty: 1 }], 'card');
    const b = await sale([{ itemId: shop.items.water, qty: 1 }], 'cash');
    const coffee = a.lines.find((l) => l.qty === 2)!;
    await shop.ok('order.refund', { orderId: a.id, method: 'card', reason: 'spilled', lines: [{ lineId: coffee.id, qty: 1 }] }, shop.manager);
    await shop.ok('order.refund', { orderId: b.id, method: 'cash', reason: 'warm', amountCents: 50 }, shop.manager);
    const day = a.businessDay;
    const report = await shop.ok<SalesReport>('reports.sales', { from: day, to: day }, shop.manager);
    const [r24, r13] = report.byTaxRate;
    expect(report.byTaxRate.map((r) => r.rateBasisPoints)).toEqual([2400, 1300]);
    const sum = (o: OrderView[], bp: number, k: 'netCents' | 'taxCents') => o.reduce((s, x) => s + x.lines.filter((l) => l.taxRateBp === bp).reduce((t, l) => t + l[k], 0), 0);
    expect(r24).toMatchObject({ grossCents: 700, netCents: sum([a], 2400, 'netCents'), taxCents: sum([a], 2400, 'taxCents'), refundGrossCents: 350 });
    expect(r24!.refundTaxCents).toBe(Math.round((350 * coffee.taxCents) / coffee.totalCents));
    expect(r24!.finalGrossCents).toBe(350);
    expect(r24!.finalNetCents + r24!.finalTaxCents).toBe(r24!.finalGrossCents);
    expect(r13).toMatchObject({ grossCents: 290 + 50, refundGrossCents: 50, finalGrossCents: 290 });
    // The rates add up to the report's own totals: nothing lost to rounding.
    expect(report.byTaxRate.reduce((s, r) => s + r.taxCents, 0)).toBe(report.totals.taxCents);
    expect(report.byTaxRate.reduce((s, r) => s + r.refundGrossCents, 0)).toBe(report.totals.refundCents);

    const csv = await shop.ok<{ content: string; fileName: string }>('reports.csv', { from: day, to: day, section: 'byTaxRate' }, shop.manager);
    const rows = parseCsv(csv.content);
    expect(rows[0]).toEqual(['vat_rate_percent', 'net', 'vat', 'gross', 'refunded_net', 'refunded_vat', 'refunded_gross', 'final_net', 'final_vat', 'final_gross']);
    expect(rows[1]?.[0]).toBe('24');
    expect(rows[1]?.[3]).toBe('7.00');
    expect(rows[1]?.[9]).toBe('3.50');
    expect(csv.fileName).toMatch(/byTaxRate/);
  });
});

describe('CSV export is the whole table', () => {
  it('exports every item sold (55), not the top 10 the screen shows nor a cap of 50', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) {
      ids.push((await shop.ok<{ id: string }>('catalog.createItem', { categoryId: shop.categoryId, name: `Cake ${i}`, priceCents: 100 + i, taxRateId: shop.rates.reduced }, shop.owner)).id);
    }
    const day = (await sale(ids.map((itemId) => ({ itemId, qty: 1 })), 'card')).businessDay;
    const report = await shop.ok<SalesReport>('reports.sales', { from: day, to: day }, shop.manager);
    expect(report.topSellers).toHaveLength(10);
    for (const section of ['topSellers', 'byItem'] as const) {
      const csv = await shop.ok<{ content: string }>('reports.csv', { from: day, to: day, section }, shop.manager);
      expect(parseCsv(csv.content)).toHaveLength(1 + 55);
    }
  });
});
