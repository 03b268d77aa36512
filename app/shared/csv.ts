/**
 * The one CSV module (RFC 4180) both sides use: menu import/export, the sales report export.
 *
 * Reading: `parseCsv(text, { delimiter })` with ',', ';' (Greek Excel, where ',' is the decimal
 * separator), tab, or 'detect' (the one most frequent in the first line, outside quotes). Quoted
 * fields, "" escapes, CRLF, LF or a lone CR, a leading UTF-8 BOM dropped, blank lines skipped.
 * Strict: an unterminated quote, or text after a closing quote, is a `CsvSyntaxError` naming the
 * line, never a silently merged file. A quote inside an unquoted field is text (12" pizza).
 *
 * Writing: `writeCsv(rows, { delimiter, bom })` quotes a field holding the delimiter in use, ',',
 * ';', a quote, CR or LF (so a file written with one delimiter still opens in an Excel that
 * splits on the other); text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start, unless it is a plain number) gets a leading apostrophe.
 */
export type CsvDelimiter = ',' | ';' | '\t';
const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t'];

export interface CsvParseOptions {
  /** Default ','. 'detect': see `detectDelimiter`. */
  delimiter?: CsvDelimiter | 'detect';
}

export interface CsvWriteOptions {
  /** Default ','. */
  delimiter?: CsvDelimiter;
  /** A UTF-8 byte-order mark first, so Excel reads Greek correctly. Default false. */
  bom?: boolean;
}

export type CsvSyntaxProblem = 'unterminated_quote' | 'text_after_quote';

export class CsvSyntaxError extends Error {
  /** `line` is 1-based, counted in the file as written (a newline inside quotes counts). */
  constructor(readonly problem: CsvSyntaxProblem, readonly line: number) {
    super(problem === 'unterminated_quote'
      ? `Unterminated quote starting on line ${line}`
      : `Text after a closing quote on line ${line} (a quote inside a field must be doubled: "")`);
    this.name = 'CsvSyntaxError';
  }
}

function checked(delimiter: string): CsvDelimiter {
  if (!(CANDIDATES as readonly string[]).includes(delimiter)) throw new RangeError(`not a CSV delimiter: ${JSON.stringify(delimiter)}`);
  return delimiter as CsvDelimiter;
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The delimiter that occurs most often in the first line, outside quotes (',' on a tie or none). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const c of stripBom(text)) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Rows of fields; blank lines are skipped. Throws CsvSyntaxError (see the module note). */
export function parseCsv(text: string, options: CsvParseOptions = {}): string[][] {
  const asked = options.delimiter ?? ',';
  return parseWith(text, asked === 'detect' ? detectDelimiter(text) : checked(asked));
}

/** Detects the delimiter, then parses (menu import: whatever the shop's spreadsheet wrote). */
export function readCsv(text: string): { delimiter: CsvDelimiter; rows: string[][] } {
  const delimiter = detectDelimiter(text);
  return { delimiter, rows: parseWith(text, delimiter) };
}

function parseWith(text: string, delimiter: CsvDelimiter): string[][] {
  const src = stripBom(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start';
  let line = 1;
  let quoteLine = 1;
  const endRow = () => {
    // A line with nothing on it is skipped; `""` is a row of one empty field.
    if (row.length > 0 || field !== '' || state === 'closed') rows.push([...row, field]);
    row = []; field = ''; state = 'start';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (state === 'quoted') {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else state = 'closed';
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === delimiter) { row.push(field); field = ''; state = 'start'; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
    } else if (state === 'closed') throw new CsvSyntaxError('text_after_quote', line);
    else if (c === '"' && state === 'start') { state = 'quoted'; quoteLine = line; }
    else { field += c; state = 'unquoted'; }
  }
  if (state === 'quoted') throw new CsvSyntaxError('unterminated_quote', quoteLine);
  endRow();
  return rows;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A number is not a formula: -12, -3.50, and -2,50 as a Greek spreadsheet writes it. */
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;

/** One field, quoted and formula-guarded as `writeCsv` writes it. */
export function escapeCsvField(value: string, options: { delimiter?: CsvDelimiter } = {}): string {
  const delimiter = checked(options.delimiter ?? ',');
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  // A leading BOM would be taken for the file's own and dropped on reading.
  const needsQuotes = safe.includes(delimiter) || /[",;\r\n]/.test(safe) || safe.startsWith('\uFEFF');
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows joined by CRLF, with a CRLF after the last. */
export function writeCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions = {}): string {
  const delimiter = checked(options.delimiter ?? ',');
  // A row of one empty field is written `""`, or it would read back as a skipped blank line.
  const line = (r: readonly string[]) => (r.length === 1 && r[0] === '' ? '""' : r.map((v) => escapeCsvField(v, { delimiter })).join(delimiter));
  const body = rows.map(line).join('\r\n') + '\r\n';
  return options.bom ? `\uFEFF${body}` : body;
}
