/** Menu import/export CSV: the one shared parser and writer (app/shared/csv.ts). */
import { parseCsv, writeCsv } from '../../../shared/csv';

export { parseCsv };

export function toCsv(rows: readonly (readonly string[])[]): string {
  return writeCsv(rows);
}
