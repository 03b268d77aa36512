/**
 * Printing the customer's 8.6 order slip (issue 15) after a table's order is sent: when fiscal
 * documents are on, the owner enabled it (settings.receipt.fiscalOrderSlip) and the send issued
 * an 8.6, that slip goes to the receipt printer, once per document (its id is the print job's
 * idempotency key, so a repeated send or a double click prints nothing more).
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { parseBody } from '../../fiscal/body';
import { enqueuePrintJob, type PrintJobView } from '../../print/print-queue';
import type { ShopSettings } from '../settings/settings-schema';
import { printersForStation } from '../settings/settings-store';
import { fiscalPrintFor } from './fiscal-block';
import { readOrderSnapshot } from './order-snapshot';
import { renderOrderSlipEscPos, type OrderSlipModel } from './order-slip-escpos';

interface SlipRow { id: string; body: string; total_cents: number; created_at: number }

/** The order's newest live 8.6 as a printable slip; null when fiscal is off or there is none. */
export function buildOrderSlip(db: Db, settings: ShopSettings, orderId: string, reprint = false): (OrderSlipModel & { documentId: string }) | null {
  const fiscal = fiscalPrintFor(db, { orderId, docType: '8.6' });
  if (!fiscal) return null;
  // The same document receiptFiscalFor chose: newest first, live only.
  const doc = sql(db, `SELECT id, body, total_cents, created_at FROM fiscal_documents
    WHERE order_id = ? AND doc_type = '8.6' AND state NOT IN ('cancelled', 'cancel_queued') ORDER BY created_at DESC, number DESC LIMIT 1`).get(orderId) as SlipRow | undefined;
  if (!doc) return null;
  const order = readOrderSnapshot(db, orderId);
  return {
    documentId: doc.id,
    businessName: settings.business.name,
    addressLines: settings.business.addressLines,
    fiscal,
    orderNumber: order.number,
    tableName: order.tableName,
    staffName: order.staffName,
    at: doc.created_at,
    timeZone: settings.timeZone,
    locale: settings.locale,
    currency: settings.currency,
    language: settings.language,
    lines: parseBody(doc.body).rows.map((r) => ({ qty: r.quantity ?? 1, name: r.description ?? '', amountCents: r.netCents + r.vatCents })),
    totalCents: doc.total_cents,
    reprint,
  };
}

/** After kitchen.send: the new 8.6's slip on the receipt printer, if wanted; null when nothing is printed. */
export function printOrderSlipAfterSend(db: Db, clock: Clock, settings: ShopSettings, orderId: string): PrintJobView | null {
  if (settings.receipt.fiscalOrderSlip !== true) return null;
  const printer = printersForStation(settings, 'receipt')[0];
  if (!printer || !printer.enabled) return null;
  const slip = buildOrderSlip(db, settings, orderId);
  if (!slip) return null;
  return enqueuePrintJob(db, clock, {
    printerId: printer.id,
    kind: 'receipt',
    ref: `slip:${slip.documentId}`,
    description: `8.6 #${slip.orderNumber}`,
    payload: renderOrderSlipEscPos(slip, { paper: printer.paper, codePage: printer.codePage, codePageNumber: printer.codePageNumber }),
    idempotencyKey: `slip:${slip.documentId}`,
  }).job;
}
