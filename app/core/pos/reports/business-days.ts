/**
 * Business days for reports: the shared implementation (app/shared/business-day.ts), with a
 * bad date or range turned into the error code the report screen translates.
 */
import * as shared from '../../../shared/business-day';
import { PosError } from '../../errors';

export { DAY_RE, localTimeIn } from '../../../shared/business-day';

function checkDay(day: string): void {
  if (!shared.isCalendarDay(day)) throw new PosError('REPORT_RANGE_INVALID', `Not a calendar date: ${day}`, { day });
}

export function addDays(day: string, n: number): string {
  checkDay(day);
  return shared.addDays(day, n);
}

export function businessDayRange(from: string, to: string, timeZone: string, startHour: number): { fromMs: number; toMs: number } {
  if (to < from) throw new PosError('REPORT_RANGE_INVALID', 'The range ends before it starts', { from, to });
  checkDay(from);
  checkDay(to);
  return shared.businessDayRange(from, to, timeZone, startHour);
}
