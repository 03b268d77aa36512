// The console's exports, written by the one CSV writer (app/shared/csv.ts): RFC 4180, and cells
// a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) prefixed with a quote.
import { writeCsv } from '../../../app/shared/csv';

const cell = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value));

export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return writeCsv([[...columns], ...rows.map((r) => columns.map((c) => cell(r[c])))]);
}

export const csvResponse = (filename: string, body: string): Response =>
  new Response(body, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` },
  });
