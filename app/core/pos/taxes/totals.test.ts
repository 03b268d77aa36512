import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOrderTotals, lineTax } from './totals';
import type { Discount, TaxLineInput, TaxMode } from './totals';

describe('taxes: rounding per line then summed', () => {
  it('3 × 0.33 at 24% inclusive carries 3 × 6 cents of tax (not 19 on 0.99)', () => {
    const line = { unitPriceCents: 33, qty: 1, taxRateBp: 2400 };
    const t = computeOrderTotals('inclusive', [line, line, line]);
    expect(t.totalCents).toBe(99);
    expect(t.lines.map((l) => l.taxCents)).toEqual([6, 6, 6]);
    expect(t.taxCents).toBe(18);
    expect(t.netCents).toBe(81);
    // One line of qty 3 is one rounding: 99 − round(99/1.24 = 79.84) = 19.
    expect(computeOrderTotals('inclusive', [{ ...line, qty: 3 }]).taxCents).toBe(19);
  });

  it('3 × 0.33 at 24% exclusive adds 8 cents per line', () => {
    const line = { unitPriceCents: 33, qty: 1, taxRateBp: 2400 };
    const t = computeOrderTotals('exclusive', [line, line, line]);
    expect(t.lines.map((l) => l.taxCents)).toEqual([8, 8, 8]);
    expect(t.totalCents).toBe(99 + 24);
  });

  it('rounds half away from zero', () => {
    // 50 × 1% = 0.5 cent → 1
    expect(lineTax('exclusive', 50, 100).taxCents).toBe(1);
    expect(lineTax('exclusive', 49, 100).taxCents).toBe(0);
  });

  it('groups mixed rates and keeps per-rate sums equal to the order', () => {
    const t = computeOrderTotals('inclusive', [
      { unitPriceCents: 350, qty: 2, taxRateBp: 2400 }, // coffee
      { unitPriceCents: 1290, qty: 1, taxRateBp: 1300 }, // food
      { unitPriceCents: 199, qty: 3, taxRateBp: 600 },
    ]);
    expect(t.byRate.map((r) => r.rateBp)).toEqual([2400, 1300, 600]);
    expect(t.byRate[0]).toEqual({ rateBp: 2400, totalCents: 700, taxCents: 700 - 565, netCents: 565 });
    expect(t.byRate[1]).toEqual({ rateBp: 1300, totalCents: 1290, taxCents: 1290 - 1142, netCents: 1142 });
    expect(t.byRate[2]).toEqual({ rateBp: 600, totalCents: 597, taxCents: 597 - 563, netCents: 563 });
    expect(t.taxCents).toBe(t.byRate.reduce((a, r) => a + r.taxCents, 0));
    expect(t.totalCents).toBe(2587);
  });

  it('spreads an order discount across rates by largest remainder, exactly', () => {
    // 10.00 off 30.00 split 1:1:1 → 3.34 / 3.33 / 3.33
    const t = computeOrderTotals(
      'inclusive',
      [
        { unitPriceCents: 1000, qty: 1, taxRateBp: 2400 },
        { unitPriceCents: 1000, qty: 1, taxRateBp: 1300 },
        { unitPriceCents: 1000, qty: 1, taxRateBp: 600 },
      ],
      { kind: 'amount', value: 1000 },
    );
    expect(t.lines.map((l) => l.orderDiscountCents)).toEqual([334, 333, 333]);
    expect(t.totalCents).toBe(2000);
    expect(t.discountCents).toBe(1000);
  });

  it('applies line discounts before the order discount and caps discounts at the amount', () => {
    const t = computeOrderTotals(
      'exclusive',
      [
        { unitPriceCents: 1000, qty: 1, taxRateBp: 2400, discount: { kind: 'percent', value: 1000 } }, // -1.00
        { unitPriceCents: 500, qty: 1, taxRateBp: 2400, discount: { kind: 'amount', value: 9999 } }, // capped at 5.00
      ],
      { kind: 'percent', value: 5000 },
    );
    expect(t.lineDiscountCents).toBe(100 + 500);
    expect(t.orderDiscountCents).toBe(450);
    expect(t.lines[1]?.totalCents).toBe(0);
    expect(t.netCents).toBe(450);
    expect(t.taxCents).toBe(108);
    expect(t.totalCents).toBe(558);
  });
});

const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.record({ kind: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 10_000 }) }),
  fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 50_000 }) }),
);
const lineArb: fc.Arbitrary<TaxLineInput> = fc.record({
  unitPriceCents: fc.integer({ min: 0, max: 100_000 }),
  qty: fc.integer({ min: 1, max: 50 }),
  taxRateBp: fc.constantFrom(0, 600, 1300, 2400, 1750),
  discount: discountArb,
});

describe('taxes: properties', () => {
  it('totals always equal the sum of the parts', () => {
    fc.assert(
      fc.property(fc.constantFrom<TaxMode>('inclusive', 'exclusive'), fc.array(lineArb, { maxLength: 12 }), discountArb, (mode, lines, od) => {
        const t = computeOrderTotals(mode, lines, od);
        const sum = (f: (l: (typeof t.lines)[number]) => number) => t.lines.reduce((a, l) => a + f(l), 0);
        expect(t.totalCents).toBe(sum((l) => l.totalCents));
        expect(t.taxCents).toBe(sum((l) => l.taxCents));
        expect(t.totalCents).toBe(t.netCents + t.taxCents);
        expect(t.discountCents).toBe(t.lineDiscountCents + t.orderDiscountCents);
        expect(sum((l) => l.orderDiscountCents)).toBe(t.orderDiscountCents);
        expect(t.byRate.reduce((a, r) => a + r.totalCents, 0)).toBe(t.totalCents);
        expect(t.byRate.reduce((a, r) => a + r.taxCents, 0)).toBe(t.taxCents);
        const payable = t.subtotalCents - t.discountCents;
        expect(mode === 'inclusive' ? t.totalCents : t.netCents).toBe(payable);
        for (const l of t.lines) {
          expect(Number.isSafeInteger(l.totalCents)).toBe(true);
          expect(l.totalCents).toBeGreaterThanOrEqual(0);
          expect(l.taxCents).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
