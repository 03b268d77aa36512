/**
 * Random sequences of till operations through the API (fast-check), then the ledger's
 * invariants checked in SQL: order totals are the sums of their lines, payments cover paid
 * orders exactly, voided orders net to zero, refunds never exceed what was paid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';

type Op =
  | { kind: 'add'; item: number; qty: number }
  | { kind: 'discount'; percent: boolean; value: number; line: boolean }
  | { kind: 'pay'; fraction: number; cash: boolean }
  | { kind: 'void' }
  | { kind: 'refund'; fraction: number }
  | { kind: 'new' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), item: fc.nat(3), qty: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('discount' as const), percent: fc.boolean(), value: fc.integer({ min: 1, max: 3000 }), line: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pay' as const), fraction: fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 1, noNaN: true })), cash: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'void' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), fraction: fc.double({ min: 0.05, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'new' as const }) },
);

async function apply(shop: TestShop, state: { order: OrderView }, op: Op): Promise<void> {
  const items = [shop.items.coffee, shop.items.toast, shop.items.water, shop.items.pizza];
  const o = state.order;
  switch (op.kind) {
    case 'new':
      state.order = await shop.ok<OrderView>('order.create', {}, shop.cashier);
      return;
    case 'add': {
      const itemId = items[op.item] ?? shop.items.coffee;
      const optionIds = itemId === shop.items.pizza ? [shop.pizzaOptions.large] : [];
      const r = await shop.api.call<OrderView>('order.addLine', { orderId: o.id, itemId, qty: op.qty, optionIds }, shop.cashier);
      if (r.ok) state.order = r.value;
      return;
    }
    case 'discount': {
      const lineId = op.line ? o.lines.find((l) => l.status === 'active')?.id : undefined;
      const discount = op.percent ? { kind: 'percent', value: op.value } : { kind: 'amount', value: op.value };
      const r = await shop.api.call<OrderView>('order.setDiscount', { orderId: o.id, lineId, discount, reason: 'prop' }, shop.manager);
      if (r.ok) state.order = r.value;
      return;
    }
    case 'pay': {
      const amount = Math.max(1, Math.round(o.dueCents * op.fraction));
      const tender = op.cash ? { method: 'cash', tenderedCents: amount + 500, amountCents: amount } : { method: 'card', amountCents: amount };
      const r = await shop.api.call<{ order: OrderView }>('payment.take', { orderId: o.id, tenders: [tender] }, shop.cashier);
      if (r.ok) state.order = r.value.order;
      return;
    }
    case 'void': {
      const r = await shop.api.call<OrderView>('order.void', { orderId: o.id, reason: 'prop' }, shop.manager);
      if (r.ok) state.order = r.value;
      return;
    }
    case 'refund': {
      const amount = Math.max(1, Math.round(o.paidCents * op.fraction));
      await shop.api.call('order.refund', { orderId: o.id, method: 'card', reason: 'prop', amountCents: amount }, shop.manager);
      state.order = await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.manager);
    }
  }
}

function checkInvariants(shop: TestShop): void {
  const q = <T>(sql: string) => shop.db.prepare(sql).all() as T[];
  expect(q(`SELECT o.id FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id AND l.status = 'active'
    GROUP BY o.id HAVING MAX(o.total_cents) <> COALESCE(SUM(l.total_cents), 0) OR MAX(o.tax_cents) <> COALESCE(SUM(l.tax_cents), 0)
      OR MAX(o.subtotal_cents) <> COALESCE(SUM(l.gross_cents), 0)`), 'order totals = sum of lines').toEqual([]);
  expect(q(`SELECT id FROM order_lines WHERE status = 'active' AND total_cents <> net_cents + tax_cents AND total_cents <> gross_cents - discount_cents`), 'line arithmetic').toEqual([]);
  expect(q(`SELECT o.id FROM orders o LEFT JOIN payments p ON p.order_id = o.id AND p.reverses_payment_id IS NULL
    WHERE o.status <> 'voided' GROUP BY o.id HAVING MAX(o.paid_cents) <> COALESCE(SUM(p.amount_cents), 0)`), 'paid = payments').toEqual([]);
  expect(q(`SELECT id FROM orders WHERE status = 'paid' AND paid_cents <> total_cents`), 'paid orders are covered exactly').toEqual([]);
  // An unpaid order never holds more than its total (a discount may bring it down to exactly what was paid).
  expect(q(`SELECT id FROM orders WHERE status IN ('draft', 'open') AND paid_cents > total_cents`), 'open orders not overpaid').toEqual([]);
  expect(q(`SELECT o.id FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.status = 'voided' GROUP BY o.id HAVING SUM(p.amount_cents) <> 0`), 'voids net to zero').toEqual([]);
  expect(q(`SELECT o.id FROM orders o JOIN refunds r ON r.order_id = o.id GROUP BY o.id HAVING SUM(r.amount_cents) > MAX(o.paid_cents)`), 'refunds ≤ paid').toEqual([]);
  expect(q(`SELECT id FROM orders WHERE total_cents < 0 OR paid_cents < 0`), 'no negative bills').toEqual([]);
}

describe('ledger invariants under random till operations', () => {
  it('hold after every sequence', async () => {
    const seen = { paid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const shop = await createTestShop();
        await shop.ok('shift.open', { openingFloatCents: 0 }, shop.cashier); // cash needs an open shift
        try {
          const state = { order: await shop.ok<OrderView>('order.create', {}, shop.cashier) };
          for (const op of ops) await apply(shop, state, op);
          checkInvariants(shop);
          seen.paid += (shop.db.prepare("SELECT COUNT(*) AS n FROM orders WHERE status = 'paid'").get() as { n: number }).n;
        } finally {
          shop.cleanup();
        }
      }),
      { numRuns: 25 },
    );
    // The generator really reaches paid orders (not only drafts).
    expect(seen.paid).toBeGreaterThan(0);
  });
});
