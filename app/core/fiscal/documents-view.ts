/**
 * Reading the fiscal documents for the owner's screens: the list (per order, month or state),
 * the banner's status (how many wait, since when), and one document's row.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { PosError } from '../errors';
import { readFiscalSettings } from './settings';
import type { FiscalDocType } from './settings';

export const DOCUMENT_STATES = ['queued', 'sending', 'registered', 'rejected', 'cancel_queued', 'cancelled'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export interface FiscalDocumentRow {
  id: string;
  docType: FiscalDocType;
  /** Where it is (to be) registered: AADE's test environment or production. */
  environment: 'test' | 'production';
  series: string;
  number: number;
  orderId: string | null;
  partId: string | null;
  refundId: string | null;
  state: DocumentState;
  mark: string | null;
  uid: string;
  qrUrl: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  createdAt: number;
  registeredAt: number | null;
  totalCents: number;
  vatCents: number;
  correlatedMarks: string[];
}

interface DbRow {
  id: string; doc_type: FiscalDocType; environment: 'test' | 'production'; series: string; number: number; order_id: string | null; part_id: string | null; refund_id: string | null;
  state: DocumentState; mark: string | null; uid: string; qr_url: string | null; error_code: string | null; error_message: string | null;
  attempts: number; created_at: number; registered_at: number | null; total_cents: number; vat_cents: number; correlated_ids: string;
}

function correlatedMarks(db: Db, idsJson: string): string[] {
  const ids = JSON.parse(idsJson) as string[];
  return ids.map((id) => (sql(db, 'SELECT mark FROM fiscal_documents WHERE id = ?').get(id) as { mark: string | null } | undefined)?.mark ?? null)
    .filter((m): m is string => m !== null);
}

function toView(db: Db, r: DbRow): FiscalDocumentRow {
  return {
    id: r.id, docType: r.doc_type, environment: r.environment, series: r.series, number: r.number, orderId: r.order_id, partId: r.part_id, refundId: r.refund_id,
    state: r.state, mark: r.mark, uid: r.uid, qrUrl: r.qr_url, errorCode: r.error_code, errorMessage: r.error_message,
    attempts: r.attempts, createdAt: r.created_at, registeredAt: r.registered_at, totalCents: r.total_cents, vatCents: r.vat_cents,
    correlatedMarks: correlatedMarks(db, r.correlated_ids),
  };
}

/** `month` is YYYY-MM of the issue date (the shop's calendar, as AADE sees it). */
export function listFiscalDocuments(
  db: Db, filter: { orderId?: string | undefined; month?: string | undefined; state?: DocumentState | undefined; environment?: 'test' | 'production' | undefined },
): FiscalDocumentRow[] {
  const rows = sql(db, `SELECT * FROM fiscal_documents
    WHERE (@orderId IS NULL OR order_id = @orderId) AND (@month IS NULL OR substr(issue_date, 1, 7) = @month) AND (@state IS NULL OR state = @state)
      AND (@environment IS NULL OR environment = @environment)
    ORDER BY created_at, rowid`).all({ orderId: filter.orderId ?? null, month: filter.month ?? null, state: filter.state ?? null, environment: filter.environment ?? null }) as DbRow[];
  return rows.map((r) => toView(db, r));
}

export function getFiscalDocument(db: Db, id: string): FiscalDocumentRow {
  const r = sql(db, 'SELECT * FROM fiscal_documents WHERE id = ?').get(id) as DbRow | undefined;
  if (!r) throw new PosError('FISCAL_DOCUMENT_NOT_FOUND', 'No such fiscal document', { id });
  return toView(db, r);
}

const WAITING_BANNER_MS = 60 * 60 * 1000;

export interface FiscalStatus { enabled: boolean; pending: number; rejected: number; oldestPendingAt: number | null; waitingOverHour: boolean }

/** For the banner: documents of the environment in use not yet registered (or cancelled), and the oldest. */
export function fiscalStatus(db: Db, clock: Clock): FiscalStatus {
  const { enabled, environment } = readFiscalSettings(db);
  const r = sql(db, `SELECT
      SUM(CASE WHEN state IN ('queued', 'sending', 'cancel_queued') THEN 1 ELSE 0 END) AS pending,
      SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END) AS rejected,
      MIN(CASE WHEN state IN ('queued', 'sending', 'cancel_queued', 'rejected') THEN created_at END) AS oldest
    FROM fiscal_documents WHERE state <> 'registered' AND state <> 'cancelled' AND environment = ?`).get(environment) as { pending: number | null; rejected: number | null; oldest: number | null };
  const oldest = r.oldest ?? null;
  return {
    enabled,
    pending: r.pending ?? 0,
    rejected: r.rejected ?? 0,
    oldestPendingAt: oldest,
    waitingOverHour: oldest !== null && clock.now() - oldest > WAITING_BANNER_MS,
  };
}
