import { describe, expect, it } from 'vitest';
import { businessDayOf as shared } from '../../../shared/business-day';
import { businessDayOf } from './business-day';

describe('core and the screen share one business day', () => {
  it('2026-03-29 04:30 Europe/Athens (the DST day) is 29 March for both', () => {
    const at = Date.UTC(2026, 2, 29, 1, 30);
    expect(businessDayOf(at, 'Europe/Athens', 4)).toBe('2026-03-29');
    expect(shared(at, 'Europe/Athens', 4)).toBe(businessDayOf(at, 'Europe/Athens', 4));
    expect(businessDayOf).toBe(shared);
  });
});
