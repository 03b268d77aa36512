/**
 * Money is integer minor units (cents), always. Every split of an amount into parts uses the
 * largest-remainder method, so the parts add up to the whole exactly.
 */
import { z } from 'zod';

export type Cents = number;

export const centsSchema = z.number().int().min(0).max(100_000_000_00);
export const signedCentsSchema = z.number().int().min(-100_000_000_00).max(100_000_000_00);

/** Basis points: 2400 = 24%. Rates and percentages are integers too. */
export const basisPointsSchema = z.number().int().min(0).max(10_000);

export function assertCents(value: number, what = 'amount'): asserts value is Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be integer cents, got ${value}`);
}

/** Integer division rounded half away from zero (commercial rounding), exact for safe ints. */
export function divRound(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (2 * r >= denominator ? q + 1 : q);
}

/** round(a × b / denominator), half away from zero; exact even when a × b leaves the safe range. */
export function mulDivRound(a: number, b: number, denominator: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return divRound(product, denominator);
  const p = BigInt(a) * BigInt(b);
  const d = BigInt(denominator);
  const neg = p < 0n;
  const abs = neg ? -p : p;
  const q = abs / d;
  const r = abs - q * d;
  const rounded = 2n * r >= d ? q + 1n : q;
  return Number(neg ? -rounded : rounded);
}

/** `bp` basis points of `amount`, rounded half away from zero. */
export function percentOf(amount: Cents, bp: number): Cents {
  return mulDivRound(amount, bp, 10_000);
}

/**
 * Split `total` in proportion to `weights` (non-negative integers) so the parts sum exactly to
 * `total`: floor every share, then hand the leftover cents to the largest remainders (ties go
 * to the earlier part, so the result is deterministic). All-zero weights split equally.
 */
export function allocateByWeights(total: Cents, weights: readonly number[]): Cents[] {
  assertCents(total, 'total');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total to no parts');
    return [];
  }
  const sumWeights = weights.reduce((a, w) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError('weights must be non-negative integers');
    return a + w;
  }, 0);
  const effective = sumWeights === 0 ? weights.map(() => 1) : weights;
  const denominator = sumWeights === 0 ? weights.length : sumWeights;
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // BigInt keeps abs * weight exact even for large totals × weights.
  const parts = effective.map((w) => {
    const product = BigInt(abs) * BigInt(w);
    const q = product / BigInt(denominator);
    const r = product - q * BigInt(denominator);
    return { q: Number(q), r };
  });
  let leftover = abs - parts.reduce((a, p) => a + p.q, 0);
  const order = parts
    .map((p, i) => ({ i, r: p.r }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const result = parts.map((p) => p.q);
  for (const { i } of order) {
    if (leftover <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    leftover -= 1;
  }
  return result.map((v) => sign * v);
}

/** `total` in `parts` near-equal shares that sum exactly to `total` (earlier parts get the extra cents). */
export function splitEqually(total: Cents, parts: number): Cents[] {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError('parts must be a positive integer');
  return allocateByWeights(total, Array.from({ length: parts }, () => 1));
}
