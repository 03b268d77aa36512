/**
 * Splitting a bill between guests. Splits are amounts to collect as part payments on the one
 * order (the ledger keeps one order, one receipt); every split adds up EXACTLY to the bill:
 * equal shares and item shares use largest-remainder allocation, never per-part rounding.
 */
import { PosError } from '../../errors';
import { allocateByWeights, splitEqually } from '../../money';

export function splitBillEqually(dueCents: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1 || parts > 100) throw new PosError('SPLIT_INVALID', 'Split into 1 to 100 parts', { parts });
  return splitEqually(dueCents, parts);
}

/** Chosen amounts, plus one last part for whatever is left (if anything). */
export function splitBillByAmounts(dueCents: number, amounts: readonly number[]): number[] {
  const sum = amounts.reduce((a, v) => a + v, 0);
  if (amounts.some((a) => !Number.isSafeInteger(a) || a <= 0) || sum > dueCents) {
    throw new PosError('SPLIT_INVALID', 'The amounts are more than the bill', { dueCents, sumCents: sum });
  }
  return sum === dueCents ? [...amounts] : [...amounts, dueCents - sum];
}

export interface SplitLine { id: string; qty: number; totalCents: number }
export interface ItemShare { lineId: string; qty: number }
export interface ItemSplit { parts: { amountCents: number; items: (ItemShare & { amountCents: number })[] }[]; restCents: number }

/**
 * Each part takes some units of some lines; a line shared between parts (or partly unassigned)
 * is divided by largest remainder over its units, so the line's pieces sum to its total.
 * `restCents` is what no part took; parts + rest = the bill total.
 */
export function splitBillByItems(lines: readonly SplitLine[], parts: readonly (readonly ItemShare[])[]): ItemSplit {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const taken = new Map<string, number[]>(); // lineId -> qty per part
  parts.forEach((part, pi) => {
    for (const share of part) {
      const line = byId.get(share.lineId);
      if (!line) throw new PosError('SPLIT_INVALID', 'A line is not on this bill', { lineId: share.lineId });
      if (!Number.isInteger(share.qty) || share.qty < 1) throw new PosError('SPLIT_INVALID', 'Quantities must be whole units', { lineId: share.lineId });
      const q = taken.get(line.id) ?? parts.map(() => 0);
      q[pi] = (q[pi] ?? 0) + share.qty;
      taken.set(line.id, q);
    }
  });
  const amounts = new Map<string, number[]>();
  for (const [lineId, qtys] of taken) {
    const line = byId.get(lineId);
    if (!line) continue;
    const used = qtys.reduce((a, q) => a + q, 0);
    if (used > line.qty) throw new PosError('SPLIT_INVALID', 'More units than the line has', { lineId, qty: line.qty, assigned: used });
    amounts.set(lineId, allocateByWeights(line.totalCents, [...qtys, line.qty - used]));
  }
  const result = parts.map((_, pi) => {
    const items = [...taken.entries()]
      .filter(([, qtys]) => (qtys[pi] ?? 0) > 0)
      .map(([lineId, qtys]) => ({ lineId, qty: qtys[pi] ?? 0, amountCents: amounts.get(lineId)?.[pi] ?? 0 }));
    return { amountCents: items.reduce((a, i) => a + i.amountCents, 0), items };
  });
  const total = lines.reduce((a, l) => a + l.totalCents, 0);
  return { parts: result, restCents: total - result.reduce((a, p) => a + p.amountCents, 0) };
}
