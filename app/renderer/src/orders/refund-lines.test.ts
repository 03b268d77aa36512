import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the screen's preview is checked against core's own rounding
import { allocateByWeights } from '../../../core/money';
import { lineRefundCents, refundedByLine } from './refund-lines';

/** Core's rule (refunds.ts): the last units take what is left; otherwise the line split by units. */
function coreAmount(line: { qty: number; totalCents: number }, prior: { qty: number; amountCents: number }, want: number): number {
  return prior.qty + want === line.qty ? line.totalCents - prior.amountCents : (allocateByWeights(line.totalCents, [want, line.qty - want])[0] ?? 0);
}

describe('refund preview', () => {
  it('shows exactly what core will refund, for any line and any earlier partial refunds', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 6 }), (qty, totalCents, steps) => {
      const line = { qty, totalCents };
      const prior = { qty: 0, amountCents: 0 };
      for (const step of steps) {
        const want = Math.min(step, qty - prior.qty);
        if (want <= 0) break;
        const expected = coreAmount(line, prior, want);
        expect(lineRefundCents(line, prior, want)).toBe(expected);
        prior.qty += want;
        prior.amountCents += expected;
      }
      if (prior.qty === qty) expect(prior.amountCents).toBe(totalCents);
    }));
  });

  it('sums earlier refunds per line', () => {
    const m = refundedByLine([{ lines: [{ orderLineId: 'a', qty: 1, amountCents: 100 }] }, { lines: [{ orderLineId: 'a', qty: 2, amountCents: 150 }, { orderLineId: 'b', qty: 1, amountCents: 5 }] }]);
    expect(m.get('a')).toEqual({ qty: 3, amountCents: 250 });
    expect(m.get('b')).toEqual({ qty: 1, amountCents: 5 });
  });
});
