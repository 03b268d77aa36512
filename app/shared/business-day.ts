/**
 * Business days in the shop's time zone, the one implementation for core and the screen. A
 * business day starts at `startHour` local time (a bar open until 2am counts those sales to the
 * day before), so its length follows DST: 23 or 25 hours on the switch days. Every conversion
 * goes through the IANA zone on the local wall clock, never a fixed offset.
 */
import { TZDate, tzOffset } from '@date-fns/tz';

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function parseDay(day: string): { y: number; m: number; d: number } {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar date: ${day}`);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

export function addDays(day: string, n: number): string {
  const { y, m, d } = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

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

/** The business day (YYYY-MM-DD) an instant belongs to. */
export function businessDayOf(epochMs: number, timeZone: string, dayStartHour: number): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const m = Number(parts.month);
  const d = Number(parts.day);
  const h = Number(parts.hour);
  return new Date(Date.UTC(y, m - 1, h < dayStartHour ? d - 1 : d)).toISOString().slice(0, 10);
}

/** The instant a business day starts (its local start hour in the zone). */
export function businessDayStart(day: string, timeZone: string, startHour: number): number {
  const { y, m, d } = parseDay(day);
  return new TZDate(y, m - 1, d, startHour, 0, 0, timeZone).getTime();
}

/** [fromMs, toMs) covering business days `from`..`to` inclusive. */
export function businessDayRange(from: string, to: string, timeZone: string, startHour: number): { fromMs: number; toMs: number } {
  if (to < from) throw new RangeError(`The range ends before it starts: ${from}..${to}`);
  return { fromMs: businessDayStart(from, timeZone, startHour), toMs: businessDayStart(addDays(to, 1), timeZone, startHour) };
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

export interface LocalTime {
  /** Local calendar date YYYY-MM-DD. */
  date: string;
  hour: number;
  /** The business day the instant belongs to. */
  businessDay: string;
}

/**
 * Maps instants to local wall time. Offsets change at most once per UTC day (DST), so each day
 * costs two zone lookups (plus a short binary search on a switch day) and every instant after
 * that is arithmetic: a month of 15-minute buckets needs ~60 Intl calls instead of ~3,000.
 */
export function localTimeIn(timeZone: string, startHour: number): (ms: number) => LocalTime {
  const offsetMs = (ms: number) => tzOffset(timeZone, new Date(ms)) * 60_000;
  const days = new Map<number, { before: number; after: number; switchAt: number }>();
  const offsetOf = (ms: number): number => {
    const day = Math.floor(ms / DAY_MS);
    let d = days.get(day);
    if (!d) {
      const dayStart = day * DAY_MS;
      const before = offsetMs(dayStart);
      const after = offsetMs(dayStart + DAY_MS - 1);
      // Binary search (to the minute) for the first instant with the new offset.
      let lo = 0;
      let hi = DAY_MS / 60_000;
      if (before !== after) {
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetMs(dayStart + mid * 60_000) === after) hi = mid;
          else lo = mid + 1;
        }
      }
      d = { before, after, switchAt: before === after ? Number.POSITIVE_INFINITY : dayStart + lo * 60_000 };
      days.set(day, d);
    }
    return ms < d.switchAt ? d.before : d.after;
  };
  const dates = new Map<number, string>();
  const dateOf = (wallDay: number): string => {
    let date = dates.get(wallDay);
    if (date === undefined) {
      date = new Date(wallDay * DAY_MS).toISOString().slice(0, 10);
      dates.set(wallDay, date);
    }
    return date;
  };
  return (ms) => {
    const wall = ms + offsetOf(ms);
    const wallDay = Math.floor(wall / DAY_MS);
    const hour = Math.floor((wall - wallDay * DAY_MS) / 3_600_000);
    return { date: dateOf(wallDay), hour, businessDay: dateOf(hour < startHour ? wallDay - 1 : wallDay) };
  };
}
