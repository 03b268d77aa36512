/**
 * Shop operations over sales made by the real orders/payments/refunds modules (not test rows):
 * the Z-report, the sales report, the kitchen tickets and the receipt must agree with the ledger.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { createCategory, createItem } from '../catalog/catalog';
import { addLine, createOrder, setDiscount } from '../orders/orders';
import { takePayment } from '../payments/payments';
import { buildCustomerReceipt } from '../receipts/build-receipt';
import { sendOrderToKitchen } from '../receipts/kitchen-tickets';
import { refundOrder } from '../refunds/refunds';
import { voidOrder } from '../refunds/voids';
import { salesReport } from '../reports/sales-report';
import { getSettings } from '../settings/settings-store';
import type { SessionStaff } from '../staff/permissions';
import { ensureTaxRate } from '../taxes/rates';
import { closeShift, openShift, recordCashMovement } from './shifts';
import { insertStaff } from './test-ledger';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let cashier: SessionStaff;
let manager: SessionStaff;

beforeEach(() => {
  tmp = tempDir('pospal-ledger-ops-');
  clock = manualClock(Date.UTC(2026, 10, 20, 8, 0)); // 10:00 in Athens
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  cashier = { id: insertStaff(db, clock, 'Nikos', 'cashier'), name: 'Nikos', role: 'cashier' };
  manager = { id: insertStaff(db, clock, 'Maria', 'manager'), name: 'Maria', role: 'manager' };
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('shop operations over the real ledger', () => {
  it('Z-report, report, kitchen ticket and receipt agree with orders, payments, voids and refunds', () => {
    const deps = { db, clock };
    const vat24 = ensureTaxRate(db, clock, 2400);
    const vat13 = ensureTaxRate(db, clock, 1300);
    const coffee = createCategory(db, clock, { name: 'Καφέδες' });
    const food = createCategory(db, clock, { name: 'Φαγητό' });
    const freddo = createItem(db, clock, {
      categoryId: coffee.id, name: 'Φρέντο εσπρέσο', description: '', priceCents: 330, taxRateId: vat24.id, barcode: null,
      allergens: [], dietaryTags: [], notePresets: [], imagePath: null, available: true,
      optionGroups: [{ name: 'Ζάχαρη', minChoices: 1, maxChoices: 1, options: [{ name: 'Μέτριο', priceDeltaCents: 0 }, { name: 'Με μέλι', priceDeltaCents: 20 }] }],
    });
    const toast = createItem(db, clock, {
      categoryId: food.id, name: 'Τοστ', description: '', priceCents: 400, taxRateId: vat13.id, barcode: null,
      allergens: [], dietaryTags: [], notePresets: [], imagePath: null, available: true, optionGroups: [],
    });
    const honey = freddo.optionGroups[0]?.options[1]?.id ?? '';

    openShift(db, clock, cashier.id, 10_000);
    clock.advance(60_000);

    // Order 1: 3 × freddo with honey (3 × 3.50) + toast, 10% order discount, cash 20.00.
    let o1 = createOrder(deps, cashier, {});
    addLine(deps, { orderId: o1.id, itemId: freddo.id, qty: 3, optionIds: [honey], note: 'πολύ κρύο' });
    o1 = addLine(deps, { orderId: o1.id, itemId: toast.id, qty: 1, optionIds: [], note: '' });
    const sent = sendOrderToKitchen(db, clock, getSettings(db), { orderId: o1.id, staffId: cashier.id, idempotencyKey: 'send-o1' });
    expect(sent.tickets.flatMap((t) => t.lines.map((l) => [l.name, l.qtyDelta]))).toEqual([['Φρέντο εσπρέσο', 3], ['Τοστ', 1]]);
    o1 = setDiscount(deps, manager, { orderId: o1.id, discount: { kind: 'percent', value: 1000 }, reason: 'regular' });
    const pay1 = takePayment(deps, cashier, { orderId: o1.id, tenders: [{ method: 'cash', tenderedCents: 2_000 }] });
    expect(pay1.paid).toBe(true);
    clock.advance(60_000);

    // Order 2: card; later refunded 1 toast. Order 3: paid then voided.
    const o2 = createOrder(deps, cashier, {});
    addLine(deps, { orderId: o2.id, itemId: toast.id, qty: 2, optionIds: [], note: '' });
    takePayment(deps, cashier, { orderId: o2.id, tenders: [{ method: 'card', amountCents: 800 }] });
    const o3 = createOrder(deps, cashier, {});
    addLine(deps, { orderId: o3.id, itemId: freddo.id, qty: 1, optionIds: [freddo.optionGroups[0]?.options[0]?.id ?? ''], note: '' });
    takePayment(deps, cashier, { orderId: o3.id, tenders: [{ method: 'cash', tenderedCents: 330 }] });
    clock.advance(60_000);
    voidOrder(deps, manager, { orderId: o3.id, reason: 'wrong table' });
    refundOrder(deps, manager, { orderId: o2.id, method: 'card', reason: 'cold', amountCents: 400 });
    recordCashMovement(db, clock, manager.id, { kind: 'out', amountCents: 500, reason: 'ice' });
    clock.advance(60_000);

    const receipt = buildCustomerReceipt(db, getSettings(db), o1.id, { reprint: false, now: clock.now() });
    expect(receipt.totalCents).toBe(pay1.order.totalCents);
    expect(receipt.subtotalCents - receipt.discountCents).toBe(receipt.totalCents); // inclusive prices
    expect(receipt.taxes.reduce((a, t) => a + t.netCents + t.taxCents, 0)).toBe(receipt.totalCents);
    expect(receipt.changeCents).toBe(2_000 - receipt.totalCents);
    expect(receipt.lines[0]?.options).toEqual([{ name: 'Με μέλι', priceDeltaCents: 20 }]);

    const z = closeShift(db, clock, manager.id, { countedCashCents: 10_000 + receipt.totalCents - 500 });
    const s = z.summary;
    expect(s.sales.orderCount).toBe(2);
    expect(s.sales.totalCents).toBe(receipt.totalCents + 800);
    expect(s.byTaxRate.reduce((a, r) => a + r.totalCents, 0)).toBe(s.sales.totalCents);
    expect(s.byCategory.reduce((a, c) => a + c.totalCents, 0)).toBe(s.sales.totalCents);
    expect(s.discounts.amountCents).toBe(receipt.discountCents);
    expect(s.voids.orderCount).toBe(1);
    expect(s.refunds.amountCents).toBe(400);
    expect(s.byMethod.find((m) => m.method === 'cash')?.amountCents).toBe(receipt.totalCents); // the void's reversal cancels it
    expect(s.cash.expectedCents).toBe(10_000 + receipt.totalCents - 500);
    expect(s.cash.differenceCents).toBe(0);

    const report = salesReport(db, getSettings(db), { from: '2026-11-20', to: '2026-11-20' });
    expect(report.totals.totalCents).toBe(s.sales.totalCents);
    expect(report.totals.refundCents).toBe(400);
    expect(report.byHour[10]?.orderCount).toBe(2);
    // Same quantity: the bigger takings come first.
    expect(report.byItem.map((i) => [i.name, i.qty])).toEqual([['Τοστ', 3], ['Φρέντο εσπρέσο', 3]]);
  });
});
