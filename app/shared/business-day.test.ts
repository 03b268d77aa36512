import { describe, expect, it } from 'vitest';
import { addDays, businessDayOf, businessDayRange, presetRange } from './business-day';

describe('the one business day', () => {
  it('on the spring DST day, 2026-03-29 04:30 in Athens belongs to 29 March (the screen used to say 28 March)', () => {
    // 04:30 EEST (UTC+3) = 01:30 UTC; the day starts at 04:00 local time.
    const at = Date.UTC(2026, 2, 29, 1, 30);
    expect(businessDayOf(at, 'Europe/Athens', 4)).toBe('2026-03-29');
    // 03:59 local (00:59 UTC... still EET until 01:00 UTC) is the evening before.
    expect(businessDayOf(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Athens', 4)).toBe('2026-03-28');
  });

  it('makes the switch day 23 hours long and keeps presets on business days', () => {
    const r = businessDayRange('2026-03-28', '2026-03-28', 'Europe/Athens', 4); // holds the 03:00 → 04:00 switch
    expect(r.toMs - r.fromMs).toBe(23 * 3_600_000);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(presetRange('week', '2026-03-29')).toEqual({ from: '2026-03-23', to: '2026-03-29' });
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});
