import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import type { ShopSettings } from '../settings/settings-schema';
import { addDays, businessDayRange, localTimeIn } from './business-days';

/**
 * Sales reports for a range of business days in the shop's time zone.
 *
 * Rules: a sale is an order PAID in the range (status paid or refunded; voided orders are not
 * sales); its lines count by category and item; money by method comes from payment rows in the
 * range (so reversals of voided orders cancel out) and refunds from refund rows in the range.
 * Hour and day are the shop's local ones: SQL sums per 15-minute UTC bucket (every zone offset
 * in use is a multiple of 15 minutes) and each bucket is placed in local time here, which keeps
 * DST days right (23 or 25 hours) without per-row work.
 */
export interface ReportRange {
  from: string;
  to: string;
}

export interface ItemSales {
  itemId: string | null;
  name: string;
  categoryName: string;
  qty: number;
  totalCents: number;
}

export interface SalesReport {
  range: ReportRange & { fromMs: number; toMs: number; timeZone: string; businessDayStartHour: number };
  currency: string;
  totals: {
    orderCount: number;
    subtotalCents: number;
    discountCents: number;
    taxCents: number;
    totalCents: number;
    averageOrderCents: number;
    refundCents: number;
    /** total − refunds: what the shop kept. */
    netAfterRefundsCents: number;
  };
  byHour: { hour: number; orderCount: number; totalCents: number }[];
  byDay: { day: string; orderCount: number; totalCents: number }[];
  byCategory: { categoryId: string | null; name: string; qty: number; totalCents: number }[];
  byItem: ItemSales[];
  byPaymentMethod: { method: string; count: number; amountCents: number; refundCents: number; netCents: number }[];
  byStaff: { staffId: string; name: string; orderCount: number; totalCents: number }[];
  topSellers: ItemSales[];
  worstSellers: ItemSales[];
}

const BUCKET_MS = 15 * 60_000;
const SOLD = `o.paid_at >= @fromMs AND o.paid_at < @toMs AND o.status IN ('paid', 'refunded')`;
export const MAX_REPORT_DAYS = 400;

export function salesReport(db: Db, settings: ShopSettings, range: ReportRange, options: { sellersLimit?: number } = {}): SalesReport {
  const { timeZone, businessDayStartHour: startHour } = settings;
  const { fromMs, toMs } = businessDayRange(range.from, range.to, timeZone, startHour);
  if (toMs - fromMs > MAX_REPORT_DAYS * 86_400_000) {
    throw new PosError('REPORT_RANGE_INVALID', `A report covers at most ${MAX_REPORT_DAYS} days`, { ...range });
  }
  const p = { fromMs, toMs };
  const limit = options.sellersLimit ?? 10;

  const totals = db.prepare(`
    SELECT COUNT(*) AS orderCount, COALESCE(SUM(subtotal_cents), 0) AS subtotalCents, COALESCE(SUM(discount_cents), 0) AS discountCents,
           COALESCE(SUM(tax_cents), 0) AS taxCents, COALESCE(SUM(total_cents), 0) AS totalCents
    FROM orders o WHERE ${SOLD}`).get(p) as { orderCount: number; subtotalCents: number; discountCents: number; taxCents: number; totalCents: number };

  const buckets = db.prepare(`
    SELECT o.paid_at / ${BUCKET_MS} AS bucket, COUNT(*) AS n, SUM(o.total_cents) AS total
    FROM orders o WHERE ${SOLD} GROUP BY bucket`).all(p) as { bucket: number; n: number; total: number }[];
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, orderCount: 0, totalCents: 0 }));
  const days = new Map<string, { day: string; orderCount: number; totalCents: number }>();
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.set(day, { day, orderCount: 0, totalCents: 0 });
  const local = localTimeIn(timeZone, startHour);
  for (const b of buckets) {
    const t = local(b.bucket * BUCKET_MS);
    const h = byHour[t.hour];
    if (h) { h.orderCount += b.n; h.totalCents += b.total; }
    const d = days.get(t.businessDay);
    if (d) { d.orderCount += b.n; d.totalCents += b.total; }
  }

  const lines = `FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE ${SOLD} AND l.status = 'active'`;
  const byCategory = db.prepare(`
    SELECT l.category_id AS categoryId, COALESCE(c.name, '') AS name, SUM(l.qty) AS qty, SUM(l.total_cents) AS totalCents
    FROM order_lines l JOIN orders o ON o.id = l.order_id LEFT JOIN categories c ON c.id = l.category_id
    WHERE ${SOLD} AND l.status = 'active'
    GROUP BY l.category_id ORDER BY totalCents DESC, name`).all(p) as SalesReport['byCategory'];

  // Lines without an item (open-price items) group by name.
  const byItem = db.prepare(`
    SELECT l.item_id AS itemId, MAX(l.name) AS name, COALESCE(MAX(c.name), '') AS categoryName, SUM(l.qty) AS qty, SUM(l.total_cents) AS totalCents
    FROM order_lines l JOIN orders o ON o.id = l.order_id LEFT JOIN categories c ON c.id = l.category_id
    WHERE ${SOLD} AND l.status = 'active'
    GROUP BY COALESCE(l.item_id, 'name:' || l.name) ORDER BY qty DESC, totalCents DESC, name`).all(p) as ItemSales[];

  // Worst sellers include catalog items that sold nothing at all: those are the real worst.
  const worstSellers = db.prepare(`
    WITH sold AS (SELECT l.item_id, SUM(l.qty) AS qty, SUM(l.total_cents) AS total ${lines} AND l.item_id IS NOT NULL GROUP BY l.item_id)
    SELECT i.id AS itemId, i.name, COALESCE(c.name, '') AS categoryName, COALESCE(s.qty, 0) AS qty, COALESCE(s.total, 0) AS totalCents
    FROM items i LEFT JOIN sold s ON s.item_id = i.id LEFT JOIN categories c ON c.id = i.category_id
    WHERE i.archived = 0
    ORDER BY qty ASC, totalCents ASC, i.name LIMIT @limit`).all({ ...p, limit }) as ItemSales[];

  const payments = db.prepare(`
    SELECT method, COUNT(*) AS count, SUM(amount_cents) AS amountCents FROM payments
    WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as { method: string; count: number; amountCents: number }[];
  const refunds = db.prepare(`
    SELECT method, SUM(amount_cents) AS refundCents FROM refunds
    WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as { method: string; refundCents: number }[];
  const methods = [...new Set([...payments.map((r) => r.method), ...refunds.map((r) => r.method)])].sort();
  const byPaymentMethod = methods.map((method) => {
    const pay = payments.find((r) => r.method === method);
    const refundCents = refunds.find((r) => r.method === method)?.refundCents ?? 0;
    const amountCents = pay?.amountCents ?? 0;
    return { method, count: pay?.count ?? 0, amountCents, refundCents, netCents: amountCents - refundCents };
  });
  const refundCents = refunds.reduce((a, r) => a + r.refundCents, 0);

  const byStaff = db.prepare(`
    SELECT o.staff_id AS staffId, COALESCE(s.name, '') AS name, COUNT(*) AS orderCount, SUM(o.total_cents) AS totalCents
    FROM orders o LEFT JOIN staff s ON s.id = o.staff_id WHERE ${SOLD}
    GROUP BY o.staff_id ORDER BY totalCents DESC, name`).all(p) as SalesReport['byStaff'];

  return {
    range: { ...range, fromMs, toMs, timeZone, businessDayStartHour: startHour },
    currency: settings.currency,
    totals: {
      ...totals,
      // Rounded down, for display; never summed.
      averageOrderCents: totals.orderCount === 0 ? 0 : Math.floor(totals.totalCents / totals.orderCount),
      refundCents,
      netAfterRefundsCents: totals.totalCents - refundCents,
    },
    byHour,
    byDay: [...days.values()],
    byCategory,
    byItem,
    byPaymentMethod,
    byStaff,
    topSellers: byItem.slice(0, limit),
    worstSellers,
  };
}
