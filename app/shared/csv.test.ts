import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, escapeCsvField, parseCsv, readCsv, writeCsv, type CsvDelimiter } from './csv';

describe('shared CSV: reading', () => {
  it('parses quoted fields, doubled quotes, CRLF, LF and a lone CR, a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,"b,c"\r\n\r\n"say ""hi""",x\nlast,"multi\nline"')).toEqual([
      ['a', 'b,c'], ['say "hi"', 'x'], ['last', 'multi\nline'],
    ]);
    expect(parseCsv('\uFEFFa,"b ""q"", c"\r\nd,"line1\r\nline2"\re,f\n')).toEqual([['a', 'b "q", c'], ['d', 'line1\r\nline2'], ['e', 'f']]);
  });

  it('splits on another delimiter when asked (Greek Excel writes ;)', () => {
    expect(parseCsv('a;"b;c";d,e\n', { delimiter: ';' })).toEqual([['a', 'b;c', 'd,e']]);
    expect(parseCsv('a\tb,c\n', { delimiter: '\t' })).toEqual([['a', 'b,c']]);
  });

  it('detects the semicolon a Greek Excel writes, and keeps commas inside fields', () => {
    const text = '\uFEFFcategory;name;price;tax_rate\r\nΚαφέδες;"Freddo; espresso";2,50;24\r\nΓλυκά;Μπουγάτσα, κρέμα;3,80;13\r\n';
    expect(detectDelimiter(text)).toBe(';');
    const rows = [['category', 'name', 'price', 'tax_rate'], ['Καφέδες', 'Freddo; espresso', '2,50', '24'], ['Γλυκά', 'Μπουγάτσα, κρέμα', '3,80', '13']];
    expect(readCsv(text)).toEqual({ delimiter: ';', rows });
    expect(parseCsv(text, { delimiter: 'detect' })).toEqual(rows);
  });

  it('detects commas and tabs, ignoring delimiters inside quoted header cells', () => {
    expect(detectDelimiter('category,name,price\nA,B,1\n')).toBe(',');
    expect(detectDelimiter('category\tname\tprice\nA\tB\t1\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c;d",name,price\n')).toBe(',');
    expect(detectDelimiter('single\n')).toBe(',');
  });

  it('keeps a quote in the middle of an unquoted field as text (12" pizza), and empty trailing fields', () => {
    expect(parseCsv('Pizza 12" large,9.50,\n')).toEqual([['Pizza 12" large', '9.50', '']]);
    expect(parseCsv('a,\n,b')).toEqual([['a', ''], ['', 'b']]);
  });

  it('skips blank lines but keeps a row of empty fields and a quoted empty field', () => {
    expect(parseCsv('a,b\n\n\r\n,\n""\n')).toEqual([['a', 'b'], ['', ''], ['']]);
  });

  it('refuses an unterminated quoted field with the line it starts on, rather than swallowing the rest of the file', () => {
    expect(() => parseCsv('a,"b\nc,d\n')).toThrow(/unterminated quote/i);
    const err = catchError(() => parseCsv('name,price\n"Tost, ham",2.50\n"multi\nline",1\nFreddo,"3.00\nEspresso,2.00\n'));
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect(err).toMatchObject({ problem: 'unterminated_quote', line: 5 });
  });

  it('refuses text after a closing quote (a quote that should have been doubled), naming the line', () => {
    const err = catchError(() => parseCsv('name,price\n"multi\nline",1\n"Pizza "Roma"",9.50\n'));
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect(err).toMatchObject({ problem: 'text_after_quote', line: 4 });
    expect(() => parseCsv('"a" ,b')).toThrow(CsvSyntaxError);
  });

  it('refuses a delimiter that cannot work', () => {
    expect(() => parseCsv('a', { delimiter: '"' as CsvDelimiter })).toThrow(RangeError);
    expect(() => writeCsv([['a']], { delimiter: '\n' as CsvDelimiter })).toThrow(RangeError);
  });
});

describe('shared CSV: writing', () => {
  it('writes what it reads back, with the formula guard and an optional BOM', () => {
    const rows = [['name', 'price'], ['=HYPERLINK("x")', '-0.70'], ['a,b', '-5 items'], ['"q"', 'line\nbreak']];
    const text = writeCsv(rows, { bom: true });
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text)).toEqual([['name', 'price'], ['\'=HYPERLINK("x")', '-0.70'], ['a,b', '\'-5 items'], ['"q"', 'line\nbreak']]);
    expect(writeCsv([['=HYPERLINK("x")', 'a,b', '-3.50']])).toBe(`"'=HYPERLINK(""x"")","a,b",-3.50\r\n`);
  });

  it('quotes the delimiter in use and both , and ; whatever the delimiter, so either Excel reads the file', () => {
    expect(writeCsv([['a;b', 'c']])).toBe('"a;b",c\r\n');
    expect(writeCsv([['a;b', 'c,d', 'e']], { delimiter: ';' })).toBe('"a;b";"c,d";e\r\n');
    expect(writeCsv([['a\tb', 'c,d', 'e;f', 'g']], { delimiter: '\t' })).toBe('"a\tb"\t"c,d"\t"e;f"\tg\r\n');
  });

  it('guards formula starts (= + - @ tab CR) but leaves plain numbers alone, in either decimal style', () => {
    expect(['=1+1', '+30 210', '-5 items', '@cmd', '\tx', '\rx'].map((v) => escapeCsvField(v))).toEqual(["'=1+1", "'+30 210", "'-5 items", "'@cmd", "'\tx", "\"'\rx\""]);
    expect(['-12', '-3.50', '-2,50', '7'].map((v) => escapeCsvField(v, { delimiter: ';' }))).toEqual(['-12', '-3.50', '"-2,50"', '7']);
  });

  it('round-trips a row of one empty field (written "")', () => {
    expect(writeCsv([['a'], [''], ['b']])).toBe('a\r\n""\r\nb\r\n');
    expect(parseCsv(writeCsv([['a'], [''], ['b']]))).toEqual([['a'], [''], ['b']]);
  });
});

describe('shared CSV (property)', () => {
  const unit = fc.constantFrom('a', 'Ω', 'ά', ',', ';', '\t', '"', '\n', '\r', ' ', '=', '-', '+', '@', '1', '.', 'x', '€', '\uFEFF');
  const field = fc.string({ unit, maxLength: 8 });
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 });
  const delimiter = fc.constantFrom<CsvDelimiter>(',', ';', '\t');
  const guarded = (v: string) => (/^[=+\-@\t\r]/.test(v) && !/^-?\d+([.,]\d+)?$/.test(v) ? `'${v}` : v);

  it('reads back what it writes, with any delimiter, detected or named: only formula starts gain an apostrophe', () => {
    fc.assert(fc.property(table, delimiter, fc.boolean(), (rows, d, bom) => {
      const text = writeCsv(rows, { delimiter: d, bom });
      const expected = rows.map((r) => r.map(guarded));
      expect(parseCsv(text, { delimiter: d })).toEqual(expected);
    }));
  });

  it('detects the delimiter of any file it wrote whose header has more of it than of the others', () => {
    fc.assert(fc.property(table, delimiter, (rows, d) => {
      const header = ['category', 'name', 'price'];
      expect(readCsv(writeCsv([header, ...rows], { delimiter: d }))).toEqual({ delimiter: d, rows: [header, ...rows.map((r) => r.map(guarded))] });
    }));
  });
});

function catchError(fn: () => unknown): unknown {
  try { fn(); } catch (err) { return err; }
  return undefined;
}
