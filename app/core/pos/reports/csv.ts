/**
 * Typed CSV export of report rows: one column per field with its type (text, integer, money in
 * minor units). The file itself is the shared writer's (app/shared/csv.ts): comma separated,
 * CRLF, quoting and the formula guard for text. A UTF-8 byte-order mark (default on) lets Excel
 * read Greek correctly.
 */
import { writeCsv } from '../../../shared/csv';
import { minorToDecimal } from '../../../shared/money';

export type CsvColumnType = 'text' | 'int' | 'money';

export interface CsvColumn<Row> {
  header: string;
  type: CsvColumnType;
  value: (row: Row) => string | number | null;
}

function cell(type: CsvColumnType, value: string | number | null, moneyDigits: number): string {
  if (value === null) return '';
  if (type === 'money') return minorToDecimal(Number(value), moneyDigits);
  return String(value);
}

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: readonly Row[], options: { bom?: boolean; moneyDigits?: number } = {}): string {
  const digits = options.moneyDigits ?? 2;
  const lines = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cell(c.type, c.value(row), digits)))];
  return writeCsv(lines, { bom: options.bom !== false });
}
