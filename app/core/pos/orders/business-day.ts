/**
 * The business day an instant belongs to, in the shop's time zone. A day may start late
 * (e.g. 04:00) so a bar's 01:30 sale counts to the evening before. Computed on the local wall
 * clock, so DST changes never shift the boundary.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function businessDayOf(epochMs: number, timeZone: string, dayStartHour: number): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const m = Number(parts.month);
  const d = Number(parts.day);
  const h = Number(parts.hour);
  const date = new Date(Date.UTC(y, m - 1, h < dayStartHour ? d - 1 : d));
  return date.toISOString().slice(0, 10);
}
