/**
 * Writing fiscal documents, always inside the caller's transaction (the sale, the send, the
 * refund, the void): the number comes from a gapless counter per series and document type,
 * bumped in that same transaction, so a rollback takes the number back and a commit keeps the
 * document (the outbox sends it later, even after a crash).
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { uuidv7 } from '../db/uuid';
import { DEFAULT_SHOP_RULES, readShopRules } from '../pos/orders/shop-rules';
import { bodyTotals, documentBodySchema } from './body';
import type { DocumentBody } from './body';
import type { FiscalDocType, FiscalSettings } from './settings';
import { invoiceUid } from './uid';

/** The next number of a series and type: gapless, because it moves only with a committed document. */
function nextNumber(db: Db, environment: string, series: string, docType: FiscalDocType): number {
  const row = sql(db, `INSERT INTO fiscal_counters (environment, series, doc_type, last_number) VALUES (?, ?, ?, 1)
    ON CONFLICT (environment, series, doc_type) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`).get(environment, series, docType) as { last_number: number };
  return row.last_number;
}

/** The calendar date in the shop's time zone (AADE's issueDate). */
function issueDateOf(db: Db, at: number): string {
  const timeZone = readShopRules(db).timeZone || DEFAULT_SHOP_RULES.timeZone;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

interface NewDocument {
  docType: FiscalDocType;
  orderId?: string | null;
  partId?: string | null;
  refundId?: string | null;
  replacesId?: string | null;
  correlatedIds?: string[];
  body: DocumentBody;
}

export function insertDocument(db: Db, clock: Clock, settings: FiscalSettings & { afm: string }, doc: NewDocument): string {
  const body = documentBodySchema.parse(doc.body);
  const now = clock.now();
  const id = uuidv7(clock);
  const number = nextNumber(db, settings.environment, settings.series, doc.docType);
  const issueDate = issueDateOf(db, now);
  const uid = invoiceUid({ afm: settings.afm, issueDate, branch: settings.branch, docType: doc.docType, series: settings.series, number });
  const totals = bodyTotals(body);
  sql(db, `INSERT INTO fiscal_documents (id, doc_type, environment, series, number, afm, branch, issue_date, order_id, part_id, refund_id, replaces_id,
      correlated_ids, body, total_cents, vat_cents, uid, state, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`).run(
    id, doc.docType, settings.environment, settings.series, number, settings.afm, settings.branch, issueDate, doc.orderId ?? null, doc.partId ?? null, doc.refundId ?? null,
    doc.replacesId ?? null, JSON.stringify(doc.correlatedIds ?? []), JSON.stringify(body), totals.totalCents, totals.vatCents, uid, now, now, now,
  );
  return id;
}

/**
 * A rejected document is corrected and sent again under the SAME series and number (it was
 * never registered): the issuer's VAT number and branch follow the settings as corrected,
 * and the uid is computed again from them.
 */
export function refreshIdentity(db: Db, id: string, settings: FiscalSettings & { afm: string }): void {
  const r = sql(db, 'SELECT doc_type, series, number, issue_date FROM fiscal_documents WHERE id = ?').get(id) as
    { doc_type: FiscalDocType; series: string; number: number; issue_date: string } | undefined;
  if (!r) return;
  const uid = invoiceUid({ afm: settings.afm, issueDate: r.issue_date, branch: settings.branch, docType: r.doc_type, series: r.series, number: r.number });
  sql(db, 'UPDATE fiscal_documents SET afm = ?, branch = ?, uid = ? WHERE id = ?').run(settings.afm, settings.branch, uid, id);
}
