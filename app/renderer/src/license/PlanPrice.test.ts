import { describe, expect, it } from 'vitest';
import { formatPlanPrice } from './PlanPrice';

describe('formatPlanPrice', () => {
  it('formats the worker’s price in the UI’s language, in the price’s own currency', () => {
    const plan = { amountCents: 2000, currency: 'EUR', interval: 'month', intervalCount: 1 } as const;
    expect(formatPlanPrice(plan, 'en')).toBe('€20.00');
    expect(formatPlanPrice(plan, 'el')).toBe('20,00\u00a0€');
    expect(formatPlanPrice({ ...plan, amountCents: 2450, currency: 'USD' }, 'en')).toBe('US$24.50');
    expect(formatPlanPrice({ ...plan, amountCents: 3000, currency: 'JPY' }, 'en')).toBe('JP¥3,000');
  });
});
