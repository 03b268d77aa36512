import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

/**
 * The raw figures a sales report is folded from, read two ways that must give the same answer:
 * - `readSummaryFacts`: the summary tables of migration 005 (kept by triggers in the same
 *   transaction as every payment, void, refund or line edit);
 * - `readRawFacts`: straight from the ledger; the reference the consistency test compares with.
 * Orders come per 15-minute UTC bucket (every zone offset is a multiple of 15 minutes, so a
 * business day or local hour never splits a bucket). Everything else is summed per UTC day or
 * month: the range is rounded to the nearest UTC midnights, whole months and days come from the
 * summaries, and the (< 12 h) differences at both ends are added or subtracted from the ledger.
 * Rows may therefore carry negative counts; keys whose count nets to 0 had no sales in range.
 */
export const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** [bucket, orderCount, subtotal, discount, tax, total] */
export type OrderBucketRow = [number, number, number, number, number, number];
export interface LineGroupRow { itemId: string | null; categoryId: string | null; lineName: string | null; lineCount: number; qty: number; totalCents: number }
export interface StaffRow { staffId: string; orderCount: number; totalCents: number }
export interface MethodRow { method: string; count: number; amountCents: number }

export interface SalesFacts {
  orderBuckets: OrderBucketRow[];
  staff: StaffRow[];
  lineGroups: LineGroupRow[];
  payments: MethodRow[];
  refunds: { method: string; refundCents: number }[];
}

interface Span { fromMs: number; toMs: number }
const SOLD = `o.paid_at >= @fromMs AND o.paid_at < @toMs AND o.status IN ('paid', 'refunded')`;

function rawLines(db: Db, p: Span): LineGroupRow[] {
  return sql(db, `
    SELECT l.item_id AS itemId, l.category_id AS categoryId, CASE WHEN l.item_id IS NULL THEN l.name END AS lineName,
           COUNT(*) AS lineCount, SUM(l.qty) AS qty, SUM(l.total_cents) AS totalCents
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE ${SOLD} AND l.status = 'active'
    GROUP BY l.item_id, l.category_id, lineName`).all(p) as LineGroupRow[];
}

function rawStaff(db: Db, p: Span): StaffRow[] {
  return sql(db, `SELECT o.staff_id AS staffId, COUNT(*) AS orderCount, SUM(o.total_cents) AS totalCents FROM orders o WHERE ${SOLD} GROUP BY o.staff_id`)
    .all(p) as StaffRow[];
}

function rawPayments(db: Db, p: Span): MethodRow[] {
  return sql(db, `
    SELECT method, COUNT(*) AS count, SUM(amount_cents) AS amountCents FROM payments
    WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as MethodRow[];
}

function refundsByMethod(db: Db, p: Span): SalesFacts['refunds'] {
  return sql(db, `
    SELECT method, SUM(amount_cents) AS refundCents FROM refunds
    WHERE created_at >= @fromMs AND created_at < @toMs GROUP BY method`).all(p) as SalesFacts['refunds'];
}

export function readRawFacts(db: Db, p: Span): SalesFacts {
  const orderBuckets = sql(db, `
    SELECT o.paid_at, 1, o.subtotal_cents, o.discount_cents, o.tax_cents, o.total_cents
    FROM orders o WHERE ${SOLD}`).raw().all(p) as OrderBucketRow[];
  for (const r of orderBuckets) r[0] = Math.floor(r[0] / BUCKET_MS);
  return { orderBuckets, staff: rawStaff(db, p), lineGroups: rawLines(db, p), payments: rawPayments(db, p), refunds: refundsByMethod(db, p) };
}

/** The range rounded to the nearest UTC midnights [a, b) (day numbers), and what to add/remove at the ends. */
function dayCover(p: Span): { a: number; b: number; add: Span[]; remove: Span[] } | null {
  const a = Math.round(p.fromMs / DAY_MS);
  const b = Math.round(p.toMs / DAY_MS);
  if (b <= a) return null;
  const add: Span[] = [];
  const remove: Span[] = [];
  if (p.fromMs < a * DAY_MS) add.push({ fromMs: p.fromMs, toMs: a * DAY_MS });
  if (a * DAY_MS < p.fromMs) remove.push({ fromMs: a * DAY_MS, toMs: p.fromMs });
  if (b * DAY_MS < p.toMs) add.push({ fromMs: b * DAY_MS, toMs: p.toMs });
  if (p.toMs < b * DAY_MS) remove.push({ fromMs: p.toMs, toMs: b * DAY_MS });
  return { a, b, add, remove };
}

const monthKey = (day: number): number => {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};
const monthStart = (day: number, plus: number): number => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + plus, 1) / DAY_MS;
};

function negate<T extends object>(rows: T[], keys: (keyof T)[]): T[] {
  for (const r of rows) for (const k of keys) (r[k] as number) = -(r[k] as number);
  return rows;
}

function summaryLines(db: Db, a: number, b: number): LineGroupRow[] {
  const cols = `NULLIF(item_key, '') AS itemId, NULLIF(category_key, '') AS categoryId, CASE WHEN item_key = '' THEN line_name END AS lineName,
    line_count AS lineCount, qty, total_cents AS totalCents`;
  const days = (from: number, to: number) => (to <= from ? [] : sql(db, `SELECT ${cols} FROM sales_line_days WHERE day >= ? AND day < ? AND line_count <> 0`).all(from, to) as LineGroupRow[]);
  // Whole UTC months inside [a, b) from the month table, the days around them from the day table.
  const firstMonth = new Date(a * DAY_MS).getUTCDate() === 1 ? a : monthStart(a, 1);
  const endMonth = monthStart(b, 0);
  if (endMonth <= firstMonth) return days(a, b);
  const months = sql(db, `SELECT ${cols} FROM sales_line_months WHERE month >= ? AND month < ? AND line_count <> 0`)
    .all(monthKey(firstMonth), monthKey(endMonth)) as LineGroupRow[];
  return [...days(a, firstMonth), ...months, ...days(endMonth, b)];
}

export function readSummaryFacts(db: Db, p: Span): SalesFacts {
  const cover = dayCover(p);
  // Only exact when the range is on bucket edges (it always is for business days).
  if (cover === null || p.fromMs % BUCKET_MS !== 0 || p.toMs % BUCKET_MS !== 0) return readRawFacts(db, p);
  const { a, b, add, remove } = cover;
  const orderBuckets = sql(db, `
    SELECT bucket, order_count, subtotal_cents, discount_cents, tax_cents, total_cents
    FROM sales_order_buckets WHERE bucket >= ? AND bucket < ? AND order_count <> 0`).raw().all(p.fromMs / BUCKET_MS, p.toMs / BUCKET_MS) as OrderBucketRow[];

  const staff = [
    ...(sql(db, 'SELECT staff_id AS staffId, order_count AS orderCount, total_cents AS totalCents FROM sales_staff_days WHERE day >= ? AND day < ?').all(a, b) as StaffRow[]),
    ...add.flatMap((s) => rawStaff(db, s)),
    ...remove.flatMap((s) => negate(rawStaff(db, s), ['orderCount', 'totalCents'])),
  ];
  const lineGroups = [
    ...summaryLines(db, a, b),
    ...add.flatMap((s) => rawLines(db, s)),
    ...remove.flatMap((s) => negate(rawLines(db, s), ['lineCount', 'qty', 'totalCents'])),
  ];
  const payments = [
    ...(sql(db, 'SELECT method, count, amount_cents AS amountCents FROM payment_days WHERE day >= ? AND day < ?').all(a, b) as MethodRow[]),
    ...add.flatMap((s) => rawPayments(db, s)),
    ...remove.flatMap((s) => negate(rawPayments(db, s), ['count', 'amountCents'])),
  ];
  return { orderBuckets, staff, lineGroups, payments, refunds: refundsByMethod(db, p) };
}
