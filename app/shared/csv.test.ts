import { describe, expect, it } from 'vitest';
import { escapeCsvField, parseCsv, writeCsv } from './csv';

describe('shared CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and LF, a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,"b,c"\r\n\r\n"say ""hi""",x\nlast,"multi\nline"')).toEqual([
      ['a', 'b,c'], ['say "hi"', 'x'], ['last', 'multi\nline'],
    ]);
  });

  it('splits on another delimiter when asked (Greek Excel writes ;)', () => {
    expect(parseCsv('a;"b;c";d,e\n', { delimiter: ';' })).toEqual([['a', 'b;c', 'd,e']]);
  });

  it('writes what it reads back, with the formula guard and an optional BOM', () => {
    const rows = [['name', 'price'], ['=HYPERLINK("x")', '-0.70'], ['a,b', '-5 items'], ['"q"', 'line\nbreak']];
    const text = writeCsv(rows, { bom: true });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text)).toEqual([['name', 'price'], ['\'=HYPERLINK("x")', '-0.70'], ['a,b', '\'-5 items'], ['"q"', 'line\nbreak']]);
    expect(writeCsv([['a;b', 'c']], { delimiter: ';' })).toBe('"a;b";c\r\n');
  });

  it('leaves plain numbers alone and refuses a delimiter that cannot work', () => {
    expect(escapeCsvField('-12')).toBe('-12');
    expect(escapeCsvField('@cmd')).toBe("'@cmd");
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(RangeError);
  });
});
