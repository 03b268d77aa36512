/** Reading orders back, and recomputing their totals (the taxes module's rule) after any change. */
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { computeOrderTotals } from '../taxes/totals';
import type { Discount, RateTotals, TaxMode } from '../taxes/totals';
import { sql } from '../../db/statements';

export type OrderStatus = 'draft' | 'open' | 'paid' | 'voided' | 'refunded' | 'merged';
export type PaymentMethod = 'cash' | 'card';

export interface DiscountView { kind: Discount['kind']; value: number; reason: string | null; staffId: string | null }

export interface LineOptionView { optionId: string | null; groupName: string; name: string; priceDeltaCents: number }

export interface LineView {
  id: string; position: number; itemId: string | null; categoryId: string | null; name: string;
  unitPriceCents: number; qty: number; taxRateBp: number; note: string; status: 'active' | 'voided';
  voidReason: string | null; options: LineOptionView[]; discount: DiscountView | null;
  grossCents: number; discountCents: number; netCents: number; taxCents: number; totalCents: number;
}

export interface PaymentView {
  id: string; method: PaymentMethod; amountCents: number; tenderedCents: number | null; changeCents: number;
  reversesPaymentId: string | null; staffId: string; shiftId: string | null; createdAt: number;
}

export interface OrderView {
  id: string; businessDay: string; number: number; status: OrderStatus; tableId: string | null; tableName: string | null;
  staffId: string; shiftId: string | null; comment: string; guests: number | null; taxMode: TaxMode;
  discount: DiscountView | null; subtotalCents: number; discountCents: number; taxCents: number; totalCents: number;
  paidCents: number; dueCents: number; refundedCents: number; byRate: RateTotals[];
  mergedIntoOrderId: string | null; voidReason: string | null;
  createdAt: number; updatedAt: number; paidAt: number | null; voidedAt: number | null;
  lines: LineView[]; payments: PaymentView[];
}

export interface OrderRow {
  id: string; business_day: string; number: number; status: OrderStatus; table_id: string | null; staff_id: string;
  shift_id: string | null; comment: string; guests: number | null; tax_mode: TaxMode;
  discount_kind: Discount['kind'] | null; discount_value: number | null; discount_reason: string | null; discount_staff_id: string | null;
  subtotal_cents: number; discount_cents: number; tax_cents: number; total_cents: number; paid_cents: number;
  merged_into_order_id: string | null; void_reason: string | null; created_at: number; updated_at: number;
  paid_at: number | null; voided_at: number | null;
}

export interface LineRow {
  id: string; order_id: string; position: number; item_id: string | null; category_id: string | null; name: string;
  unit_price_cents: number; qty: number; tax_rate_bp: number; note: string; status: 'active' | 'voided'; void_reason: string | null;
  discount_kind: Discount['kind'] | null; discount_value: number | null; discount_reason: string | null; discount_staff_id: string | null;
  gross_cents: number; discount_cents: number; net_cents: number; tax_cents: number; total_cents: number;
}

export function getOrderRow(db: Db, id: string): OrderRow {
  const row = sql(db, 'SELECT * FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
  if (!row) throw new PosError('ORDER_NOT_FOUND', 'No such order', { id });
  return row;
}

export function activeLineRows(db: Db, orderId: string): LineRow[] {
  return sql(db, "SELECT * FROM order_lines WHERE order_id = ? AND status = 'active' ORDER BY position").all(orderId) as LineRow[];
}

function discountOf(kind: Discount['kind'] | null, value: number | null): Discount | null {
  return kind && value !== null ? ({ kind, value } as Discount) : null;
}

function discountView(kind: Discount['kind'] | null, value: number | null, reason: string | null, staffId: string | null): DiscountView | null {
  return kind && value !== null ? { kind, value, reason, staffId } : null;
}

/**
 * Recomputes every active line's figures and the order's totals, inside the caller's
 * transaction. Returns the new total.
 */
export function recalculateOrder(db: Db, orderId: string, now: number): number {
  const order = getOrderRow(db, orderId);
  const lines = activeLineRows(db, orderId);
  const totals = computeOrderTotals(
    order.tax_mode,
    lines.map((l) => ({ unitPriceCents: l.unit_price_cents, qty: l.qty, taxRateBp: l.tax_rate_bp, discount: discountOf(l.discount_kind, l.discount_value) })),
    discountOf(order.discount_kind, order.discount_value),
  );
  const updLine = sql(db, 'UPDATE order_lines SET gross_cents = ?, discount_cents = ?, net_cents = ?, tax_cents = ?, total_cents = ? WHERE id = ?');
  lines.forEach((l, i) => {
    const t = totals.lines[i];
    if (!t) return;
    if (t.grossCents !== l.gross_cents || t.discountCents !== l.discount_cents || t.netCents !== l.net_cents || t.taxCents !== l.tax_cents || t.totalCents !== l.total_cents) {
      updLine.run(t.grossCents, t.discountCents, t.netCents, t.taxCents, t.totalCents, l.id);
    }
  });
  sql(db, 'UPDATE orders SET subtotal_cents = ?, discount_cents = ?, tax_cents = ?, total_cents = ?, updated_at = ? WHERE id = ?').run(
    totals.subtotalCents, totals.discountCents, totals.taxCents, totals.totalCents, now, orderId,
  );
  return totals.totalCents;
}

export function getOrder(db: Db, id: string): OrderView {
  const o = getOrderRow(db, id);
  const lines = sql(db, 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY position').all(id) as LineRow[];
  const opts = sql(db, `SELECT o.line_id, o.option_id, o.group_name, o.name, o.price_delta_cents FROM order_line_options o
    JOIN order_lines l ON l.id = o.line_id WHERE l.order_id = ?`).all(id) as { line_id: string; option_id: string | null; group_name: string; name: string; price_delta_cents: number }[];
  const payments = sql(db, 'SELECT * FROM payments WHERE order_id = ? ORDER BY created_at, id').all(id) as {
    id: string; method: PaymentMethod; amount_cents: number; tendered_cents: number | null; change_cents: number;
    reverses_payment_id: string | null; staff_id: string; shift_id: string | null; created_at: number;
  }[];
  const refunded = (sql(db, 'SELECT COALESCE(SUM(amount_cents), 0) AS s FROM refunds WHERE order_id = ?').get(id) as { s: number }).s;
  const tableName = o.table_id ? ((sql(db, 'SELECT name FROM dining_tables WHERE id = ?').get(o.table_id) as { name: string } | undefined)?.name ?? null) : null;
  const lineViews: LineView[] = lines.map((l) => ({
    id: l.id, position: l.position, itemId: l.item_id, categoryId: l.category_id, name: l.name, unitPriceCents: l.unit_price_cents,
    qty: l.qty, taxRateBp: l.tax_rate_bp, note: l.note, status: l.status, voidReason: l.void_reason,
    options: opts.filter((x) => x.line_id === l.id).map((x) => ({ optionId: x.option_id, groupName: x.group_name, name: x.name, priceDeltaCents: x.price_delta_cents })),
    discount: discountView(l.discount_kind, l.discount_value, l.discount_reason, l.discount_staff_id),
    grossCents: l.gross_cents, discountCents: l.discount_cents, netCents: l.net_cents, taxCents: l.tax_cents, totalCents: l.total_cents,
  }));
  const byRate = new Map<number, RateTotals>();
  for (const l of lineViews) {
    if (l.status !== 'active') continue;
    const r = byRate.get(l.taxRateBp) ?? { rateBp: l.taxRateBp, netCents: 0, taxCents: 0, totalCents: 0 };
    r.netCents += l.netCents; r.taxCents += l.taxCents; r.totalCents += l.totalCents;
    byRate.set(l.taxRateBp, r);
  }
  return {
    id: o.id, businessDay: o.business_day, number: o.number, status: o.status, tableId: o.table_id, tableName,
    staffId: o.staff_id, shiftId: o.shift_id, comment: o.comment, guests: o.guests, taxMode: o.tax_mode,
    discount: discountView(o.discount_kind, o.discount_value, o.discount_reason, o.discount_staff_id),
    subtotalCents: o.subtotal_cents, discountCents: o.discount_cents, taxCents: o.tax_cents, totalCents: o.total_cents,
    paidCents: o.paid_cents, dueCents: Math.max(0, o.total_cents - o.paid_cents), refundedCents: refunded,
    byRate: [...byRate.values()].sort((a, b) => b.rateBp - a.rateBp),
    mergedIntoOrderId: o.merged_into_order_id, voidReason: o.void_reason,
    createdAt: o.created_at, updatedAt: o.updated_at, paidAt: o.paid_at, voidedAt: o.voided_at,
    lines: lineViews,
    payments: payments.map((p) => ({
      id: p.id, method: p.method, amountCents: p.amount_cents, tenderedCents: p.tendered_cents, changeCents: p.change_cents,
      reversesPaymentId: p.reverses_payment_id, staffId: p.staff_id, shiftId: p.shift_id, createdAt: p.created_at,
    })),
  };
}

export interface OrderSummary {
  id: string; businessDay: string; number: number; status: OrderStatus; tableId: string | null; staffId: string;
  totalCents: number; paidCents: number; updatedAt: number; comment: string;
}

/** Drafts and open orders: any device can pick one up and continue it. */
export function listActiveOrders(db: Db): OrderSummary[] {
  return sql(db, `SELECT id, business_day AS businessDay, number, status, table_id AS tableId, staff_id AS staffId,
    total_cents AS totalCents, paid_cents AS paidCents, updated_at AS updatedAt, comment
    FROM orders WHERE status IN ('draft', 'open') ORDER BY updated_at DESC`).all() as OrderSummary[];
}

export function listOrdersOfDay(db: Db, businessDay: string): OrderSummary[] {
  return sql(db, `SELECT id, business_day AS businessDay, number, status, table_id AS tableId, staff_id AS staffId,
    total_cents AS totalCents, paid_cents AS paidCents, updated_at AS updatedAt, comment
    FROM orders WHERE business_day = ? ORDER BY number`).all(businessDay) as OrderSummary[];
}
