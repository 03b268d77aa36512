/**
 * What refunding `want` units of a line hands back, as core computes it (refunds.ts): the last
 * units take whatever is left of the line; otherwise the line total split by units, largest
 * remainder first. Shown before confirming; core's answer is the one recorded.
 */
export function lineRefundCents(line: { qty: number; totalCents: number }, prior: { qty: number; amountCents: number }, want: number): number {
  if (want <= 0) return 0;
  if (prior.qty + want === line.qty) return line.totalCents - prior.amountCents;
  const rest = line.qty - want;
  const q1 = Math.floor((line.totalCents * want) / line.qty);
  const q2 = Math.floor((line.totalCents * rest) / line.qty);
  const r1 = (line.totalCents * want) % line.qty;
  const r2 = (line.totalCents * rest) % line.qty;
  return line.totalCents - q1 - q2 > 0 && r1 >= r2 ? q1 + 1 : q1;
}

export interface RefundedSoFar { qty: number; amountCents: number }

/** Units and money already refunded per order line, from `order.listRefunds`. */
export function refundedByLine(refunds: { lines: { orderLineId: string; qty: number; amountCents: number }[] }[]): Map<string, RefundedSoFar> {
  const m = new Map<string, RefundedSoFar>();
  for (const r of refunds) {
    for (const l of r.lines) {
      const cur = m.get(l.orderLineId) ?? { qty: 0, amountCents: 0 };
      m.set(l.orderLineId, { qty: cur.qty + l.qty, amountCents: cur.amountCents + l.amountCents });
    }
  }
  return m;
}
