// Pure helpers shared by the benchmarks (scripts/bench-*): percentiles, a seeded random source,
// Poisson arrival schedules for open-loop load, and the ratio/goal lines every benchmark prints.
// No I/O here, so scripts/lib/bench-stats.test.ts can check them quickly.

/** Nearest-rank percentile (q in [0, 1]) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * s.length));
  return s[Math.min(s.length, rank) - 1] as number;
}

export interface Summary { n: number; p50: number; p95: number; p99: number; min: number; max: number }

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), min: s[0] ?? NaN, max: s.at(-1) ?? NaN };
}

/** A small deterministic PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Arrival times (ms from the step's start, ascending) of a Poisson process at `ratePerSecond`
 * over `durationMs`: exponential gaps with mean 1000/rate. Independent devices calling on their
 * own clocks add up to this, which is why open-loop load uses it instead of a fixed pool of
 * connections that wait for each other.
 */
export function poissonSchedule(ratePerSecond: number, durationMs: number, random: () => number): number[] {
  if (!(ratePerSecond > 0) || !(durationMs > 0)) return [];
  const meanGapMs = 1000 / ratePerSecond;
  const out: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - random()) * meanGapMs;
    if (t >= durationMs) return out;
    out.push(t);
  }
}

export interface StepResult { offeredPerSec: number; completedPerSec: number; p50: number; p99: number; errors: number; sent: number; firstError?: string }

/** A step "held" when every answer was right and p99 (from the scheduled time) stayed under the limit. */
export const stepHeld = (s: StepResult, p99LimitMs: number): boolean => s.errors === 0 && s.sent > 0 && s.p99 < p99LimitMs;

/** The highest offered rate held; 0 when none was. */
export function highestHeld(steps: readonly StepResult[], p99LimitMs: number): number {
  return steps.filter((s) => stepHeld(s, p99LimitMs)).reduce((m, s) => Math.max(m, s.offeredPerSec), 0);
}

/** a / b, NaN when b is 0 or either is not a number. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
}

export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

export type Comparison = '<' | '<=' | '>=' | '>' | '==';

/** true/false, or null when the figure is missing (NaN): a goal can't pass on a figure it lacks. */
export function meets(value: number, cmp: Comparison, target: number): boolean | null {
  if (!Number.isFinite(value)) return null;
  switch (cmp) {
    case '<': return value < target;
    case '<=': return value <= target;
    case '>=': return value >= target;
    case '>': return value > target;
    case '==': return value === target;
  }
}

/**
 * One goal line: `GOAL <name>: <figure> (target <cmp> <target>) → PASS | NOT MET | n/a (<why>)`.
 * `figure` is what was measured, printed as given (e.g. "0.93×" or "812 ms").
 */
export function goalLine(name: string, value: number, cmp: Comparison, target: number, figure: string, missing = 'not measured'): string {
  const ok = meets(value, cmp, target);
  const verdict = ok === null ? `n/a (${missing})` : ok ? 'PASS' : 'NOT MET';
  return `GOAL ${name}: ${figure} (target ${cmp} ${target}) → ${verdict}`;
}

/** Left-aligned first column, right-aligned others: a plain text table. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}
