/**
 * CSV export (RFC 4180): comma separated, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF, quotes doubled. Text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) gets a leading apostrophe, so an item called "=HYPERLINK(…)" stays text.
 * A UTF-8 byte-order mark lets Excel read Greek correctly.
 */
import { escapeCsvField, parseCsv } from '../../../shared/csv';
import { centsToDecimal } from '../../../shared/money';

export type CsvColumnType = 'text' | 'int' | 'money';

export interface CsvColumn<Row> {
  header: string;
  type: CsvColumnType;
  value: (row: Row) => string | number | null;
}

export { escapeCsvField, parseCsv };

export { centsToDecimal };

function cell(type: CsvColumnType, value: string | number | null, moneyDigits: number): string {
  if (value === null) return '';
  if (type === 'money') return centsToDecimal(Number(value), moneyDigits);
  if (type === 'int') return String(value);
  return escapeCsvField(String(value));
}

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: readonly Row[], options: { bom?: boolean; moneyDigits?: number } = {}): string {
  const digits = options.moneyDigits ?? 2;
  const lines = [columns.map((c) => escapeCsvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.type, c.value(row), digits)).join(','));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
