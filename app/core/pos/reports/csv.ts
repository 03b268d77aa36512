/**
 * CSV export (RFC 4180): comma separated, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. Text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) gets a leading apostrophe, so an item called "=HYPERLINK(…)" stays text.
 * A UTF-8 byte-order mark lets Excel read Greek correctly.
 */
export type CsvColumnType = 'text' | 'int' | 'money';

export interface CsvColumn<Row> {
  header: string;
  type: CsvColumnType;
  value: (row: Row) => string | number | null;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Integer minor units to a plain decimal ("-0.70"): exact, locale-free, what spreadsheets parse. */
export function centsToDecimal(cents: number, digits = 2): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not integer cents: ${cents}`);
  if (digits === 0) return String(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = String(Math.abs(cents)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

function cell(type: CsvColumnType, value: string | number | null, moneyDigits: number): string {
  if (value === null) return '';
  if (type === 'money') return centsToDecimal(Number(value), moneyDigits);
  if (type === 'int') return String(value);
  const text = String(value);
  return escapeCsvField(FORMULA_START.test(text) ? `'${text}` : text);
}

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: readonly Row[], options: { bom?: boolean; moneyDigits?: number } = {}): string {
  const digits = options.moneyDigits ?? 2;
  const lines = [columns.map((c) => escapeCsvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.type, c.value(row), digits)).join(','));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** Reads CSV back (used by tests to prove the escaping round-trips; also fine for small imports). */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && input[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
