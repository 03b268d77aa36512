/**
 * RFC 4180 CSV for menu import/export: quoted fields, "" escapes, CRLF, LF or lone CR, a
 * leading BOM, and the delimiter Excel writes for the locale (',' in English, ';' in Greek,
 * where ',' is the decimal separator). Pure: no Node, no DOM (it belongs in app/shared).
 */

export type CsvDelimiter = ',' | ';' | '\t';
const CANDIDATES: readonly CsvDelimiter[] = [',', ';', '\t'];

export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`Unterminated quote starting on line ${line}`);
    this.name = 'CsvSyntaxError';
  }
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The delimiter that occurs most often in the first line, outside quotes (',' on a tie or none). */
export function detectDelimiter(text: string): CsvDelimiter {
  const src = stripBom(text);
  const counts = new Map<CsvDelimiter, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const c of src) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c as CsvDelimiter)) counts.set(c as CsvDelimiter, (counts.get(c as CsvDelimiter) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CANDIDATES) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Rows of fields; blank lines are skipped. Throws CsvSyntaxError on an unterminated quote. */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): string[][] {
  const src = stripBom(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let line = 1;
  let quoteLine = 1;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = []; field = ''; atFieldStart = true;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && atFieldStart) { quoted = true; quoteLine = line; atFieldStart = false; }
    else if (c === delimiter) { row.push(field); field = ''; atFieldStart = true; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      line++;
      endRow();
    } else { field += c; atFieldStart = false; }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Detects the delimiter, then parses. */
export function readCsv(text: string): { delimiter: CsvDelimiter; rows: string[][] } {
  const delimiter = detectDelimiter(text);
  return { delimiter, rows: parseCsv(text, delimiter) };
}

function escapeField(v: string): string {
  // Leading = + - @ would run as formulas in spreadsheets: prefix with a quote.
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(escapeField).join(',')).join('\r\n') + '\r\n';
}
