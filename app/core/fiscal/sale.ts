/**
 * Receipts (11.1) and credits (11.4), inside the payment's, refund's or void's transaction.
 * VAT per rate and the total come from the receipt model the paper prints (buildCustomerReceipt
 * over the one tax module), so a document says to the cent what the customer holds:
 * - paid in one go: one 11.1 for the order;
 * - paid in parts (a split): one 11.1 per part payment (partId = its first payment id, as the
 *   part receipt knows it), for the part's amount and VAT as its receipt prints them;
 * - each 11.1 names the order's live 8.6 slips; a table order's lines not yet on a slip get one first;
 * - a refund: one 11.4 for its amount and VAT per rate (refundTaxParts, like the refund slip),
 *   naming the order's receipts; a paid order voided: one 11.4 reversing its receipts.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { allocateByWeights } from '../money';
import { buildCustomerReceipt } from '../pos/receipts/build-receipt';
import type { ReceiptPart } from '../pos/receipts/part-receipt';
import { refundTaxParts } from '../pos/refunds/refund-tax';
import { getSettings } from '../pos/settings/settings-store';
import { parseBody, rowsPerRate } from './body';
import type { BodyRow, DocumentBody } from './body';
import { insertDocument } from './ledger';
import { kickFiscalOutbox } from './service';
import { fiscalActive } from './settings';
import { cancelOrderSlips, issueOrderSlip, liveSlips } from './slips';

type Method = 'cash' | 'card';

function receiptsOf(db: Db, orderId: string): { id: string; body: DocumentBody }[] {
  return (sql(db, "SELECT id, body FROM fiscal_documents WHERE order_id = ? AND doc_type = '11.1' AND state NOT IN ('cancelled', 'cancel_queued') ORDER BY created_at, number").all(orderId) as { id: string; body: string }[])
    .map((r) => ({ id: r.id, body: parseBody(r.body) }));
}

/** Per-rate rows whose VAT is what the paper prints and whose grosses sum to its total exactly. */
function rowsFromReceipt(taxes: readonly { rateBasisPoints: number; netCents: number; taxCents: number }[], totalCents: number): BodyRow[] {
  const grosses = allocateByWeights(totalCents, taxes.map((t) => Math.max(0, t.netCents + t.taxCents)));
  return rowsPerRate(taxes.map((t, i) => ({ rateBp: t.rateBasisPoints, grossCents: grosses[i] ?? 0, vatCents: t.taxCents })));
}

/**
 * After a payment: the receipt for it (whole order or one part). `part.items`: the units a
 * split-by-items guest took (their receipt's lines); without it a part is a share of the bill.
 */
export function issueReceiptForPayment(
  db: Db, clock: Clock, orderId: string, paymentIds: readonly string[], part?: { items?: ReceiptPart['items'] } | undefined,
): string | null {
  const settings = fiscalActive(db);
  if (!settings || paymentIds.length === 0) return null;
  issueOrderSlip(db, clock, orderId, 'before receipt');
  const payments = sql(db, 'SELECT id, method, amount_cents AS amount, order_id FROM payments WHERE order_id = ? AND amount_cents > 0 AND reverses_payment_id IS NULL ORDER BY created_at, id').all(orderId) as
    { id: string; method: Method; amount: number }[];
  const mine = new Set(paymentIds);
  const status = (sql(db, 'SELECT status FROM orders WHERE id = ?').get(orderId) as { status: string }).status;
  const whole = status === 'paid' && payments.every((p) => mine.has(p.id));
  const shop = getSettings(db);
  const now = clock.now();
  const ids = [...paymentIds].sort();
  const paid = payments.filter((p) => mine.has(p.id)).reduce((a, p) => a + p.amount, 0);
  const share = () => buildCustomerReceipt(db, shop, orderId, { reprint: false, now, part: { paymentIds: ids, shareOf: 2 } });
  let receipt = whole ? buildCustomerReceipt(db, shop, orderId, { reprint: false, now }) : null;
  if (!receipt && part?.items) {
    // The guest's units, as their receipt prints them, unless those units are not what was paid
    // (then the document follows the money: a share of the bill for the amount paid).
    const items = buildCustomerReceipt(db, shop, orderId, { reprint: false, now, part: { paymentIds: ids, items: part.items } });
    receipt = items.totalCents === paid ? items : null;
  }
  receipt ??= share();
  const rows = rowsFromReceipt(receipt.taxes, receipt.totalCents);
  if (rows.length === 0) return null;
  const id = insertDocument(db, clock, settings, {
    docType: '11.1', orderId, partId: whole ? null : (ids[0] ?? null),
    correlatedIds: liveSlips(db, orderId).map((s) => s.id),
    body: { rows, payments: payments.filter((p) => mine.has(p.id)).map((p) => ({ method: p.method, amountCents: p.amount })) },
  });
  kickFiscalOutbox();
  return id;
}

/** A refund of a paid order: its credit, naming the order's receipts (none issued: no credit either). */
export function issueCreditForRefund(db: Db, clock: Clock, refund: { id: string; orderId: string; amountCents: number; method: Method }): string | null {
  const settings = fiscalActive(db);
  if (!settings) return null;
  const receipts = receiptsOf(db, refund.orderId);
  if (receipts.length === 0) return null;
  const rows = rowsPerRate(refundTaxParts(db, refund).map((p) => ({ rateBp: p.rateBasisPoints, grossCents: p.amountCents, vatCents: p.taxCents })));
  if (rows.length === 0) return null;
  const id = insertDocument(db, clock, settings, {
    docType: '11.4', orderId: refund.orderId, refundId: refund.id, correlatedIds: receipts.map((r) => r.id),
    body: { rows, payments: [{ method: refund.method, amountCents: refund.amountCents }] },
  });
  kickFiscalOutbox();
  return id;
}

/** A paid order voided: one credit reversing all its receipts (rows per rate, payments per method). */
function issueCreditForVoid(db: Db, clock: Clock, orderId: string): string | null {
  const settings = fiscalActive(db);
  if (!settings) return null;
  const receipts = receiptsOf(db, orderId);
  if (receipts.length === 0) return null;
  const byRate = new Map<number, BodyRow>();
  const byMethod = new Map<Method, number>();
  for (const r of receipts) {
    for (const row of r.body.rows) {
      const t = byRate.get(row.rateBp) ?? { rateBp: row.rateBp, netCents: 0, vatCents: 0 };
      t.netCents += row.netCents;
      t.vatCents += row.vatCents;
      byRate.set(row.rateBp, t);
    }
    for (const p of r.body.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amountCents);
  }
  const id = insertDocument(db, clock, settings, {
    docType: '11.4', orderId, correlatedIds: receipts.map((r) => r.id),
    body: { rows: [...byRate.values()], payments: [...byMethod].map(([method, amountCents]) => ({ method, amountCents })), reason: 'order voided' },
  });
  kickFiscalOutbox();
  return id;
}

/** An order voided: a paid one gets its credit; an unpaid one's slips are cancelled. */
export function fiscalOrderVoided(db: Db, clock: Clock, orderId: string): void {
  if (issueCreditForVoid(db, clock, orderId) === null) cancelOrderSlips(db, clock, orderId);
}
