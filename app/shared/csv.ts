/**
 * The one CSV module (RFC 4180) both sides use: menu import/export, the sales report export.
 * `parseCsv(text, { delimiter })`: quoted fields, "" escapes, CRLF or LF, a leading UTF-8 BOM
 * dropped, blank lines skipped. `writeCsv(rows, { delimiter, bom })`: a field is quoted when it
 * holds the delimiter, a quote, CR or LF; text a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start, unless it is a plain number) gets a leading apostrophe.
 */
export interface CsvOptions {
  /** One character; default ','. */
  delimiter?: string;
}

export interface CsvWriteOptions extends CsvOptions {
  /** A UTF-8 byte-order mark first, so Excel reads Greek correctly. Default false. */
  bom?: boolean;
}

function delimiterOf(options: CsvOptions): string {
  const d = options.delimiter ?? ',';
  if (d.length !== 1 || d === '"' || d === '\r' || d === '\n') throw new RangeError(`not a CSV delimiter: ${JSON.stringify(d)}`);
  return d;
}

export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  const delimiter = delimiterOf(options);
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    field = '';
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One field, quoted and formula-guarded as `writeCsv` writes it. */
export function escapeCsvField(value: string, options: CsvOptions = {}): string {
  const delimiter = delimiterOf(options);
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  const needsQuotes = safe.includes(delimiter) || /["\r\n]/.test(safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function writeCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const delimiter = delimiterOf(options);
  const body = rows.map((r) => r.map((v) => escapeCsvField(v, { delimiter })).join(delimiter)).join('\r\n') + '\r\n';
  return options.bom ? `\uFEFF${body}` : body;
}
