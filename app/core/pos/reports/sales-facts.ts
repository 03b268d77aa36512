import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * The raw figures a sales report is folded from, read two ways that must give the same answer:
 * - `readSummaryFacts`: the summary tables of migration 004 (kept by triggers in the same
 *   transaction as every payment, void, refund or line edit) plus the raw ledger for the partial
 *   UTC days at the range's edges (business days start at a local hour, not at UTC midnight);
 * - `readRawFacts`: straight from the ledger; the reference the consistency test compares with.
 * Orders come per 15-minute UTC bucket (every zone offset is a multiple of 15 minutes, so a
 * business day or local hour never splits a bucket); lines per item; money per method.
 */
export const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** [bucket, staffId, orderCount, subtotal, discount, tax, total] */
export type OrderBucketRow = [number, string, number, number, number, number, number];
export interface LineGroupRow { itemId: string | null; categoryId: string | null; lineName: string | null; qty: number; totalCents: number }
export interface MethodRow { method: string; count: number; amountCents: number }

export interface SalesFacts {
  orderBuckets: OrderBucketRow[];
  lineGroups: LineGroupRow[];
  payments: MethodRow[];
  refunds: { method: string; refundCents: number }[];
}

const SOLD = `o.paid_at >= @fromMs AND o.paid_at < @toMs AND o.status IN ('paid', 'refunded')`;

function rawOrderBuckets(db: Db, p: { fromMs: number; toMs: number }): OrderBucketRow[] {
  const rows = sql(db, `
    SELECT o.paid_at, o.staff_id, 1, o.subtotal_cents, o.discount_cents, o.tax_cents, o.total_cents
    FROM orders o WHERE ${SOLD}`).raw().all(p) as OrderBucketRow[];
  for (const r of rows) r[0] = Math.floor(r[0] / BUCKET_MS);
  return rows;
}

function rawLineGroups(db: Db, p: { fromMs: number; toMs: number }): LineGroupRow[] {
  if (p.toMs <= p.fromMs) return [];
  return sql(db, `
    SELECT l.item_id AS itemId, l.category_id AS categoryId, CASE WHEN l.item_id IS NULL THEN l.name END AS lineName,
           SUM(l.qty) AS qty, SUM(l.total_cents) AS totalCents
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE ${SOLD} AND l.status = 'active'
    GROUP BY l.item_id, l.category_id, lineName`).all(p) as LineGroupRow[];
}

function refundsByMethod(db: Db, p: { fromMs: number; toMs: number }): SalesFacts['refunds'] {
  return sql(db, `
    SELECT method, SUM(amount_cents) AS refundCents FROM refunds
    WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as SalesFacts['refunds'];
}

export function readRawFacts(db: Db, p: { fromMs: number; toMs: number }): SalesFacts {
  return {
    orderBuckets: rawOrderBuckets(db, p),
    lineGroups: rawLineGroups(db, p),
    payments: sql(db, `
      SELECT method, COUNT(*) AS count, SUM(amount_cents) AS amountCents FROM payments
      WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as MethodRow[],
    refunds: refundsByMethod(db, p),
  };
}

export function readSummaryFacts(db: Db, p: { fromMs: number; toMs: number }): SalesFacts {
  // Only exact when the range is on bucket edges (it always is for business days).
  if (p.fromMs % BUCKET_MS !== 0 || p.toMs % BUCKET_MS !== 0) return readRawFacts(db, p);
  const b = { from: p.fromMs / BUCKET_MS, to: p.toMs / BUCKET_MS };
  const orderBuckets = sql(db, `
    SELECT bucket, staff_id, order_count, subtotal_cents, discount_cents, tax_cents, total_cents
    FROM sales_order_buckets WHERE bucket >= @from AND bucket < @to AND order_count <> 0`).raw().all(b) as OrderBucketRow[];

  // Whole UTC days from the summary, the partial days at either end from the ledger.
  const firstDay = Math.ceil(p.fromMs / DAY_MS);
  const endDay = Math.floor(p.toMs / DAY_MS);
  let lineGroups: LineGroupRow[];
  if (endDay <= firstDay) {
    lineGroups = rawLineGroups(db, p);
  } else {
    const summary = sql(db, `
      SELECT NULLIF(item_key, '') AS itemId, NULLIF(category_key, '') AS categoryId,
             CASE WHEN item_key = '' THEN line_name END AS lineName, SUM(qty) AS qty, SUM(total_cents) AS totalCents
      FROM sales_line_days WHERE day >= @firstDay AND day < @endDay
      GROUP BY item_key, category_key, line_name HAVING SUM(line_count) <> 0`).all({ firstDay, endDay }) as LineGroupRow[];
    lineGroups = [
      ...rawLineGroups(db, { fromMs: p.fromMs, toMs: firstDay * DAY_MS }),
      ...summary,
      ...rawLineGroups(db, { fromMs: endDay * DAY_MS, toMs: p.toMs }),
    ];
  }
  const payments = sql(db, `
    SELECT method, SUM(count) AS count, SUM(amount_cents) AS amountCents FROM payment_buckets
    WHERE bucket >= @from AND bucket < @to GROUP BY method HAVING SUM(count) <> 0`).all(b) as MethodRow[];
  return { orderBuckets, lineGroups, payments, refunds: refundsByMethod(db, p) };
}
