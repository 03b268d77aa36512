/** What the charts print on themselves: money on the bars, a percentage on each pie slice. */

/** Whole-percent shares that add up to 100 (largest remainder), for the pie's labels. */
export function percentShares(values: readonly number[]): number[] {
  const positive = values.map((v) => Math.max(0, v));
  const total = positive.reduce((a, v) => a + v, 0);
  if (total === 0) return values.map(() => 0);
  const raw = positive.map((v) => (v * 100) / total);
  const floors = raw.map(Math.floor);
  let left = 100 - floors.reduce((a, v) => a + v, 0);
  const order = raw.map((r, i) => ({ i, rest: r - Math.floor(r) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (positive[i] === 0) continue;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

export function percentText(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share / 100);
}
