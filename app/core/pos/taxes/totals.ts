/**
 * Order totals and taxes. THE RULE (what receipts, reports and the tax office see):
 *
 * 1. A line's gross = unit price (base + option deltas) × qty, in the shop's pricing mode:
 *    `inclusive` prices already contain tax, `exclusive` prices get tax added.
 * 2. Line discount: percent → round(gross × pct), amount → capped at the gross.
 * 3. Order discount applies to the sum of the lines after their own discounts (percent →
 *    rounded once on that sum; amount → capped at it) and is spread over the lines in
 *    proportion to their amounts by largest remainder, so the shares add up to the discount
 *    exactly and land on the right tax rates.
 * 4. Tax is computed and ROUNDED PER LINE on the line's discounted amount:
 *      inclusive: tax = amount − round(amount × 10000 / (10000 + rate_bp)); net = amount − tax
 *      exclusive: net = amount; tax = round(amount × rate_bp / 10000); total = net + tax
 *    Rounding is half away from zero on integer cents (no floats anywhere).
 * 5. Order figures are SUMS of the line figures (so 3 × €0.33 at 24% inclusive carries
 *    3 × €0.06 = €0.18 tax, not round(€0.99 → €0.19)); per-rate totals are sums of their lines.
 *    Hence total = Σ line totals = net + tax, always, to the cent.
 */
import { allocateByWeights, mulDivRound, percentOf } from '../../money';
import type { Cents } from '../../money';

export type TaxMode = 'inclusive' | 'exclusive';

export type Discount =
  | { kind: 'percent'; value: number /* basis points, 1000 = 10% */ }
  | { kind: 'amount'; value: Cents };

export interface TaxLineInput {
  unitPriceCents: Cents;
  qty: number;
  taxRateBp: number;
  discount?: Discount | null;
}

export interface LineTotals {
  grossCents: Cents;
  lineDiscountCents: Cents;
  orderDiscountCents: Cents;
  /** line + share of order discount */
  discountCents: Cents;
  netCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
}

export interface RateTotals {
  rateBp: number;
  netCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
}

export interface OrderTotals {
  subtotalCents: Cents;
  lineDiscountCents: Cents;
  orderDiscountCents: Cents;
  discountCents: Cents;
  netCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
  lines: LineTotals[];
  byRate: RateTotals[];
}

export function discountAmount(base: Cents, discount: Discount | null | undefined): Cents {
  if (!discount) return 0;
  const raw = discount.kind === 'percent' ? percentOf(base, Math.min(discount.value, 10_000)) : discount.value;
  return Math.max(0, Math.min(raw, base));
}

/** Tax contained in / added to one line's amount (step 4). */
export function lineTax(mode: TaxMode, amount: Cents, rateBp: number): { netCents: Cents; taxCents: Cents; totalCents: Cents } {
  if (mode === 'inclusive') {
    const net = mulDivRound(amount, 10_000, 10_000 + rateBp);
    return { netCents: net, taxCents: amount - net, totalCents: amount };
  }
  const tax = mulDivRound(amount, rateBp, 10_000);
  return { netCents: amount, taxCents: tax, totalCents: amount + tax };
}

export function computeOrderTotals(
  mode: TaxMode,
  lines: readonly TaxLineInput[],
  orderDiscount?: Discount | null,
): OrderTotals {
  const gross = lines.map((l) => l.unitPriceCents * l.qty);
  const lineDiscounts = lines.map((l, i) => discountAmount(gross[i] ?? 0, l.discount));
  const afterLine = gross.map((g, i) => g - (lineDiscounts[i] ?? 0));
  const base = afterLine.reduce((a, v) => a + v, 0);
  const orderDiscount_ = discountAmount(base, orderDiscount);
  const shares = allocateByWeights(orderDiscount_, afterLine);

  const lineTotals: LineTotals[] = lines.map((l, i) => {
    const share = shares[i] ?? 0;
    const amount = (afterLine[i] ?? 0) - share;
    const t = lineTax(mode, amount, l.taxRateBp);
    const lineDiscount = lineDiscounts[i] ?? 0;
    return {
      grossCents: gross[i] ?? 0,
      lineDiscountCents: lineDiscount,
      orderDiscountCents: share,
      discountCents: lineDiscount + share,
      ...t,
    };
  });

  const byRateMap = new Map<number, RateTotals>();
  lines.forEach((l, i) => {
    const t = lineTotals[i];
    if (!t) return;
    const r = byRateMap.get(l.taxRateBp) ?? { rateBp: l.taxRateBp, netCents: 0, taxCents: 0, totalCents: 0 };
    r.netCents += t.netCents;
    r.taxCents += t.taxCents;
    r.totalCents += t.totalCents;
    byRateMap.set(l.taxRateBp, r);
  });

  const sum = (f: (t: LineTotals) => number) => lineTotals.reduce((a, t) => a + f(t), 0);
  return {
    subtotalCents: sum((t) => t.grossCents),
    lineDiscountCents: sum((t) => t.lineDiscountCents),
    orderDiscountCents: orderDiscount_,
    discountCents: sum((t) => t.discountCents),
    netCents: sum((t) => t.netCents),
    taxCents: sum((t) => t.taxCents),
    totalCents: sum((t) => t.totalCents),
    lines: lineTotals,
    byRate: [...byRateMap.values()].sort((a, b) => b.rateBp - a.rateBp),
  };
}
