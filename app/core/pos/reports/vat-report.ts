/**
 * VAT by rate for a range, what the accountant asks for every month: per rate, the net amount,
 * the VAT and the gross of the sales (orders paid in the range, their active lines as stored:
 * each line's net and VAT were rounded when the order was priced), then the refunds made in the
 * range at the rate of what was refunded, and what remains.
 * How a refund splits over the rates: refunds/refund-tax.ts.
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { refundTaxParts } from '../refunds/refund-tax';

export interface VatRateRow {
  rateBasisPoints: number;
  netCents: number; taxCents: number; grossCents: number;
  refundNetCents: number; refundTaxCents: number; refundGrossCents: number;
  /** After refunds: what is declared. */
  finalNetCents: number; finalTaxCents: number; finalGrossCents: number;
}

interface Span { fromMs: number; toMs: number }

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
  const refunds = sql(db, 'SELECT id, order_id AS orderId, amount_cents AS amountCents FROM refunds WHERE created_at >= @fromMs AND created_at < @toMs').all(p) as
    { id: string; orderId: string; amountCents: number }[];
  for (const r of refunds) for (const part of refundTaxParts(db, r)) refund(part.rateBasisPoints, part.amountCents, part.taxCents);
  for (const r of rows.values()) {
    r.finalNetCents = r.netCents - r.refundNetCents;
    r.finalTaxCents = r.taxCents - r.refundTaxCents;
    r.finalGrossCents = r.grossCents - r.refundGrossCents;
  }
  return [...rows.values()].sort((a, b) => b.rateBasisPoints - a.rateBasisPoints);
}
