/**
 * The month's documents for the accountant: the InvoicesDoc XML of every document issued that
 * month (as it was or will be sent), or a CSV with one row per document (semicolon-separated
 * like the app's other exports, decimals with a point).
 */
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { centsToDecimal } from '../../shared/money';
import { listFiscalDocuments } from './documents-view';
import { xmlDocumentOf } from './outgoing';
import { invoicesDocXml } from './xml';

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function exportMonth(db: Db, month: string, format: 'xml' | 'csv'): { filename: string; content: string } {
  const docs = listFiscalDocuments(db, { month });
  if (format === 'xml') {
    const ids = sql(db, "SELECT id FROM fiscal_documents WHERE substr(issue_date, 1, 7) = ? ORDER BY created_at, rowid").all(month) as { id: string }[];
    const content = ids.length === 0
      ? invoicesDocXml([]).replace('></InvoicesDoc>', '/>')
      : invoicesDocXml(ids.map((r) => xmlDocumentOf(db, r.id)));
    return { filename: `mydata-${month}.xml`, content };
  }
  const header = ['type', 'series', 'number', 'issueDate', 'state', 'mark', 'uid', 'netEUR', 'vatEUR', 'totalEUR', 'correlatedMarks', 'errorCode', 'errorMessage'];
  const dates = new Map((sql(db, "SELECT id, issue_date FROM fiscal_documents WHERE substr(issue_date, 1, 7) = ?").all(month) as { id: string; issue_date: string }[]).map((r) => [r.id, r.issue_date]));
  const lines = docs.map((d) => [
    d.docType, d.series, d.number, dates.get(d.id) ?? '', d.state, d.mark, d.uid,
    centsToDecimal(d.totalCents - d.vatCents), centsToDecimal(d.vatCents), centsToDecimal(d.totalCents),
    d.correlatedMarks.join(' '), d.errorCode, d.errorMessage,
  ].map(csvCell).join(';'));
  return { filename: `mydata-${month}.csv`, content: [header.join(';'), ...lines].join('\r\n') + '\r\n' };
}
