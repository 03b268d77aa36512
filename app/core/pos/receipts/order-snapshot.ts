import type { Db } from '../../db/connection';
import { PosError } from '../../errors';

/**
 * The parts of an order that paper needs, read straight from the ledger tables of 001 (lines
 * carry copies of names, prices and rates, so a reprint shows what was sold, not today's menu).
 */
export interface OrderLineSnapshot {
  id: string;
  position: number;
  itemId: string | null;
  categoryId: string | null;
  /** The item's own station override today (items.station, 008): routing follows the menu as it is now. */
  itemStation: string | null;
  name: string;
  qty: number;
  status: 'active' | 'voided';
  note: string;
  unitPriceCents: number;
  taxRateBp: number;
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
  totalCents: number;
  options: { name: string; priceDeltaCents: number }[];
}

export interface OrderSnapshot {
  id: string;
  number: number;
  businessDay: string;
  status: string;
  comment: string;
  tableName: string | null;
  staffName: string;
  taxMode: 'inclusive' | 'exclusive';
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  createdAt: number;
  paidAt: number | null;
  lines: OrderLineSnapshot[];
  payments: { id: string; method: string; amountCents: number; tenderedCents: number | null; changeCents: number }[];
}

export function readOrderSnapshot(db: Db, orderId: string): OrderSnapshot {
  const order = db.prepare(`
    SELECT o.id, o.number, o.business_day AS businessDay, o.status, o.comment, t.name AS tableName, COALESCE(s.name, '') AS staffName,
           o.tax_mode AS taxMode, o.subtotal_cents AS subtotalCents, o.discount_cents AS discountCents, o.tax_cents AS taxCents,
           o.total_cents AS totalCents, o.created_at AS createdAt, o.paid_at AS paidAt
    FROM orders o LEFT JOIN dining_tables t ON t.id = o.table_id LEFT JOIN staff s ON s.id = o.staff_id
    WHERE o.id = ?`).get(orderId) as Omit<OrderSnapshot, 'lines' | 'payments'> | undefined;
  if (!order) throw new PosError('ORDER_NOT_FOUND', 'No such order', { orderId });
  const lines = db.prepare(`
    SELECT l.id, l.position, l.item_id AS itemId, l.category_id AS categoryId, i.station AS itemStation, l.name, l.qty, l.status, l.note,
           l.unit_price_cents AS unitPriceCents, l.tax_rate_bp AS taxRateBp, l.gross_cents AS grossCents, l.discount_cents AS discountCents,
           l.net_cents AS netCents, l.tax_cents AS taxCents, l.total_cents AS totalCents
    FROM order_lines l LEFT JOIN items i ON i.id = l.item_id WHERE l.order_id = ? ORDER BY l.position, l.created_at, l.id`).all(orderId) as Omit<OrderLineSnapshot, 'options'>[];
  const options = db.prepare(`
    SELECT o.line_id AS lineId, o.name, o.price_delta_cents AS priceDeltaCents
    FROM order_line_options o JOIN order_lines l ON l.id = o.line_id WHERE l.order_id = ? ORDER BY o.rowid`).all(orderId) as
    { lineId: string; name: string; priceDeltaCents: number }[];
  // Only takings, not the reversal rows of a void: a receipt shows how the customer paid.
  const payments = db.prepare(`
    SELECT id, method, amount_cents AS amountCents, tendered_cents AS tenderedCents, change_cents AS changeCents
    FROM payments WHERE order_id = ? AND amount_cents > 0 AND reverses_payment_id IS NULL ORDER BY created_at, id`).all(orderId) as
    OrderSnapshot['payments'];
  return {
    ...order,
    lines: lines.map((l) => ({
      ...l,
      options: options.filter((o) => o.lineId === l.id).map((o) => ({ name: o.name, priceDeltaCents: o.priceDeltaCents })),
    })),
    payments,
  };
}
