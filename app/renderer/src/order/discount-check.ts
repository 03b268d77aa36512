/**
 * A discount is checked on the till before anyone is asked to approve it (issue 11 item 10):
 * a reason, at most 100 %, and an amount at most the price it applies to. Core checks the same
 * (DISCOUNT_INVALID); this only spares the manager a trip to approve something core refuses.
 */
import type { TFunction } from 'i18next';
import type { DiscountRequest, Order, OrderLine } from '../api/shapes';
import type { Formatters } from '../format';

export type DiscountProblem = { kind: 'reason' } | { kind: 'over100' } | { kind: 'tooMuch'; maxCents: number };

export function checkDiscount(req: DiscountRequest | undefined, baseCents: number): DiscountProblem | null {
  if (!req?.discount) return null; // untouched, or a removal
  if (req.discount.kind === 'percent' && req.discount.value > 10_000) return { kind: 'over100' };
  if (req.discount.kind === 'amount' && req.discount.value > baseCents) return { kind: 'tooMuch', maxCents: baseCents };
  if (!req.reason?.trim()) return { kind: 'reason' };
  return null;
}

/** A line's own discount in cents (not its share of the order's), as core computes it. */
function ownLineDiscount(line: OrderLine): number {
  const d = line.discount;
  if (!d) return 0;
  return d.kind === 'percent' ? Math.min(line.grossCents, Math.round((line.grossCents * Math.min(d.value, 10_000)) / 10_000)) : Math.min(d.value, line.grossCents);
}

/** What an order discount applies to: the active lines after their own discounts. */
export function orderDiscountBase(order: Order | null): number {
  return (order?.lines ?? []).filter((l) => l.status === 'active').reduce((a, l) => a + l.grossCents - ownLineDiscount(l), 0);
}

/** What the manager is asked to approve: "Discount 20 % on order #4". */
export function describeDiscount(t: TFunction, fmt: Formatters, req: DiscountRequest, number: number, lineName: string | null): string {
  const d = req.discount;
  if (!d) return t('approval.whatRemoveDiscount', { number });
  const value = d.kind === 'percent' ? `${(d.value / 100).toLocaleString(fmt.locale)} %` : fmt.money(d.value);
  return lineName ? t('approval.whatLineDiscount', { value, name: lineName, number }) : t('approval.whatOrderDiscount', { value, number });
}
