import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leftRight, wrapText } from './layout';
import { cleanPrinterText } from './printer-text';

const words = fc.string({ unit: fc.constantFrom('α', 'Β', 'ώ', 'x', ' ', ' ', '\n', '9'), maxLength: 200 });
const squash = (s: string) => s.replace(/\s+/g, '');
const hostileWords = fc.string({ unit: fc.constantFrom('α', 'ώ', 'x', ' ', '\n', '\r', '\t', '\x1b', '@', '\x1d', 'V', '\x00', '\x10', '\x7f', '\u0085', '\u009b'), maxLength: 200 });
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('receipt layout (property)', () => {
  it('wrapText never exceeds the width and loses no character', () => {
    fc.assert(fc.property(words, fc.integer({ min: 1, max: 48 }), (text, width) => {
      const lines = wrapText(text, width);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      expect(squash(lines.join(''))).toBe(squash(text));
    }));
  });

  it('leftRight keeps the amount whole on the first line and every line within the paper', () => {
    fc.assert(fc.property(words, fc.stringMatching(/^-?\d{1,6},\d{2} EUR$/), fc.constantFrom(32, 48), fc.integer({ min: 0, max: 6 }), (left, right, width, hang) => {
      const lines = leftRight(left, right, width, { hang });
      expect(lines[0]?.endsWith(right)).toBe(true);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
      expect(squash(lines.join('')).replace(squash(right), '')).toBe(squash(left));
    }));
  });

  it('wrapText and leftRight never put a control character on a line and keep every printable one', () => {
    fc.assert(fc.property(hostileWords, hostileWords, fc.integer({ min: 1, max: 48 }), (left, right, width) => {
      for (const lines of [wrapText(left, width), leftRight(left, right, 48)]) {
        for (const line of lines) expect(line).not.toMatch(CONTROL);
      }
      expect(squash(wrapText(left, width).join(''))).toBe(squash(cleanPrinterText(left)));
    }));
  });
});
