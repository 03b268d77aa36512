/**
 * The VAT a refund takes back, per rate. A refund by lines carries each line's rate and takes
 * the line's VAT in proportion to the refunded amount (rounded half up). A refund by amount is
 * spread over the order's rates in proportion to their gross (largest remainder, so the parts
 * sum to the refund exactly). The VAT report and the refund slip both use this one rule.
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { allocateByWeights } from '../../money';

export interface RefundRatePart { rateBasisPoints: number; amountCents: number; taxCents: number }

const share = (amount: number, tax: number, total: number): number => (total === 0 ? 0 : Math.round((amount * tax) / total));

export function refundTaxParts(db: Db, refund: { id: string; orderId: string; amountCents: number }): RefundRatePart[] {
  const lines = sql(db, `SELECT rl.amount_cents AS amount, l.tax_rate_bp AS rate, l.tax_cents AS tax, l.total_cents AS total
    FROM refund_lines rl JOIN order_lines l ON l.id = rl.order_line_id WHERE rl.refund_id = ?`).all(refund.id) as
    { amount: number; rate: number; tax: number; total: number }[];
  if (lines.length > 0) return lines.map((l) => ({ rateBasisPoints: l.rate, amountCents: l.amount, taxCents: share(l.amount, l.tax, l.total) }));
  const byRate = (lineStatus: string) => sql(db, `SELECT tax_rate_bp AS rate, SUM(tax_cents) AS tax, SUM(total_cents) AS total
    FROM order_lines WHERE order_id = ? AND status LIKE ? GROUP BY tax_rate_bp ORDER BY tax_rate_bp`).all(refund.orderId, lineStatus) as
    { rate: number; tax: number; total: number }[];
  // The order's live lines decide; an order left with none (voided after the refund) still has
  // the rates it was sold at, so a report never fails on it. With no line at all: VAT-free.
  let rates = byRate('active');
  if (rates.length === 0) rates = byRate('%');
  if (rates.length === 0) return refund.amountCents === 0 ? [] : [{ rateBasisPoints: 0, amountCents: refund.amountCents, taxCents: 0 }];
  const parts = allocateByWeights(refund.amountCents, rates.map((r) => Math.max(0, r.total)));
  return rates
    .map((r, i) => ({ rateBasisPoints: r.rate, amountCents: parts[i] ?? 0, taxCents: share(parts[i] ?? 0, r.tax, r.total) }))
    .filter((p) => p.amountCents !== 0);
}
