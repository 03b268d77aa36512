/**
 * Voiding an order: with a reason and the staff member, audited. A cashier may discard their
 * own never-sent draft; anything sent or paid needs `order.void`. Voiding a paid (or part-paid)
 * order adds negative reversal payments, so the payments ledger always sums to real takings.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { getOrder, getOrderRow } from '../orders/order-view';
import type { OrderView } from '../orders/order-view';
import { assertCashAllowed, openShiftId } from '../orders/shift-link';
import { writeAudit } from '../staff/audit';
import { requirePermission } from '../staff/permissions';
import type { SessionStaff } from '../staff/permissions';
import { sql } from '../../db/statements';
import { fiscalOrderVoided } from '../../fiscal/sale';

export function voidOrder({ db, clock }: { db: Db; clock: Clock }, staff: SessionStaff, input: { orderId: string; reason: string }): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    if (!['draft', 'open', 'paid'].includes(order.status)) {
      throw new PosError('ORDER_NOT_EDITABLE', `This order is ${order.status}`, { orderId: order.id, status: order.status });
    }
    const ownDraft = order.status === 'draft' && order.paid_cents === 0 && order.staff_id === staff.id;
    if (!ownDraft) requirePermission(staff, 'order.void');
    const refunded = (sql(db, 'SELECT COUNT(*) AS n FROM refunds WHERE order_id = ?').get(order.id) as { n: number }).n;
    if (refunded > 0) throw new PosError('ORDER_NOT_EDITABLE', 'This order has refunds; refund the rest instead of voiding', { orderId: order.id });
    const now = clock.now();
    const shiftId = openShiftId(db);
    const payments = sql(db, 'SELECT id, method, amount_cents FROM payments WHERE order_id = ? AND reverses_payment_id IS NULL AND amount_cents > 0').all(order.id) as
      { id: string; method: string; amount_cents: number }[];
    // Reversing cash hands money back from the drawer: like a cash refund, it needs a shift.
    if (payments.some((p) => p.method === 'cash')) assertCashAllowed(db, shiftId);
    const reverse = sql(db, `INSERT INTO payments (id, order_id, method, amount_cents, reverses_payment_id, staff_id, shift_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const p of payments) reverse.run(uuidv7(clock), order.id, p.method, -p.amount_cents, p.id, staff.id, shiftId, now);
    // Reversals and the void itself count in the open shift (NULL: adopted by the next one).
    sql(db, "UPDATE orders SET status = 'voided', void_reason = ?, void_staff_id = ?, voided_at = ?, void_shift_id = ?, updated_at = ? WHERE id = ?").run(
      input.reason, staff.id, now, shiftId, now, order.id,
    );
    fiscalOrderVoided(db, clock, order.id); // its slips cancelled, or its receipts credited (issue 15)
    writeAudit(db, clock, {
      staffId: staff.id, action: 'order.void', entity: 'order', entityId: order.id,
      details: { reason: input.reason, previousStatus: order.status, totalCents: order.total_cents, reversedCents: order.paid_cents },
    });
  }).immediate();
  return getOrder(db, input.orderId);
}
