// The benchmarks' pure helpers: wrong percentiles or a wrong schedule would print flattering figures.
import { describe, expect, it } from 'vitest';
import { fmtRatio, goalLine, highestHeld, meets, percentile, poissonSchedule, ratio, seededRandom, summarize } from './bench-stats';

describe('percentile', () => {
  it('is nearest-rank on unsorted samples', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 0.5)).toBe(5);
    expect(percentile(xs, 0.99)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile([], 0.5)).toBeNaN();
  });
  it('p99 of 100 samples is the 99th, not the maximum', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(xs)).toMatchObject({ n: 100, p50: 50, p99: 99, min: 1, max: 100 });
  });
});

describe('poissonSchedule', () => {
  it('is ascending, inside the window, and averages the offered rate', () => {
    const s = poissonSchedule(500, 20_000, seededRandom(7));
    expect(s.every((t, i) => t >= 0 && t < 20_000 && (i === 0 || t >= (s[i - 1] as number)))).toBe(true);
    expect(s.length / 20).toBeGreaterThan(480);
    expect(s.length / 20).toBeLessThan(520);
  });
  it('has exponential gaps (coefficient of variation ≈ 1), unlike a fixed pace', () => {
    const s = poissonSchedule(1000, 20_000, seededRandom(3));
    const gaps = s.slice(1).map((t, i) => t - (s[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });
  it('is empty for no rate or no time, and repeatable for a seed', () => {
    expect(poissonSchedule(0, 1000, Math.random)).toEqual([]);
    expect(poissonSchedule(10, 0, Math.random)).toEqual([]);
    expect(poissonSchedule(50, 1000, seededRandom(1))).toEqual(poissonSchedule(50, 1000, seededRandom(1)));
  });
});

describe('held rate, ratios and goals', () => {
  const step = (offeredPerSec: number, p99: number, errors = 0) => ({ offeredPerSec, completedPerSec: offeredPerSec, p50: 1, p99, errors, sent: 10 });
  it('the highest rate held needs p99 under the limit and no errors', () => {
    expect(highestHeld([step(100, 5), step(200, 50), step(400, 20, 1), step(800, 300)], 100)).toBe(200);
    expect(highestHeld([step(100, 150)], 100)).toBe(0);
  });
  it('ratio is NaN without a baseline, and prints as n/a', () => {
    expect(ratio(9, 10)).toBeCloseTo(0.9);
    expect(ratio(1, 0)).toBeNaN();
    expect(fmtRatio(ratio(1, 0))).toBe('n/a');
    expect(fmtRatio(0.934)).toBe('0.93×');
  });
  it('a goal passes, fails, or says the figure is missing — never passes on a missing figure', () => {
    expect(meets(0.9, '>=', 0.9)).toBe(true);
    expect(meets(NaN, '<', 1)).toBeNull();
    expect(goalLine('heartbeat vs /health', 0.95, '>=', 0.9, '0.95×')).toBe('GOAL heartbeat vs /health: 0.95× (target >= 0.9) → PASS');
    expect(goalLine('cpu', 1.5, '<=', 1.3, '1.50×')).toMatch(/NOT MET$/);
    expect(goalLine('d1 writes', NaN, '==', 0, 'n/a', 'needs /dev/d1-stats')).toMatch(/n\/a \(needs \/dev\/d1-stats\)$/);
  });
});
