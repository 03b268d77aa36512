/**
 * Refunds: money returned for a paid order, by amount or by lines (qty), with reason and staff.
 * A refund is its own record pointing at the original order; the order, its lines and its
 * payments are never edited. Refunds never exceed what was paid (nor a line's value).
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { allocateByWeights } from '../../money';
import { getOrderRow } from '../orders/order-view';
import type { PaymentMethod } from '../orders/order-view';
import { assertCashAllowed, openShiftId } from '../orders/shift-link';
import { writeAudit } from '../staff/audit';
import type { SessionStaff } from '../staff/permissions';
import { sql } from '../../db/statements';
import { issueCreditForRefund } from '../../fiscal/sale';

export interface RefundInput {
  orderId: string;
  method: PaymentMethod;
  reason: string;
  /** Either an amount, or lines with quantities (the amount is then their share of the line totals). */
  amountCents?: number | undefined;
  lines?: { lineId: string; qty: number }[] | undefined;
}

export interface RefundView {
  id: string; orderId: string; amountCents: number; method: PaymentMethod; reason: string; staffId: string;
  shiftId: string | null; createdAt: number; lines: { orderLineId: string; qty: number; amountCents: number }[];
}

export function refundOrder({ db, clock }: { db: Db; clock: Clock }, staff: SessionStaff, input: RefundInput): RefundView {
  const id = uuidv7(clock);
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    if (order.status !== 'paid') throw new PosError('ORDER_NOT_PAID', 'Only paid orders can be refunded', { orderId: order.id, status: order.status });
    const already = (sql(db, 'SELECT COALESCE(SUM(amount_cents), 0) AS s FROM refunds WHERE order_id = ?').get(order.id) as { s: number }).s;
    const refundable = order.paid_cents - already;
    const lineParts: { orderLineId: string; qty: number; amountCents: number }[] = [];
    if (input.lines && input.lines.length > 0) {
      for (const want of input.lines) {
        const line = sql(db, "SELECT id, qty, total_cents FROM order_lines WHERE id = ? AND order_id = ? AND status = 'active'").get(want.lineId, order.id) as
          { id: string; qty: number; total_cents: number } | undefined;
        if (!line) throw new PosError('LINE_NOT_FOUND', 'No such line on this order', { lineId: want.lineId });
        const prior = sql(db, 'SELECT COALESCE(SUM(qty), 0) AS q, COALESCE(SUM(amount_cents), 0) AS a FROM refund_lines WHERE order_line_id = ?').get(line.id) as { q: number; a: number };
        if (prior.q + want.qty > line.qty) {
          throw new PosError('REFUND_EXCEEDS_PAID', 'More of this line than was sold', { lineId: line.id, sold: line.qty, alreadyRefunded: prior.q });
        }
        // The last units take whatever is left of the line, so a line refunded in parts sums exactly to its total.
        const amount = prior.q + want.qty === line.qty
          ? line.total_cents - prior.a
          : (allocateByWeights(line.total_cents, [want.qty, line.qty - want.qty])[0] ?? 0);
        lineParts.push({ orderLineId: line.id, qty: want.qty, amountCents: amount });
      }
    }
    const amount = lineParts.length > 0 ? lineParts.reduce((a, l) => a + l.amountCents, 0) : (input.amountCents ?? refundable);
    if (input.amountCents !== undefined && lineParts.length > 0 && input.amountCents !== amount) {
      throw new PosError('VALIDATION_FAILED', 'Give either an amount or lines, not both', { field: 'amountCents' });
    }
    if (amount <= 0 || amount > refundable) {
      throw new PosError('REFUND_EXCEEDS_PAID', 'The refund is more than what is left to refund', { refundableCents: refundable, amountCents: amount });
    }
    const now = clock.now();
    const shiftId = openShiftId(db);
    if (input.method === 'cash') assertCashAllowed(db, shiftId);
    sql(db, 'INSERT INTO refunds (id, order_id, amount_cents, method, reason, staff_id, shift_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id, order.id, amount, input.method, input.reason, staff.id, shiftId, now,
    );
    const rl = sql(db, 'INSERT INTO refund_lines (refund_id, order_line_id, qty, amount_cents) VALUES (?, ?, ?, ?)');
    for (const l of lineParts) rl.run(id, l.orderLineId, l.qty, l.amountCents);
    issueCreditForRefund(db, clock, { id, orderId: order.id, amountCents: amount, method: input.method }); // 11.4 (issue 15)
    writeAudit(db, clock, {
      staffId: staff.id, action: 'order.refund', entity: 'order', entityId: order.id,
      details: { refundId: id, amountCents: amount, method: input.method, reason: input.reason, lines: lineParts },
    });
  }).immediate();
  return getRefund(db, id);
}

export function getRefund(db: Db, id: string): RefundView {
  const r = sql(db, 'SELECT * FROM refunds WHERE id = ?').get(id) as
    { id: string; order_id: string; amount_cents: number; method: PaymentMethod; reason: string; staff_id: string; shift_id: string | null; created_at: number } | undefined;
  if (!r) throw new PosError('NOT_FOUND', 'No such refund', { id });
  const lines = sql(db, 'SELECT order_line_id AS orderLineId, qty, amount_cents AS amountCents FROM refund_lines WHERE refund_id = ?').all(id) as RefundView['lines'];
  return { id: r.id, orderId: r.order_id, amountCents: r.amount_cents, method: r.method, reason: r.reason, staffId: r.staff_id, shiftId: r.shift_id, createdAt: r.created_at, lines };
}

export function listRefunds(db: Db, orderId: string): RefundView[] {
  return (sql(db, 'SELECT id FROM refunds WHERE order_id = ? ORDER BY created_at').all(orderId) as { id: string }[]).map((r) => getRefund(db, r.id));
}
