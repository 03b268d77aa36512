/**
 * Taking payments: cash (tendered → change), card, or several at once (mixed). An order turns
 * `paid` only when its payments cover the total; the payments, the new paid amount and the
 * status commit in ONE transaction (synchronous=FULL) before the caller is told "paid".
 * Part payments (a table paying in turns) leave the order open with a smaller due.
 */
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { centsSchema } from '../../money';
import { getOrder, getOrderRow } from '../orders/order-view';
import type { OrderView, PaymentView } from '../orders/order-view';
import { assertEditable } from '../orders/orders';
import { assertCashAllowed, openShiftId } from '../orders/shift-link';
import type { SessionStaff } from '../staff/permissions';
import { sql } from '../../db/statements';
import { issueReceiptForPayment } from '../../fiscal/sale';
import type { ReceiptPart } from '../receipts/part-receipt';

export const tenderSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('cash'),
    /** What the customer handed over. */
    tenderedCents: centsSchema,
    /** Applied to the bill; default: min(tendered, due). */
    amountCents: centsSchema.optional(),
  }),
  z.object({ method: z.literal('card'), amountCents: centsSchema }),
]);
export type Tender = z.infer<typeof tenderSchema>;

export interface PaymentResult {
  order: OrderView;
  payments: PaymentView[];
  changeCents: number;
  dueCents: number;
  paid: boolean;
}

export function takePayment(
  { db, clock }: { db: Db; clock: Clock }, staff: SessionStaff,
  input: { orderId: string; tenders: Tender[]; part?: { items?: ReceiptPart['items'] } | undefined },
): PaymentResult {
  const ids: string[] = [];
  let change = 0;
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    if (order.status === 'paid') throw new PosError('ORDER_ALREADY_PAID', 'This order is already paid', { orderId: order.id });
    assertEditable(order);
    const lines = (sql(db, "SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ? AND status = 'active'").get(order.id) as { n: number }).n;
    if (lines === 0) throw new PosError('ORDER_EMPTY', 'The order has no lines');
    let due = order.total_cents - order.paid_cents;
    const now = clock.now();
    const shiftId = openShiftId(db);
    if (input.tenders.some((t) => t.method === 'cash')) assertCashAllowed(db, shiftId);
    const insert = sql(db, `INSERT INTO payments (id, order_id, method, amount_cents, tendered_cents, change_cents, staff_id, shift_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const t of input.tenders) {
      const amount = t.method === 'cash' ? (t.amountCents ?? Math.min(t.tenderedCents, due)) : t.amountCents;
      if (amount <= 0) throw new PosError('PAYMENT_EXCEEDS_DUE', 'Nothing left to pay with this tender', { dueCents: due });
      if (amount > due) throw new PosError('PAYMENT_EXCEEDS_DUE', 'The payment is more than what is due', { dueCents: due, amountCents: amount });
      let tendered: number | null = null;
      let changeCents = 0;
      if (t.method === 'cash') {
        if (t.tenderedCents < amount) throw new PosError('PAYMENT_TENDER_TOO_LOW', 'Cash handed over is less than the amount', { tenderedCents: t.tenderedCents, amountCents: amount });
        tendered = t.tenderedCents;
        changeCents = t.tenderedCents - amount;
      }
      const id = uuidv7(clock);
      insert.run(id, order.id, t.method, amount, tendered, changeCents, staff.id, shiftId, now);
      ids.push(id);
      change += changeCents;
      due -= amount;
    }
    const paidCents = order.total_cents - due;
    if (due === 0) {
      // The sale belongs to the shift that completes it (NULL: the next shift to open adopts it).
      sql(db, "UPDATE orders SET paid_cents = ?, status = 'paid', paid_at = ?, updated_at = ?, shift_id = ? WHERE id = ?").run(paidCents, now, now, shiftId, order.id);
    } else {
      sql(db, 'UPDATE orders SET paid_cents = ?, updated_at = ? WHERE id = ?').run(paidCents, now, order.id);
    }
    // The retail receipt (11.1) for this payment, committed with it (issue 15).
    issueReceiptForPayment(db, clock, order.id, ids, input.part);
  }).immediate();
  const order = getOrder(db, input.orderId);
  return {
    order,
    payments: order.payments.filter((p) => ids.includes(p.id)),
    changeCents: change,
    dueCents: order.dueCents,
    paid: order.status === 'paid',
  };
}
