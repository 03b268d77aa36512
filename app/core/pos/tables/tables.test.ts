import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import type { PaymentResult } from '../payments/payments';
import { splitBillByAmounts, splitBillByItems, splitBillEqually } from './splits';
import type { TableStatus } from './tables';

let shop: TestShop;
let t1: string;
let t2: string;
let t3: string;
beforeEach(async () => {
  shop = await createTestShop();
  [t1, t2, t3] = await Promise.all(['1', '2', '3'].map(async (name) => (await shop.ok<{ id: string }>('table.create', { name, area: 'Terrace' }, shop.manager)).id)) as [string, string, string];
});
afterEach(() => shop.cleanup());

const addLine = (orderId: string, itemId: string, qty = 1) => shop.ok<OrderView>('order.addLine', { orderId, itemId, qty }, shop.cashier);

describe('tables', () => {
  it('opens a running bill, returns the same bill when reopened, and shows it on the floor plan', async () => {
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1, guests: 2 }, shop.cashier);
    expect(bill).toMatchObject({ status: 'open', tableId: t1, tableName: '1', guests: 2 });
    await addLine(bill.id, shop.items.coffee, 2);
    const again = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    expect(again.id).toBe(bill.id);
    const floor = await shop.ok<TableStatus[]>('table.list', {}, shop.cashier);
    expect(floor.find((t) => t.id === t1)).toMatchObject({ orderId: bill.id, totalCents: 700 });
    expect(floor.find((t) => t.id === t2)?.orderId).toBeNull();
  });

  it('moves a bill to a free table only', async () => {
    const a = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    await shop.ok('table.open', { tableId: t2 }, shop.cashier);
    expect((await shop.fail('table.move', { orderId: a.id, toTableId: t2 }, shop.cashier)).code).toBe('TABLE_OCCUPIED');
    const moved = await shop.ok<OrderView>('table.move', { orderId: a.id, toTableId: t3 }, shop.cashier);
    expect(moved.tableId).toBe(t3);
    const fresh = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    expect(fresh.id).not.toBe(a.id);
  });

  it('merges two bills: lines move, totals add up, the source is marked merged', async () => {
    const a = await shop.ok<OrderView>('table.open', { tableId: t1, guests: 2 }, shop.cashier);
    const b = await shop.ok<OrderView>('table.open', { tableId: t2, guests: 3 }, shop.cashier);
    await addLine(a.id, shop.items.coffee);
    await addLine(b.id, shop.items.toast, 2);
    const merged = await shop.ok<OrderView>('table.merge', { fromTableId: t2, intoTableId: t1 }, shop.cashier);
    expect(merged.id).toBe(a.id);
    expect(merged.lines.map((l) => l.name)).toEqual(['Freddo Espresso', 'Toast']);
    expect(merged.totalCents).toBe(350 + 580);
    expect(merged.guests).toBe(5);
    const src = await shop.ok<OrderView>('order.get', { orderId: b.id }, shop.cashier);
    expect(src).toMatchObject({ status: 'merged', mergedIntoOrderId: a.id, totalCents: 0, tableId: null });
  });

  it('refuses to merge a bill that has part payments', async () => {
    const a = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    const b = await shop.ok<OrderView>('table.open', { tableId: t2 }, shop.cashier);
    await addLine(a.id, shop.items.coffee);
    await addLine(b.id, shop.items.coffee);
    await shop.ok('payment.take', { orderId: b.id, tenders: [{ method: 'card', amountCents: 100 }] }, shop.cashier);
    expect((await shop.fail('table.merge', { fromTableId: t2, intoTableId: t1 }, shop.cashier)).code).toBe('TABLE_HAS_PAYMENTS');
  });

  it('splits a running bill three ways and collects it in part payments', async () => {
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    await addLine(bill.id, shop.items.coffee, 2);
    await addLine(bill.id, shop.items.water); // 7.50
    const { amountsCents } = await shop.ok<{ amountsCents: number[] }>('bill.splitEqually', { orderId: bill.id, parts: 3 }, shop.cashier);
    expect(amountsCents).toEqual([250, 250, 250]);
    let last: PaymentResult | undefined;
    for (const amount of amountsCents) last = await shop.ok<PaymentResult>('payment.take', { orderId: bill.id, tenders: [{ method: 'card', amountCents: amount }] }, shop.cashier);
    expect(last?.order.status).toBe('paid');
    const floor = await shop.ok<TableStatus[]>('table.list', {}, shop.cashier);
    expect(floor.find((t) => t.id === t1)?.orderId).toBeNull();
  });

  it('splits by items: each guest pays their lines, shared lines divide exactly', async () => {
    const bill = await shop.ok<OrderView>('table.open', { tableId: t1 }, shop.cashier);
    await addLine(bill.id, shop.items.coffee, 3);
    const v = await addLine(bill.id, shop.items.toast);
    const [coffee, toast] = v.lines;
    const split = await shop.ok<{ parts: { amountCents: number }[]; restCents: number; totalCents: number }>('bill.splitByItems', {
      orderId: bill.id, parts: [[{ lineId: coffee?.id, qty: 2 }], [{ lineId: coffee?.id, qty: 1 }, { lineId: toast?.id, qty: 1 }]],
    }, shop.cashier);
    expect(split.parts.map((p) => p.amountCents)).toEqual([700, 640]);
    expect(split.restCents).toBe(0);
    expect((await shop.fail('bill.splitByItems', { orderId: bill.id, parts: [[{ lineId: coffee?.id, qty: 4 }]] }, shop.cashier)).code).toBe('SPLIT_INVALID');
  });
});

describe('splits always add up to the bill (properties)', () => {
  it('equal splits', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100 }), (due, n) => {
      const parts = splitBillEqually(due, n);
      expect(parts).toHaveLength(n);
      expect(parts.reduce((a, p) => a + p, 0)).toBe(due);
      expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
    }), { numRuns: 500 });
  });

  it('splits by amount', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 10 }), (due, amounts) => {
      const sum = amounts.reduce((a, v) => a + v, 0);
      if (sum > due) {
        expect(() => splitBillByAmounts(due, amounts)).toThrow();
        return;
      }
      expect(splitBillByAmounts(due, amounts).reduce((a, p) => a + p, 0)).toBe(due);
    }), { numRuns: 500 });
  });

  it('splits by items, including lines shared across parts', () => {
    const lineArb = fc.record({ qty: fc.integer({ min: 1, max: 6 }), totalCents: fc.integer({ min: 0, max: 50_000 }) });
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { maxLength: 40 }), (rawLines, nParts, picks) => {
      const lines = rawLines.map((l, i) => ({ ...l, id: `l${i}` }));
      // Hand each unit of each line to a part (or leave it unassigned), driven by `picks`.
      const parts: { lineId: string; qty: number }[][] = Array.from({ length: nParts }, () => []);
      let k = 0;
      for (const line of lines) {
        for (let u = 0; u < line.qty; u++) {
          const target = (picks[k++ % Math.max(1, picks.length)] ?? 0) % (nParts + 1);
          if (target < nParts) parts[target]?.push({ lineId: line.id, qty: 1 });
        }
      }
      const split = splitBillByItems(lines, parts);
      const total = lines.reduce((a, l) => a + l.totalCents, 0);
      expect(split.parts.reduce((a, p) => a + p.amountCents, 0) + split.restCents).toBe(total);
      expect(split.restCents).toBeGreaterThanOrEqual(0);
      for (const p of split.parts) expect(p.amountCents).toBe(p.items.reduce((a, i) => a + i.amountCents, 0));
    }), { numRuns: 500 });
  });
});
