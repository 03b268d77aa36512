/**
 * VAT by rate for a range, what the accountant asks for every month: per rate, the net amount,
 * the VAT and the gross of the sales (orders paid in the range, their active lines as stored:
 * each line's net and VAT were rounded when the order was priced), then the refunds made in the
 * range at the rate of what was refunded, and what remains.
 *
 * A refund by lines carries each line's rate; its VAT is the line's VAT in proportion to the
 * refunded amount. A refund by amount is spread over the order's rates in proportion to their
 * gross (largest remainder, so the parts sum to the refund exactly).
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { allocateByWeights } from '../../money';

export interface VatRateRow {
  rateBasisPoints: number;
  netCents: number; taxCents: number; grossCents: number;
  refundNetCents: number; refundTaxCents: number; refundGrossCents: number;
  /** After refunds: what is declared. */
  finalNetCents: number; finalTaxCents: number; finalGrossCents: number;
}

interface Span { fromMs: number; toMs: number }

/** The VAT inside `amount` of a line worth `total` with `tax` in it (rounded half up). */
const taxShare = (amount: number, tax: number, total: number): number => (total === 0 ? 0 : Math.round((amount * tax) / total));

export function vatByRate(db: Db, p: Span): VatRateRow[] {
  const rows = new Map<number, VatRateRow>();
  const row = (rate: number): VatRateRow => {
    let r = rows.get(rate);
    if (!r) {
      r = { rateBasisPoints: rate, netCents: 0, taxCents: 0, grossCents: 0, refundNetCents: 0, refundTaxCents: 0, refundGrossCents: 0, finalNetCents: 0, finalTaxCents: 0, finalGrossCents: 0 };
      rows.set(rate, r);
    }
    return r;
  };
  const sales = sql(db, `
    SELECT l.tax_rate_bp AS rate, SUM(l.net_cents) AS net, SUM(l.tax_cents) AS tax, SUM(l.total_cents) AS gross
    FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.paid_at >= @fromMs AND o.paid_at < @toMs AND o.status IN ('paid', 'refunded') AND l.status = 'active'
    GROUP BY l.tax_rate_bp`).all(p) as { rate: number; net: number; tax: number; gross: number }[];
  for (const s of sales) Object.assign(row(s.rate), { netCents: s.net, taxCents: s.tax, grossCents: s.gross });

  const refund = (rate: number, amount: number, tax: number) => {
    const r = row(rate);
    r.refundGrossCents += amount;
    r.refundTaxCents += tax;
    r.refundNetCents += amount - tax;
  };
  const refunds = sql(db, 'SELECT id, order_id AS orderId, amount_cents AS amount FROM refunds WHERE created_at >= @fromMs AND created_at < @toMs').all(p) as
    { id: string; orderId: string; amount: number }[];
  const byLines = sql(db, `SELECT rl.amount_cents AS amount, l.tax_rate_bp AS rate, l.tax_cents AS tax, l.total_cents AS total
    FROM refund_lines rl JOIN order_lines l ON l.id = rl.order_line_id WHERE rl.refund_id = ?`);
  const orderRates = sql(db, `SELECT tax_rate_bp AS rate, SUM(tax_cents) AS tax, SUM(total_cents) AS total
    FROM order_lines WHERE order_id = ? AND status = 'active' GROUP BY tax_rate_bp ORDER BY tax_rate_bp`);
  for (const r of refunds) {
    const lines = byLines.all(r.id) as { amount: number; rate: number; tax: number; total: number }[];
    if (lines.length > 0) {
      for (const l of lines) refund(l.rate, l.amount, taxShare(l.amount, l.tax, l.total));
      continue;
    }
    const rates = orderRates.all(r.orderId) as { rate: number; tax: number; total: number }[];
    const parts = allocateByWeights(r.amount, rates.map((x) => Math.max(0, x.total)));
    rates.forEach((x, i) => {
      const amount = parts[i] ?? 0;
      if (amount !== 0) refund(x.rate, amount, taxShare(amount, x.tax, x.total));
    });
  }
  for (const r of rows.values()) {
    r.finalNetCents = r.netCents - r.refundNetCents;
    r.finalTaxCents = r.taxCents - r.refundTaxCents;
    r.finalGrossCents = r.grossCents - r.refundGrossCents;
  }
  return [...rows.values()].sort((a, b) => b.rateBasisPoints - a.rateBasisPoints);
}
