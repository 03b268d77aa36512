import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, readCsv } from './csv';

describe('menu CSV parser', () => {
  it('detects the semicolon a Greek Excel writes, and keeps commas inside fields', () => {
    const text = '\uFEFFcategory;name;price;tax_rate\r\nΚαφέδες;"Freddo; espresso";2,50;24\r\nΓλυκά;Μπουγάτσα, κρέμα;3,80;13\r\n';
    expect(detectDelimiter(text)).toBe(';');
    expect(readCsv(text)).toEqual({
      delimiter: ';',
      rows: [['category', 'name', 'price', 'tax_rate'], ['Καφέδες', 'Freddo; espresso', '2,50', '24'], ['Γλυκά', 'Μπουγάτσα, κρέμα', '3,80', '13']],
    });
  });

  it('detects commas and tabs, ignoring delimiters inside quoted header cells', () => {
    expect(detectDelimiter('category,name,price\nA,B,1\n')).toBe(',');
    expect(detectDelimiter('category\tname\tprice\nA\tB\t1\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c;d",name,price\n')).toBe(',');
    expect(detectDelimiter('single\n')).toBe(',');
  });

  it('handles quotes, doubled quotes, CRLF, lone CR, newlines inside quotes and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b ""q"", c"\r\nd,"line1\r\nline2"\re,f\n')).toEqual([['a', 'b "q", c'], ['d', 'line1\r\nline2'], ['e', 'f']]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps a quote in the middle of an unquoted field as text (12" pizza), and empty trailing fields', () => {
    expect(parseCsv('Pizza 12" large,9.50,\n')).toEqual([['Pizza 12" large', '9.50', '']]);
  });

  it('skips blank lines but keeps a row of empty fields', () => {
    expect(parseCsv('a,b\n\n\r\n,\n')).toEqual([['a', 'b'], ['', '']]);
  });

  it('refuses an unterminated quoted field rather than swallowing the rest of the file', () => {
    expect(() => parseCsv('a,"b\nc,d\n')).toThrow(/unterminated quote/i);
  });
});
