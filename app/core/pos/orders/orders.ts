/**
 * Building orders: create (numbered per business day), lines with options/notes/qty, comment,
 * discounts (permission + reason + audit), and sending a draft. Every change recomputes the
 * totals in the same transaction.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { getItem } from '../catalog/catalog';
import { writeAudit } from '../staff/audit';
import { requirePermission } from '../staff/permissions';
import type { SessionStaff } from '../staff/permissions';
import { computeOrderTotals } from '../taxes/totals';
import type { Discount } from '../taxes/totals';
import { businessDayOf } from './business-day';
import { activeLineRows, getOrder, getOrderRow, recalculateOrder } from './order-view';
import type { OrderRow, OrderView } from './order-view';
import { lineSentToKitchen } from './kitchen-link';
import { readShopRules } from './shop-rules';
import { openShiftId } from './shift-link';
import { sql } from '../../db/statements';
import { sendKitchenVoids } from '../receipts/kitchen-tickets';
import { getSettings } from '../settings/settings-store';
import { issueOrderSlip, reissueSlipsAfterVoid } from '../../fiscal/slips';

export interface OrderDeps { db: Db; clock: Clock }

export function assertEditable(order: OrderRow): void {
  if (order.status !== 'draft' && order.status !== 'open') {
    throw new PosError('ORDER_NOT_EDITABLE', `This order is ${order.status}`, { orderId: order.id, status: order.status });
  }
}

/**
 * Totals may never drop below what was already paid (part payments on a table); a change that
 * brings the bill down to exactly what was paid settles it: the payments now cover the order.
 */
function settleAgainstPaid(db: Db, orderId: string, total: number, now: number): void {
  const paid = getOrderRow(db, orderId).paid_cents;
  if (total < paid) throw new PosError('ORDER_NOT_EDITABLE', 'The change would make the bill smaller than what was already paid', { totalCents: total, paidCents: paid });
  if (paid > 0 && total === paid) sql(db, "UPDATE orders SET status = 'paid', paid_at = ?, shift_id = ?, updated_at = ? WHERE id = ?").run(now, openShiftId(db), now, orderId);
}

/** Creates an order inside the caller's transaction; returns its id. */
export function insertOrder(
  { db, clock }: OrderDeps, staff: SessionStaff, input: { tableId?: string | null | undefined; comment?: string | undefined; guests?: number | null | undefined; status: 'draft' | 'open' },
): string {
  const now = clock.now();
  const rules = readShopRules(db);
  const day = businessDayOf(now, rules.timeZone, rules.businessDayStartHour);
  const number = (sql(db, 'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM orders WHERE business_day = ?').get(day) as { n: number }).n;
  const id = uuidv7(clock);
  sql(db, `INSERT INTO orders (id, business_day, number, status, table_id, staff_id, shift_id, comment, guests, tax_mode, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    // shift_id is set when the order is paid: the shift that completes a sale counts it.
    id, day, number, input.status, input.tableId ?? null, staff.id, null, input.comment ?? '', input.guests ?? null, rules.taxMode, now, now,
  );
  return id;
}

export function createOrder(deps: OrderDeps, staff: SessionStaff, input: { comment?: string | undefined }): OrderView {
  const id = deps.db.transaction(() => insertOrder(deps, staff, { ...input, status: 'draft' })).immediate();
  return getOrder(deps.db, id);
}

export interface AddLineInput {
  orderId: string;
  itemId: string;
  qty: number;
  optionIds: string[];
  note: string;
  /**
   * A tap or scan of a plain item (no options, no note) adds to the order's last line when that
   * is the same plain item at the same price, undiscounted, and not yet sent to the kitchen.
   * A sent line is never stacked on: its extra quantity would reach the kitchen only as a delta
   * on a line someone may already be cooking, and taking the tap back would then be a void
   * needing a manager. A new line keeps it simple and removable (issue 11 item 7).
   */
  addToLast?: boolean | undefined;
}

interface StackCandidate { id: string; item_id: string | null; unit_price_cents: number; qty: number; note: string; discount_kind: string | null; options: number }

/** The order's last active line, if one more tap of this plain item may go onto it. */
function stackableLastLine(db: Db, orderId: string, itemId: string, unit: number, qty: number): string | null {
  const last = sql(db, `SELECT l.id, l.item_id, l.unit_price_cents, l.qty, l.note, l.discount_kind,
      (SELECT COUNT(*) FROM order_line_options o WHERE o.line_id = l.id) AS options
    FROM order_lines l WHERE l.order_id = ? AND l.status = 'active' ORDER BY l.position DESC LIMIT 1`).get(orderId) as StackCandidate | undefined;
  if (!last || last.item_id !== itemId || last.unit_price_cents !== unit || last.note !== '' || last.discount_kind !== null || last.options > 0) return null;
  if (last.qty + qty > MAX_LINE_QTY || lineSentToKitchen(db, last.id)) return null;
  return last.id;
}

export const MAX_LINE_QTY = 999;

export function addLine({ db, clock }: OrderDeps, input: AddLineInput): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    assertEditable(order);
    const item = getItem(db, input.itemId);
    if (item.archived || !item.available) throw new PosError('ITEM_UNAVAILABLE', `${item.name} is not available`, { itemId: item.id });
    const chosen: { optionId: string; groupName: string; name: string; priceDeltaCents: number }[] = [];
    const wanted = new Set(input.optionIds);
    for (const group of item.optionGroups) {
      const picked = group.options.filter((o) => wanted.has(o.id));
      if (picked.length < group.minChoices || picked.length > group.maxChoices) {
        throw new PosError('OPTION_CHOICE_INVALID', `Choose ${group.minChoices}–${group.maxChoices} of ${group.name}`, {
          group: group.name, min: group.minChoices, max: group.maxChoices, chosen: picked.length,
        });
      }
      for (const o of picked) { chosen.push({ optionId: o.id, groupName: group.name, name: o.name, priceDeltaCents: o.priceDeltaCents }); wanted.delete(o.id); }
    }
    if (wanted.size > 0) throw new PosError('OPTION_NOT_FOUND', 'An option does not belong to this item', { optionIds: [...wanted] });
    const unit = item.priceCents + chosen.reduce((a, o) => a + o.priceDeltaCents, 0);
    if (unit < 0) throw new PosError('OPTION_CHOICE_INVALID', 'Options make the price negative', { unitPriceCents: unit });
    const now = clock.now();
    if (input.addToLast && chosen.length === 0 && input.note === '') {
      const stackOn = stackableLastLine(db, order.id, item.id, unit, input.qty);
      if (stackOn) {
        sql(db, 'UPDATE order_lines SET qty = qty + ? WHERE id = ?').run(input.qty, stackOn);
        recalculateOrder(db, order.id, now);
        return;
      }
    }
    const lineId = uuidv7(clock);
    const position = (sql(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM order_lines WHERE order_id = ?').get(order.id) as { p: number }).p;
    sql(db, `INSERT INTO order_lines (id, order_id, position, item_id, category_id, name, unit_price_cents, qty, tax_rate_bp, note, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(lineId, order.id, position, item.id, item.categoryId, item.name, unit, input.qty, item.taxRateBp, input.note, now);
    const opt = sql(db, 'INSERT INTO order_line_options (id, line_id, option_id, group_name, name, price_delta_cents) VALUES (?, ?, ?, ?, ?, ?)');
    for (const o of chosen) opt.run(uuidv7(clock), lineId, o.optionId, o.groupName, o.name, o.priceDeltaCents);
    recalculateOrder(db, order.id, now);
  }).immediate();
  return getOrder(db, input.orderId);
}

function lineOf(db: Db, orderId: string, lineId: string): { id: string; status: string; qty: number } {
  const line = sql(db, 'SELECT id, status, qty FROM order_lines WHERE id = ? AND order_id = ?').get(lineId, orderId) as { id: string; status: string; qty: number } | undefined;
  if (!line || line.status !== 'active') throw new PosError('LINE_NOT_FOUND', 'No such line on this order', { orderId, lineId });
  return line;
}

/** The kitchen hears of a void at once (a VOID ticket), not at the next Send: the line may be cooking. */
function voidAtTheKitchen({ db, clock }: OrderDeps, staff: SessionStaff, orderId: string, lineId: string): void {
  if (!lineSentToKitchen(db, lineId)) return;
  sendKitchenVoids(db, clock, getSettings(db), { orderId, staffId: staff.id, idempotencyKey: `void:${uuidv7(clock)}`, lineIds: [lineId] });
}

/** Lowering the quantity of a sent line un-orders food the kitchen may be cooking: a partial void. */
export function updateLine(
  { db, clock }: OrderDeps, staff: SessionStaff, input: { orderId: string; lineId: string; qty?: number | undefined; note?: string | undefined; reason?: string | undefined },
): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    assertEditable(order);
    const line = lineOf(db, order.id, input.lineId);
    if (input.qty !== undefined && input.qty < line.qty && (order.status === 'open' || lineSentToKitchen(db, line.id))) {
      requirePermission(staff, 'order.void');
      if (!input.reason) throw new PosError('VALIDATION_FAILED', 'A reason is required to void part of a line', { field: 'reason' });
      writeAudit(db, clock, { staffId: staff.id, action: 'order.voidLine', entity: 'order', entityId: order.id, details: { lineId: line.id, fromQty: line.qty, toQty: input.qty, reason: input.reason } });
    }
    if (input.qty !== undefined) sql(db, 'UPDATE order_lines SET qty = ? WHERE id = ?').run(input.qty, line.id);
    if (input.note !== undefined) sql(db, 'UPDATE order_lines SET note = ? WHERE id = ?').run(input.note, line.id);
    if (input.qty !== undefined && input.qty < line.qty) voidAtTheKitchen({ db, clock }, staff, order.id, line.id);
    settleAgainstPaid(db, order.id, recalculateOrder(db, order.id, clock.now()), clock.now());
    // Fewer units than an order slip (8.6) carries: that slip is cancelled and reissued (issue 15).
    if (input.qty !== undefined && input.qty < line.qty) reissueSlipsAfterVoid(db, clock, order.id, [line.id]);
  }).immediate();
  return getOrder(db, input.orderId);
}

/**
 * On a draft a line is simply removed. Once the order or the line was sent (the kitchen may be
 * cooking it) removing is a void: it needs `order.void`, a reason, and goes to the audit log.
 */
export function removeLine({ db, clock }: OrderDeps, staff: SessionStaff, input: { orderId: string; lineId: string; reason?: string | undefined }): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    assertEditable(order);
    const line = lineOf(db, order.id, input.lineId);
    if (order.status === 'draft' && !lineSentToKitchen(db, line.id)) {
      sql(db, 'DELETE FROM order_lines WHERE id = ?').run(line.id);
    } else {
      requirePermission(staff, 'order.void');
      if (!input.reason) throw new PosError('VALIDATION_FAILED', 'A reason is required to void a line', { field: 'reason' });
      sql(db, "UPDATE order_lines SET status = 'voided', void_reason = ?, void_staff_id = ? WHERE id = ?").run(input.reason, staff.id, line.id);
      writeAudit(db, clock, { staffId: staff.id, action: 'order.voidLine', entity: 'order', entityId: order.id, details: { lineId: line.id, reason: input.reason } });
      voidAtTheKitchen({ db, clock }, staff, order.id, line.id);
    }
    settleAgainstPaid(db, order.id, recalculateOrder(db, order.id, clock.now()), clock.now());
    reissueSlipsAfterVoid(db, clock, order.id, [line.id]); // a voided line on an order slip (issue 15)
  }).immediate();
  return getOrder(db, input.orderId);
}

export function setOrderDetails({ db, clock }: OrderDeps, input: { orderId: string; comment?: string | undefined; guests?: number | null | undefined }): OrderView {
  const order = getOrderRow(db, input.orderId);
  assertEditable(order);
  sql(db, 'UPDATE orders SET comment = ?, guests = ?, updated_at = ? WHERE id = ?').run(
    input.comment ?? order.comment, input.guests === undefined ? order.guests : input.guests, clock.now(), order.id,
  );
  return getOrder(db, order.id);
}

/** What a discount applies to: the line's price × qty, or the order's lines after their own discounts. */
function discountBase(db: Db, order: OrderRow, lineId: string | undefined): number {
  const lines = activeLineRows(db, order.id);
  const totals = computeOrderTotals(order.tax_mode, lines.map((l) => ({
    unitPriceCents: l.unit_price_cents, qty: l.qty, taxRateBp: l.tax_rate_bp,
    discount: l.discount_kind && l.discount_value !== null ? { kind: l.discount_kind, value: l.discount_value } as Discount : null,
  })), null);
  if (lineId) {
    const i = lines.findIndex((l) => l.id === lineId);
    if (i < 0) lineOf(db, order.id, lineId); // throws LINE_NOT_FOUND
    return totals.lines[i]?.grossCents ?? 0;
  }
  return totals.lines.reduce((a, l) => a + l.grossCents - l.lineDiscountCents, 0);
}

/** Line or order discount (or its removal with `discount: null`): `order.discount`, a reason, audited. */
export function setDiscount(
  { db, clock }: OrderDeps, staff: SessionStaff, input: { orderId: string; lineId?: string | undefined; discount: Discount | null; reason?: string | undefined },
): OrderView {
  requirePermission(staff, 'order.discount');
  if (input.discount && !input.reason) throw new PosError('DISCOUNT_INVALID', 'A discount needs a reason', { field: 'reason' });
  if (input.discount?.kind === 'percent' && input.discount.value > 10_000) throw new PosError('DISCOUNT_INVALID', 'A percent discount is at most 100%');
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    assertEditable(order);
    const values = [input.discount?.kind ?? null, input.discount?.value ?? null, input.discount ? input.reason : null, input.discount ? staff.id : null];
    if (input.discount?.kind === 'amount') {
      // Refused, not silently capped: "4 € off" a 2.90 € toast is a typo the manager should not approve.
      const maxCents = discountBase(db, order, input.lineId);
      if (input.discount.value > maxCents) throw new PosError('DISCOUNT_INVALID', 'A discount cannot be more than the price', { field: 'value', maxCents });
    }
    if (input.lineId) {
      const line = lineOf(db, order.id, input.lineId);
      sql(db, 'UPDATE order_lines SET discount_kind = ?, discount_value = ?, discount_reason = ?, discount_staff_id = ? WHERE id = ?').run(...values, line.id);
    } else {
      sql(db, 'UPDATE orders SET discount_kind = ?, discount_value = ?, discount_reason = ?, discount_staff_id = ? WHERE id = ?').run(...values, order.id);
    }
    const before = order.total_cents;
    const total = recalculateOrder(db, order.id, clock.now());
    settleAgainstPaid(db, order.id, total, clock.now());
    writeAudit(db, clock, {
      staffId: staff.id, action: 'order.discount', entity: 'order', entityId: order.id,
      details: { lineId: input.lineId ?? null, discount: input.discount, reason: input.reason ?? null, totalBefore: before, totalAfter: total },
    });
  }).immediate();
  return getOrder(db, input.orderId);
}

/** A draft becomes open: sent to the kitchen / parked as a running bill. */
export function sendOrder({ db, clock }: OrderDeps, orderId: string): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, orderId);
    assertEditable(order);
    const n = (sql(db, "SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ? AND status = 'active'").get(orderId) as { n: number }).n;
    if (n === 0) throw new PosError('ORDER_EMPTY', 'The order has no lines');
    sql(db, "UPDATE orders SET status = 'open', updated_at = ? WHERE id = ?").run(clock.now(), orderId);
    issueOrderSlip(db, clock, orderId, 'order.send'); // a table's order slip (8.6, issue 15)
  }).immediate();
  return getOrder(db, orderId);
}
