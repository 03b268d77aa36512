import { describe, expect, it } from 'vitest';
import { minorToDecimal, minorToNumber, parseDecimal } from './money';

describe('the one cents ⇄ decimal conversion', () => {
  it('writes exact decimals', () => {
    expect(minorToDecimal(350)).toBe('3.50');
    expect(minorToDecimal(-70)).toBe('-0.70');
    expect(minorToDecimal(5, 0)).toBe('5');
    expect(minorToNumber(1999)).toBe(19.99);
    expect(() => minorToDecimal(1.5)).toThrow(RangeError);
  });

  it('reads what a person types, with comma or point, and refuses the rest', () => {
    expect(parseDecimal('12,50')).toBe(1250);
    expect(parseDecimal(' 3.5 ')).toBe(350);
    expect(parseDecimal('13.5')).toBe(1350);
    expect(parseDecimal('1 200,5')).toBe(120050);
    expect(parseDecimal('12.')).toBe(1200);
    expect(parseDecimal('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floats
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '12,5,0']) expect(parseDecimal(bad)).toBeNull();
    expect(parseDecimal('7', 0)).toBe(7);
  });
});
