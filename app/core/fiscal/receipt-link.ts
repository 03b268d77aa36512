/**
 * What the paper says about a document's registration (issue 15 item 4): a receipt, refund
 * slip or order slip prints the mark, uid and QR once AADE registered the document, or
 * "pending transmission" (series and number are known at once: they are issued with the sale).
 * A cancelled document (or one replaced by a reissue) is never the one a receipt shows.
 */
import type { Database } from 'better-sqlite3';
import { sql } from '../db/statements';
import { readFiscalSettings } from './settings';

/** issuerAfm: the VAT number the document was issued under (a reprint after a correction shows the document's). */
export type ReceiptFiscal =
  | { state: 'registered'; docType: '8.6' | '11.1' | '11.4'; series: string; number: number; mark: string; uid: string; qrUrl: string; authenticationCode?: string; issuerAfm?: string }
  | { state: 'pending'; docType: '8.6' | '11.1' | '11.4'; series: string; number: number; issuerAfm?: string };

interface Row {
  doc_type: '8.6' | '11.1' | '11.4'; series: string; number: number; state: string;
  mark: string | null; uid: string; qr_url: string | null; authentication_code: string | null; afm: string;
}

const COLUMNS = 'doc_type, series, number, state, mark, uid, qr_url, authentication_code, afm';
const LIVE = "state NOT IN ('cancelled', 'cancel_queued')";

export function receiptFiscalFor(
  db: Database, ref: { orderId: string; partId?: string; refundId?: string; docType?: '8.6' },
): ReceiptFiscal | null {
  if (!readFiscalSettings(db).enabled) return null;
  let row: Row | undefined;
  if (ref.refundId !== undefined) {
    row = sql(db, `SELECT ${COLUMNS} FROM fiscal_documents WHERE refund_id = ? AND doc_type = '11.4' AND ${LIVE} ORDER BY created_at DESC LIMIT 1`).get(ref.refundId) as Row | undefined;
  } else if (ref.docType === '8.6') {
    row = sql(db, `SELECT ${COLUMNS} FROM fiscal_documents WHERE order_id = ? AND doc_type = '8.6' AND ${LIVE} ORDER BY created_at DESC, number DESC LIMIT 1`).get(ref.orderId) as Row | undefined;
  } else if (ref.partId !== undefined) {
    row = sql(db, `SELECT ${COLUMNS} FROM fiscal_documents WHERE order_id = ? AND part_id = ? AND doc_type = '11.1' AND ${LIVE} LIMIT 1`).get(ref.orderId, ref.partId) as Row | undefined;
  } else {
    row = sql(db, `SELECT ${COLUMNS} FROM fiscal_documents WHERE order_id = ? AND part_id IS NULL AND doc_type = '11.1' AND ${LIVE} LIMIT 1`).get(ref.orderId) as Row | undefined;
  }
  if (!row) return null;
  const base = { docType: row.doc_type, series: row.series, number: row.number, issuerAfm: row.afm };
  if (row.state === 'registered' && row.mark !== null) {
    return {
      state: 'registered', ...base, mark: row.mark, uid: row.uid, qrUrl: row.qr_url ?? '',
      ...(row.authentication_code !== null ? { authenticationCode: row.authentication_code } : {}),
    };
  }
  return { state: 'pending', ...base };
}
