/**
 * Order slips (8.6, Δελτίο Παραγγελίας Εστίασης) for table service: issued when a table's
 * order is sent, before the receipt. Since myDATA v1.0.9 one receipt may name many slips
 * (multipleConnectedMarks), so each send is a slip of its own (an edit of a registered slip
 * would need its uid fields unchanged and is not what the kitchen saw): a slip holds what this
 * send added, per line the units not yet on a live slip of the order.
 * A void of the whole order cancels its slips (CancelInvoice by mark); a void of lines already
 * on a slip cancels that slip and reissues one with what remains (cancel-and-reissue).
 * All of this runs inside the caller's transaction.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { readOrderSnapshot } from '../pos/receipts/order-snapshot';
import type { OrderLineSnapshot } from '../pos/receipts/order-snapshot';
import { parseBody, shareOfUnits } from './body';
import type { BodyRow } from './body';
import { insertDocument } from './ledger';
import { kickFiscalOutbox } from './service';
import { fiscalActive } from './settings';

const LIVE = "state NOT IN ('cancelled', 'cancel_queued')";

/** The order and the orders merged into it (a merge moves lines, with their slips, to another order). */
function orderFamily(db: Db, orderId: string): string[] {
  const merged = sql(db, 'SELECT id FROM orders WHERE merged_into_order_id = ?').all(orderId) as { id: string }[];
  return [orderId, ...merged.map((m) => m.id)];
}

/** Live (not cancelled) slips of the order and of the orders merged into it. */
export function liveSlips(db: Db, orderId: string): { id: string; rows: BodyRow[] }[] {
  return orderFamily(db, orderId).flatMap((id) =>
    (sql(db, `SELECT id, body FROM fiscal_documents WHERE order_id = ? AND doc_type = '8.6' AND ${LIVE} ORDER BY created_at, number`).all(id) as { id: string; body: string }[])
      .map((r) => ({ id: r.id, rows: parseBody(r.body).rows })));
}

function slippedQty(slips: readonly { rows: BodyRow[] }[]): Map<string, number> {
  const qty = new Map<string, number>();
  for (const s of slips) for (const r of s.rows) if (r.orderLineId) qty.set(r.orderLineId, (qty.get(r.orderLineId) ?? 0) + (r.quantity ?? 0));
  return qty;
}

/** `qty` units of a line at the value the order gives them (its discounts and VAT included). */
function slipRow(line: OrderLineSnapshot, qty: number): BodyRow {
  const vat = shareOfUnits(line.taxCents, qty, line.qty);
  const total = shareOfUnits(line.totalCents, qty, line.qty);
  const options = line.options.map((o) => o.name).join(', ');
  return { orderLineId: line.id, description: options ? `${line.name} (${options})` : line.name, quantity: qty, rateBp: line.taxRateBp, netCents: total - vat, vatCents: vat };
}

function tableOf(db: Db, orderId: string): string | null {
  const r = sql(db, 'SELECT t.name FROM orders o JOIN dining_tables t ON t.id = o.table_id WHERE o.id = ?').get(orderId) as { name: string } | undefined;
  return r?.name ?? null;
}

/** One slip for what this send adds to a table order; null when fiscal is off, not a table, or nothing new. */
export function issueOrderSlip(db: Db, clock: Clock, orderId: string, reason: string): string | null {
  const settings = fiscalActive(db);
  if (!settings) return null;
  const table = tableOf(db, orderId);
  if (table === null) return null;
  const order = readOrderSnapshot(db, orderId);
  const slipped = slippedQty(liveSlips(db, orderId));
  const rows: BodyRow[] = [];
  for (const line of order.lines) {
    if (line.status !== 'active') continue;
    const delta = line.qty - (slipped.get(line.id) ?? 0);
    if (delta > 0) rows.push(slipRow(line, delta));
  }
  if (rows.length === 0) return null;
  const id = insertDocument(db, clock, settings, { docType: '8.6', orderId, body: { rows, payments: [], tableAA: table.slice(0, 50), reason: reason.slice(0, 120) } });
  kickFiscalOutbox();
  return id;
}

function queueCancel(db: Db, clock: Clock, ids: readonly string[]): void {
  const now = clock.now();
  const stmt = sql(db, "UPDATE fiscal_documents SET state = 'cancel_queued', next_attempt_at = ?, updated_at = ? WHERE id = ? AND state NOT IN ('cancelled', 'cancel_queued')");
  for (const id of ids) stmt.run(now, now, id);
}

/** The order was voided before payment: every live slip is cancelled with AADE. */
export function cancelOrderSlips(db: Db, clock: Clock, orderId: string): number {
  if (!fiscalActive(db)) return 0;
  const slips = liveSlips(db, orderId);
  queueCancel(db, clock, slips.map((s) => s.id));
  if (slips.length > 0) kickFiscalOutbox();
  return slips.length;
}

/**
 * Lines already on a slip were voided (or their quantity lowered): the slips that carry them
 * are cancelled and ONE new slip carries what of those slips is still ordered.
 */
export function reissueSlipsAfterVoid(db: Db, clock: Clock, orderId: string, lineIds: readonly string[]): string | null {
  const settings = fiscalActive(db);
  if (!settings) return null;
  const voided = new Set(lineIds);
  const slips = liveSlips(db, orderId);
  const touched = slips.filter((s) => s.rows.some((r) => r.orderLineId !== undefined && voided.has(r.orderLineId)));
  if (touched.length === 0) return null;
  const touchedIds = new Set(touched.map((s) => s.id));
  const keptElsewhere = slippedQty(slips.filter((s) => !touchedIds.has(s.id)));
  const onTouched = slippedQty(touched);
  const order = readOrderSnapshot(db, orderId);
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  queueCancel(db, clock, [...touchedIds]);
  const rows: BodyRow[] = [];
  for (const [lineId, qty] of onTouched) {
    const line = byId.get(lineId);
    if (!line || line.status !== 'active') continue;
    const still = Math.min(qty, line.qty - (keptElsewhere.get(lineId) ?? 0));
    if (still > 0) rows.push(slipRow(line, still));
  }
  kickFiscalOutbox();
  if (rows.length === 0) return null;
  const table = tableOf(db, orderId) ?? '0';
  return insertDocument(db, clock, settings, {
    docType: '8.6', orderId, replacesId: touched[0]?.id ?? null,
    body: { rows, payments: [], tableAA: table.slice(0, 50), reason: 'reissue after void' },
  });
}
