/** The shop's business day (YYYY-MM-DD) for a moment: its time zone, and a day that starts at e.g. 04:00. */
export function businessDayOf(ms: number, timeZone: string, startHour: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(ms - startHour * 3_600_000));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Report presets, as business days. Weeks start on Monday. */
export function presetRange(preset: 'today' | 'yesterday' | 'week' | 'month', today: string): { from: string; to: string } {
  if (preset === 'today') return { from: today, to: today };
  if (preset === 'yesterday') { const y = addDays(today, -1); return { from: y, to: y }; }
  if (preset === 'week') {
    const dow = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
    return { from: addDays(today, -dow), to: today };
  }
  return { from: `${today.slice(0, 8)}01`, to: today };
}
