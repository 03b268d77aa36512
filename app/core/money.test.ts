import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByWeights, divRound, mulDivRound, percentOf, splitEqually } from './money';

describe('money', () => {
  it('divRound rounds half away from zero', () => {
    expect(divRound(5, 10)).toBe(1);
    expect(divRound(4, 10)).toBe(0);
    expect(divRound(-5, 10)).toBe(-1);
    expect(divRound(15, 10)).toBe(2);
  });

  it('mulDivRound stays exact beyond 2^53', () => {
    expect(mulDivRound(999_999_999_999, 10_000, 12_400)).toBe(806_451_612_902);
    expect(mulDivRound(-5, 1, 10)).toBe(-1);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (a, bp) => {
      const exact = (BigInt(a) * BigInt(bp) * 2n + 10_000n) / 20_000n;
      expect(mulDivRound(a, bp, 10_000)).toBe(Number(exact));
    }));
  });

  it('percentOf works in basis points', () => {
    expect(percentOf(999, 1000)).toBe(100); // 99.9 → 100
    expect(percentOf(1234, 2400)).toBe(296); // 296.16
  });

  it('splits 100 three ways as 34/33/33 and 1 cent five ways', () => {
    expect(splitEqually(100, 3)).toEqual([34, 33, 33]);
    expect(splitEqually(1, 5)).toEqual([1, 0, 0, 0, 0]);
    expect(allocateByWeights(10, [0, 0])).toEqual([5, 5]);
  });

  it('allocations always sum exactly to the total and stay proportional within a cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateByWeights(total, weights);
          expect(parts.reduce((a, p) => a + p, 0)).toBe(total);
          const sw = weights.reduce((a, w) => a + w, 0);
          if (sw > 0) {
            weights.forEach((w, i) => expect(Math.abs((parts[i] ?? 0) - (total * w) / sw)).toBeLessThan(1));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
