import { TZDate } from '@date-fns/tz';
import { PosError } from '../../errors';

/**
 * Business days in the shop's time zone. A business day starts at `startHour` local time (a bar
 * open until 2am counts those sales to the day before), so its length follows DST: 23 or 25 hours
 * on the switch days. All conversions go through the IANA zone, never a fixed offset.
 */
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(day: string): { y: number; m: number; d: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (!DAY_RE.test(day) || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    throw new PosError('REPORT_RANGE_INVALID', `Not a calendar date: ${day}`, { day });
  }
  return { y, m, d };
}

export function addDays(day: string, n: number): string {
  const { y, m, d } = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The instant a business day starts (its local start hour in the zone). */
export function businessDayStart(day: string, timeZone: string, startHour: number): number {
  const { y, m, d } = parseDay(day);
  return new TZDate(y, m - 1, d, startHour, 0, 0, timeZone).getTime();
}

/** [fromMs, toMs) covering business days `from`..`to` inclusive. */
export function businessDayRange(from: string, to: string, timeZone: string, startHour: number): { fromMs: number; toMs: number } {
  if (to < from) throw new PosError('REPORT_RANGE_INVALID', 'The range ends before it starts', { from, to });
  return { fromMs: businessDayStart(from, timeZone, startHour), toMs: businessDayStart(addDays(to, 1), timeZone, startHour) };
}

export interface LocalTime {
  /** Local calendar date YYYY-MM-DD. */
  date: string;
  hour: number;
  /** The business day the instant belongs to. */
  businessDay: string;
}

/** Maps instants to local wall time; one formatter per zone, reused (Intl formatters are costly to build). */
export function localTimeIn(timeZone: string, startHour: number): (ms: number) => LocalTime {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23',
  });
  return (ms) => {
    const parts = format.formatToParts(ms);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    const date = `${get('year')}-${get('month')}-${get('day')}`;
    const hour = Number(get('hour'));
    return { date, hour, businessDay: hour < startHour ? addDays(date, -1) : date };
  };
}
