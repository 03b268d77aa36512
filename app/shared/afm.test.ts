import { describe, expect, it } from 'vitest';
import { isValidAfm } from './afm';

describe('isValidAfm (ΑΦΜ check digit)', () => {
  it('accepts numbers whose ninth digit is the weighted sum mod 11 mod 10', () => {
    expect(isValidAfm('094019245')).toBe(true); // AADE's own
    expect(isValidAfm('090000045')).toBe(true);
    expect(isValidAfm('094014201')).toBe(true);
  });

  it('refuses a wrong check digit, wrong length, non-digits and all zeros', () => {
    expect(isValidAfm('094019246')).toBe(false);
    expect(isValidAfm('123456789')).toBe(false);
    expect(isValidAfm('94019245')).toBe(false);
    expect(isValidAfm('0940192450')).toBe(false);
    expect(isValidAfm('09401924a')).toBe(false);
    expect(isValidAfm(' 094019245')).toBe(false);
    expect(isValidAfm('000000000')).toBe(false);
  });
});
