/** Issue 11, item 15: one language and one locale at a time on a screen. */
import { describe, expect, it } from 'vitest';
import { createFormatters, displayLocale } from './format';

describe('the screens\' locale follows the screen language', () => {
  const now = Date.UTC(2026, 5, 15, 9, 0);

  it('an English screen of a Greek shop says "16 minutes ago", not "16 λεπτά πριν"', () => {
    const fmt = createFormatters(displayLocale('en', 'el-GR'), 'EUR', 'Europe/Athens');
    expect(fmt.ago(now - 16 * 60_000, now)).toBe('16 minutes ago');
    expect(fmt.money(123456)).toBe('€1,234.56');
    expect(fmt.date(now)).toBe('15/06/2026');
  });

  it('a Greek screen of a shop with an English locale is Greek throughout', () => {
    const fmt = createFormatters(displayLocale('el', 'en-IE'), 'EUR', 'Europe/Athens');
    expect(fmt.ago(now - 16 * 60_000, now)).toBe('16 λεπτά πριν');
    expect(fmt.money(123456)).toMatch(/^1\.234,56\s€$/);
  });

  it('the shop\'s own locale is kept when it is in the screen\'s language', () => {
    expect(displayLocale('el', 'el-GR')).toBe('el-GR');
    expect(displayLocale('en', 'en-GB')).toBe('en-GB');
    expect(displayLocale('en', 'el-CY')).toBe('en-IE');
  });
});
