import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import type { ShopSettings } from '../settings/settings-schema';
import { addDays, businessDayRange, localTimeIn } from './business-days';
import { BUCKET_MS, readRawFacts, readSummaryFacts } from './sales-facts';
import { vatByRate, type VatRateRow } from './vat-report';

/**
 * Sales reports for a range of business days in the shop's time zone.
 *
 * Rules: a sale is an order PAID in the range (status paid or refunded; voided orders are not
 * sales); its lines count by category and item; money by method comes from payment rows in the
 * range (so reversals of voided orders cancel out) and refunds from refund rows in the range.
 * Hour and day are the shop's local ones: figures come per 15-minute UTC bucket (every zone
 * offset in use is a multiple of 15 minutes) and each bucket is placed in local time here, which
 * keeps DST days right (23 or 25 hours) without per-row work. The figures are read from the
 * trigger-kept summary tables by default (sales-facts.ts); `source: 'raw'` reads the ledger
 * itself, and both must always agree (reports.consistency.test.ts).
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
  /** VAT by rate, highest rate first (vat-report.ts). */
  byTaxRate: VatRateRow[];
  topSellers: ItemSales[];
  worstSellers: ItemSales[];
}

export const MAX_REPORT_DAYS = 400;

/** Ties sort by plain code-point order: localeCompare is too slow for 5,000 items per report. */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function salesReport(db: Db, settings: ShopSettings, range: ReportRange, options: { sellersLimit?: number; source?: 'summary' | 'raw' } = {}): SalesReport {
  const { timeZone, businessDayStartHour: startHour } = settings;
  const { fromMs, toMs } = businessDayRange(range.from, range.to, timeZone, startHour);
  if (toMs - fromMs > MAX_REPORT_DAYS * 86_400_000) {
    throw new PosError('REPORT_RANGE_INVALID', `A report covers at most ${MAX_REPORT_DAYS} days`, { ...range });
  }
  const p = { fromMs, toMs };
  const limit = options.sellersLimit ?? 10;

  const facts = (options.source ?? 'summary') === 'raw' ? readRawFacts(db, p) : readSummaryFacts(db, p);

  const totals = { orderCount: 0, subtotalCents: 0, discountCents: 0, taxCents: 0, totalCents: 0 };
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, orderCount: 0, totalCents: 0 }));
  const days = new Map<string, { day: string; orderCount: number; totalCents: number }>();
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.set(day, { day, orderCount: 0, totalCents: 0 });
  const staffTotals = new Map<string, { orderCount: number; totalCents: number }>();
  const local = localTimeIn(timeZone, startHour);
  const localCache = new Map<number, ReturnType<typeof local>>();
  for (const [bucket, count, subtotal, discount, tax, total] of facts.orderBuckets) {
    totals.orderCount += count;
    totals.subtotalCents += subtotal;
    totals.discountCents += discount;
    totals.taxCents += tax;
    totals.totalCents += total;
    // Every zone offset in use is a multiple of 15 minutes: one time-zone lookup per bucket.
    let t = localCache.get(bucket);
    if (!t) {
      t = local(bucket * BUCKET_MS);
      localCache.set(bucket, t);
    }
    const h = byHour[t.hour];
    if (h) { h.orderCount += count; h.totalCents += total; }
    const d = days.get(t.businessDay);
    if (d) { d.orderCount += count; d.totalCents += total; }
  }
  for (const r of facts.staff) {
    const st = staffTotals.get(r.staffId) ?? { orderCount: 0, totalCents: 0 };
    st.orderCount += r.orderCount;
    st.totalCents += r.totalCents;
    staffTotals.set(r.staffId, st);
  }
  const staffNames = new Map((db.prepare('SELECT id, name FROM staff').all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  const byStaff = [...staffTotals.entries()]
    .filter(([, v]) => v.orderCount !== 0)
    .map(([staffId, v]) => ({ staffId, name: staffNames.get(staffId) ?? '', ...v }))
    .sort((a, b) => b.totalCents - a.totalCents || byName(a, b));

  // Items are named as in the catalog today; lines without an item (open-price) by their own name.
  const lineRows = facts.lineGroups;
  const catalog = db.prepare('SELECT id, name, category_id AS categoryId, archived FROM items').all() as
    { id: string; name: string; categoryId: string; archived: number }[];
  const catalogItems = new Map(catalog.map((i) => [i.id, i]));
  const categoryNames = new Map((db.prepare('SELECT id, name FROM categories').all() as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  const categoryName = (id: string | null) => (id === null ? '' : categoryNames.get(id) ?? '');

  // Rows may come signed (summary minus edges): `lines` counts what is really there; 0 = nothing.
  const categories = new Map<string | null, { categoryId: string | null; name: string; qty: number; totalCents: number; lines: number }>();
  const itemTotals = new Map<string, ItemSales & { lines: number }>();
  for (const r of lineRows) {
    const c = categories.get(r.categoryId) ?? { categoryId: r.categoryId, name: categoryName(r.categoryId), qty: 0, totalCents: 0, lines: 0 };
    c.qty += r.qty;
    c.totalCents += r.totalCents;
    c.lines += r.lineCount;
    categories.set(r.categoryId, c);
    const key = r.itemId ?? `name:${r.lineName ?? ''}`;
    let it = itemTotals.get(key);
    if (!it) {
      // A catalog item is shown under its name and category today, whatever its lines were sold as.
      const item = r.itemId === null ? undefined : catalogItems.get(r.itemId);
      it = { itemId: r.itemId, name: item?.name ?? r.lineName ?? '', categoryName: categoryName(item?.categoryId ?? r.categoryId), qty: 0, totalCents: 0, lines: 0 };
      itemTotals.set(key, it);
    }
    it.qty += r.qty;
    it.totalCents += r.totalCents;
    it.lines += r.lineCount;
  }
  const byCategory = [...categories.values()].filter((c) => c.lines !== 0)
    .map(({ categoryId, name, qty, totalCents }) => ({ categoryId, name, qty, totalCents }))
    .sort((a, b) => b.totalCents - a.totalCents || byName(a, b));
  const bySales = (a: ItemSales, b: ItemSales) => b.qty - a.qty || b.totalCents - a.totalCents || byName(a, b);
  const sold = new Map<string, ItemSales>();
  for (const [key, { lines, ...it }] of itemTotals) if (lines !== 0) sold.set(key, it);
  const byItem = [...sold.values()].sort(bySales);

  // Worst sellers include catalog items that sold nothing at all: those are the real worst.
  const worstSellers = catalog
    .filter((i) => i.archived === 0)
    .map((i) => sold.get(i.id) ?? { itemId: i.id, name: i.name, categoryName: categoryName(i.categoryId), qty: 0, totalCents: 0 })
    .sort((a, b) => -bySales(a, b))
    .slice(0, limit);

  const { refunds } = facts;
  const payments = new Map<string, { count: number; amountCents: number }>();
  for (const r of facts.payments) {
    const m = payments.get(r.method) ?? { count: 0, amountCents: 0 };
    m.count += r.count;
    m.amountCents += r.amountCents;
    payments.set(r.method, m);
  }
  for (const [method, m] of payments) if (m.count === 0) payments.delete(method);
  const methods = [...new Set([...payments.keys(), ...refunds.map((r) => r.method)])].sort();
  const byPaymentMethod = methods.map((method) => {
    const pay = payments.get(method);
    const refundCents = refunds.find((r) => r.method === method)?.refundCents ?? 0;
    const amountCents = pay?.amountCents ?? 0;
    return { method, count: pay?.count ?? 0, amountCents, refundCents, netCents: amountCents - refundCents };
  });
  const refundCents = refunds.reduce((a, r) => a + r.refundCents, 0);

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
    byTaxRate: vatByRate(db, p),
    topSellers: byItem.slice(0, limit),
    worstSellers,
  };
}
