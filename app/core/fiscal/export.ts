/**
 * The month's documents for the accountant: the InvoicesDoc XML of every document issued that
 * month (as it was or will be sent), or a CSV with one row per document (semicolon-separated
 * like the app's other exports, decimals with a point). Only the environment in use: after the
 * switch to production, the accountant never sees what was tried in AADE's test environment.
 */
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { minorToDecimal } from '../../shared/money';
import { listFiscalDocuments } from './documents-view';
import { xmlDocumentOf } from './outgoing';
import { invoicesDocXml } from './xml';
import { readFiscalSettings } from './settings';

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function exportMonth(db: Db, month: string, format: 'xml' | 'csv'): { filename: string; content: string } {
  const { environment } = readFiscalSettings(db);
  const docs = listFiscalDocuments(db, { month, environment });
  if (format === 'xml') {
    const ids = docs.map((d) => ({ id: d.id }));
    const content = ids.length === 0
      ? invoicesDocXml([]).replace('></InvoicesDoc>', '/>')
      : invoicesDocXml(ids.map((r) => xmlDocumentOf(db, r.id)));
    return { filename: `mydata-${month}.xml`, content };
  }
  const header = ['type', 'series', 'number', 'issueDate', 'state', 'mark', 'uid', 'netEUR', 'vatEUR', 'totalEUR', 'correlatedMarks', 'errorCode', 'errorMessage'];
  const dates = new Map((sql(db, 'SELECT id, issue_date FROM fiscal_documents WHERE substr(issue_date, 1, 7) = ? AND environment = ?').all(month, environment) as { id: string; issue_date: string }[]).map((r) => [r.id, r.issue_date]));
  const lines = docs.map((d) => [
    d.docType, d.series, d.number, dates.get(d.id) ?? '', d.state, d.mark, d.uid,
    minorToDecimal(d.totalCents - d.vatCents), minorToDecimal(d.vatCents), minorToDecimal(d.totalCents),
    d.correlatedMarks.join(' '), d.errorCode, d.errorMessage,
  ].map(csvCell).join(';'));
  return { filename: `mydata-${month}.csv`, content: [header.join(';'), ...lines].join('\r\n') + '\r\n' };
}
