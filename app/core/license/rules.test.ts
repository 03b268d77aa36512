import { describe, expect, it } from 'vitest';
import { clockSetBack, combine, DAY_MS, daysLeft, graceWarning, LOCAL_CLOCK_TOLERANCE_MS, SELLING_STATES } from './rules';

describe('license rules', () => {
  it('selling is allowed only in active and offline_grace', () => {
    expect([...SELLING_STATES].sort()).toEqual(['active', 'offline_grace']);
  });

  it('the license verdict wins over the session; a taken session locks, a conflict asks', () => {
    expect(combine({ state: 'suspended' }, 'live')).toEqual({ state: 'suspended', reason: null });
    expect(combine({ state: 'locked', reason: 'clock_tampered' }, 'taken_over')).toEqual({ state: 'locked', reason: 'clock_tampered' });
    expect(combine({ state: 'active' }, 'taken_over')).toEqual({ state: 'locked', reason: 'taken_over' });
    expect(combine({ state: 'offline_grace' }, 'conflict')).toEqual({ state: 'session_conflict', reason: null });
    expect(combine({ state: 'offline_grace' }, 'live')).toEqual({ state: 'offline_grace', reason: null });
    expect(combine({ state: 'active' }, 'none')).toEqual({ state: 'active', reason: null });
  });

  it('without an offline allowance nothing sells; the session tells why (taken over, or who holds it)', () => {
    const expired = { state: 'locked', reason: 'offline_expired' } as const;
    expect(combine(expired, 'live')).toEqual({ state: 'locked', reason: 'offline_expired' });
    expect(combine(expired, 'none')).toEqual({ state: 'locked', reason: 'offline_expired' });
    expect(combine(expired, 'taken_over')).toEqual({ state: 'locked', reason: 'taken_over' });
    expect(combine(expired, 'conflict')).toEqual({ state: 'session_conflict', reason: null });
  });

  it('a clock behind the highest local time (beyond NTP noise) or a day behind the signed time is set back', () => {
    const t = Date.UTC(2026, 4, 12);
    expect(clockSetBack(t - LOCAL_CLOCK_TOLERANCE_MS + 1, t, t)).toBe(false);
    expect(clockSetBack(t - LOCAL_CLOCK_TOLERANCE_MS - 1, t, t)).toBe(true);
    // a local clock a few hours behind the server (a wrong time zone) is not tampering
    expect(clockSetBack(t - 5 * 3600_000, 0, t)).toBe(false);
    expect(clockSetBack(t - DAY_MS - 1, 0, t)).toBe(true);
  });

  it('days left round up; the warning starts on day 7', () => {
    const t = 0;
    expect(daysLeft(t + 10 * DAY_MS, t)).toBe(10);
    expect(daysLeft(t + 10 * DAY_MS, t + 9.5 * DAY_MS)).toBe(1);
    expect(daysLeft(t + 10 * DAY_MS, t + 11 * DAY_MS)).toBe(0);
    // from the signed offlineGraceUntil: the last 3 of the 10 days
    expect(graceWarning(t + 10 * DAY_MS, t + 7 * DAY_MS - 1)).toBe(false);
    expect(graceWarning(t + 10 * DAY_MS, t + 7 * DAY_MS)).toBe(true);
  });
});
