import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { enqueuePrintJob, type PrintJobView } from '../../print/print-queue';
import type { PrinterSettings, ShopSettings } from '../settings/settings-schema';
import { printersForStation, stationForLine } from '../settings/settings-store';
import { renderKitchenTicketEscPos, type KitchenTicketModel } from './kitchen-escpos';
import { readOrderSnapshot, type OrderSnapshot } from './order-snapshot';
import { issueOrderSlip } from '../../fiscal/slips';

/**
 * Kitchen tickets. Each station (kitchen, bar…) gets a ticket with only what changed since the
 * last send: the sum of qty_delta already sent per order line is compared with the order now, so
 * new lines and extra quantity print as additions and removed or voided ones as CANCEL.
 * Two guards stop a double click making the kitchen cook twice: the client's idempotency key
 * (the same key returns the first result, prints nothing) and the delta itself (a second send
 * with a new key finds nothing new). Reprints are explicit, marked REPRINT, and never count as
 * sent. A void (or a lowered quantity) of a sent line prints its VOID ticket at once, by itself
 * (`sendKitchenVoids`): the same delta, limited to that line and to what was taken away.
 */
export interface KitchenTicketView {
  id: string;
  orderId: string;
  station: string;
  reprintOf: string | null;
  createdAt: number;
  /** change: the line's note/options were edited after sending; qtyDelta is then the quantity to make now. */
  lines: { orderLineId: string; name: string; qtyDelta: number; change: boolean }[];
  printJobIds: string[];
}

export interface SendResult {
  /** true when this idempotency key was seen before: nothing new was sent. */
  duplicate: boolean;
  tickets: KitchenTicketView[];
}

function ticketView(db: Db, id: string): KitchenTicketView {
  const t = db.prepare(`SELECT id, order_id AS orderId, station, reprint_of AS reprintOf, created_at AS createdAt FROM kitchen_tickets WHERE id = ?`)
    .get(id) as Omit<KitchenTicketView, 'lines' | 'printJobIds'> | undefined;
  if (!t) throw new PosError('NOT_FOUND', 'No such kitchen ticket', { id });
  const source = t.reprintOf ?? t.id;
  const lines = db.prepare(`
    SELECT k.order_line_id AS orderLineId, l.name, k.qty_delta AS qtyDelta, k.is_change = 1 AS change
    FROM kitchen_ticket_lines k JOIN order_lines l ON l.id = k.order_line_id WHERE k.ticket_id = ? ORDER BY l.position, l.id`)
    .all(source) as (Omit<KitchenTicketView['lines'][number], 'change'> & { change: number })[];
  const jobs = db.prepare(`SELECT id FROM print_jobs WHERE kind = 'kitchen' AND ref = ? ORDER BY created_at, id`).all(t.id) as { id: string }[];
  return { ...t, lines: lines.map((l) => ({ ...l, change: l.change === 1 })), printJobIds: jobs.map((j) => j.id) };
}

/** The order's tickets, including those that sent lines later merged into it (table.merge), and their reprints. */
export function listKitchenTickets(db: Db, orderId: string): KitchenTicketView[] {
  const ids = db.prepare(`
    WITH own AS (
      SELECT id FROM kitchen_tickets WHERE order_id = @orderId
      UNION SELECT k.ticket_id FROM order_lines l JOIN kitchen_ticket_lines k ON k.order_line_id = l.id WHERE l.order_id = @orderId)
    SELECT id FROM kitchen_tickets WHERE id IN (SELECT id FROM own) OR reprint_of IN (SELECT id FROM own)
    ORDER BY created_at, id`).all({ orderId }) as { id: string }[];
  return ids.map((r) => ticketView(db, r.id));
}

function ticketModel(order: OrderSnapshot, settings: ShopSettings, station: string, lines: { lineId: string; qtyDelta: number; change: boolean }[], at: number, reprint: boolean): KitchenTicketModel {
  const byId = new Map(order.lines.map((l) => [l.id, l]));
  return {
    station,
    orderNumber: order.number,
    tableName: order.tableName,
    staffName: order.staffName,
    comment: order.comment,
    at,
    timeZone: settings.timeZone,
    locale: settings.locale,
    language: settings.language,
    reprint,
    lines: lines.map(({ lineId, qtyDelta, change }) => {
      const line = byId.get(lineId);
      return { qtyDelta, change, name: line?.name ?? '?', options: line?.options.map((o) => o.name) ?? [], note: line?.note ?? '' };
    }),
  };
}

function enqueueTicket(db: Db, clock: Clock, settings: ShopSettings, ticketId: string, model: KitchenTicketModel): PrintJobView[] {
  return enqueueTicketOn(db, clock, ticketId, model, printersForStation(settings, model.station));
}

function enqueueTicketOn(db: Db, clock: Clock, ticketId: string, model: KitchenTicketModel, printers: PrinterSettings[]): PrintJobView[] {
  return printers.map((printer) =>
    enqueuePrintJob(db, clock, {
      printerId: printer.id,
      kind: 'kitchen',
      ref: ticketId,
      description: `${model.reprint ? 'REPRINT ' : ''}#${model.orderNumber} → ${model.station}`,
      payload: renderKitchenTicketEscPos(model, { paper: printer.paper, codePage: printer.codePage, codePageNumber: printer.codePageNumber }),
      idempotencyKey: `kitchen:${ticketId}:${printer.id}`,
    }).job);
}

interface TicketLine { lineId: string; qtyDelta: number; signature: string | null; change: boolean }

/** What the cook reads besides name and quantity: editing it after a send needs a new ticket. */
function lineSignature(line: OrderSnapshot['lines'][number]): string {
  return JSON.stringify([line.note, line.options.map((o) => o.name)]);
}

/**
 * What each station has been asked to make per line, and how the line read then. Counted by
 * order LINE, not by order: a table merge moves lines (with their history) to another order.
 * Rows fold in time order: a change row resets the count, others add to it.
 */
function sentState(db: Db, orderId: string): Map<string, { qty: number; signature: string | null }> {
  const rows = db.prepare(`
    SELECT k.order_line_id AS lineId, t.station, k.qty_delta AS qty, k.signature, k.is_change AS change
    FROM order_lines l JOIN kitchen_ticket_lines k ON k.order_line_id = l.id JOIN kitchen_tickets t ON t.id = k.ticket_id
    WHERE l.order_id = ? AND t.reprint_of IS NULL ORDER BY t.created_at, t.id`).all(orderId) as
    { lineId: string; station: string; qty: number; signature: string | null; change: number }[];
  const sent = new Map<string, { qty: number; signature: string | null }>();
  for (const r of rows) {
    const key = `${r.lineId}|${r.station}`;
    const s = sent.get(key) ?? { qty: 0, signature: null };
    s.qty = r.change ? r.qty : s.qty + r.qty;
    if (r.signature !== null) s.signature = r.signature;
    sent.set(key, s);
  }
  for (const [key, s] of sent) if (s.qty === 0) sent.delete(key);
  return sent;
}

export function sendOrderToKitchen(
  db: Db, clock: Clock, settings: ShopSettings, input: { orderId: string; staffId: string; idempotencyKey: string },
): SendResult {
  return db.transaction((): SendResult => {
    const seen = seenKey(db, input.idempotencyKey);
    if (seen) return seen;
    // Sent to the kitchen = no longer a mere draft (same as order.send).
    const draft = db.prepare(`SELECT 1 FROM orders o WHERE o.id = ? AND o.status = 'draft'
      AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.status = 'active')`).get(input.orderId);
    if (draft) db.prepare("UPDATE orders SET status = 'open', updated_at = ? WHERE id = ?").run(clock.now(), input.orderId);
    const tickets = writeDeltas(db, clock, settings, input, null);
    // A table's order slip (8.6, issue 15) for what this send adds, in the same transaction.
    issueOrderSlip(db, clock, input.orderId, `kitchen.send ${input.idempotencyKey}`);
    return { duplicate: false, tickets };
  }).immediate();
}

/**
 * After a line was voided or its quantity lowered: tells each station that made it, now, what
 * no longer is wanted (a VOID ticket). Only these lines and only removals: additions still wait
 * for Send. Runs inside the caller's transaction; a second call finds nothing left to cancel.
 */
export function sendKitchenVoids(
  db: Db, clock: Clock, settings: ShopSettings, input: { orderId: string; staffId: string; idempotencyKey: string; lineIds: string[] | 'all' },
): SendResult {
  return db.transaction((): SendResult => {
    const seen = seenKey(db, input.idempotencyKey);
    if (seen) return seen;
    return { duplicate: false, tickets: writeDeltas(db, clock, settings, input, input.lineIds === 'all' ? 'all' : new Set(input.lineIds)) };
  })();
}

function seenKey(db: Db, key: string): SendResult | null {
  const seen = db.prepare('SELECT id FROM kitchen_tickets WHERE idempotency_key = ? ORDER BY created_at, id').all(key) as { id: string }[];
  return seen.length > 0 ? { duplicate: true, tickets: seen.map((r) => ticketView(db, r.id)) } : null;
}

/** `voids`: null = a full send; else only removals, of these lines (or of all lines). */
function writeDeltas(
  db: Db, clock: Clock, settings: ShopSettings, input: { orderId: string; staffId: string; idempotencyKey: string }, voids: Set<string> | 'all' | null,
): KitchenTicketView[] {
  const order = readOrderSnapshot(db, input.orderId);
  const sent = sentState(db, input.orderId);

  const byStation = new Map<string, TicketLine[]>();
  const add = (station: string, line: TicketLine) => {
    if (line.qtyDelta === 0) return;
    if (voids !== null && (line.qtyDelta > 0 || line.change)) return;
    const list = byStation.get(station) ?? [];
    list.push(line);
    byStation.set(station, list);
  };
  for (const line of order.lines) {
    if (voids instanceof Set && !voids.has(line.id)) continue;
    const station = stationForLine(settings, line);
    const wanted = line.status === 'active' && order.status !== 'voided' ? line.qty : 0;
    const signature = lineSignature(line);
    if (station !== null) {
      const before = sent.get(`${line.id}|${station}`);
      const sentQty = before?.qty ?? 0;
      if (wanted > 0 && sentQty > 0 && before !== undefined && before.signature !== null && before.signature !== signature) {
        // Note or options edited after sending: the cook gets "CHANGED: now N x …" as it reads now.
        add(station, { lineId: line.id, qtyDelta: wanted, signature, change: true });
      } else {
        add(station, { lineId: line.id, qtyDelta: wanted - sentQty, signature, change: false });
      }
    }
    // Routing changed since the last send: cancel it where it went before.
    for (const [key, r] of sent) {
      const [lineId, where] = key.split('|') as [string, string];
      if (lineId === line.id && where !== station) add(where, { lineId: line.id, qtyDelta: -r.qty, signature, change: false });
    }
  }

  const now = clock.now();
  const tickets: KitchenTicketView[] = [];
  for (const [station, lines] of [...byStation.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const id = uuidv7(clock);
    db.prepare(`INSERT INTO kitchen_tickets (id, order_id, station, idempotency_key, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(id, input.orderId, station, input.idempotencyKey, input.staffId, now);
    const insertLine = db.prepare('INSERT INTO kitchen_ticket_lines (ticket_id, order_line_id, qty_delta, signature, is_change) VALUES (?, ?, ?, ?, ?)');
    for (const l of lines) insertLine.run(id, l.lineId, l.qtyDelta, l.signature, l.change ? 1 : 0);
    enqueueTicket(db, clock, settings, id, ticketModel(order, settings, station, lines, now, false));
    tickets.push(ticketView(db, id));
  }
  return tickets;
}

/** Prints a ticket again, marked REPRINT; the kitchen's "already sent" count is untouched. */
export function reprintKitchenTicket(
  db: Db, clock: Clock, settings: ShopSettings, input: { ticketId: string; staffId: string; idempotencyKey: string },
): KitchenTicketView {
  return db.transaction(() => {
    const existing = db.prepare('SELECT id FROM kitchen_tickets WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: string } | undefined;
    if (existing) return ticketView(db, existing.id);
    const original = ticketView(db, input.ticketId);
    const source = original.reprintOf ?? original.id;
    const order = readOrderSnapshot(db, original.orderId);
    const id = uuidv7(clock);
    const now = clock.now();
    db.prepare(`INSERT INTO kitchen_tickets (id, order_id, station, idempotency_key, reprint_of, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, original.orderId, original.station, input.idempotencyKey, source, input.staffId, now);
    const lines = original.lines.map((l) => ({ lineId: l.orderLineId, qtyDelta: l.qtyDelta, change: l.change }));
    enqueueTicket(db, clock, settings, id, ticketModel(order, settings, original.station, lines, now, true));
    return ticketView(db, id);
  }).immediate();
}

/**
 * "Print elsewhere": the kitchen printer is down, so the ticket goes to another printer, laid
 * out for that printer's paper and code page. Not a reprint: the ticket was never printed.
 */
export function printKitchenTicketOn(db: Db, clock: Clock, settings: ShopSettings, ticketId: string, printer: PrinterSettings): PrintJobView {
  const ticket = ticketView(db, ticketId);
  const order = readOrderSnapshot(db, ticket.orderId);
  const lines = ticket.lines.map((l) => ({ lineId: l.orderLineId, qtyDelta: l.qtyDelta, change: l.change }));
  const [job] = enqueueTicketOn(db, clock, ticket.id, ticketModel(order, settings, ticket.station, lines, ticket.createdAt, ticket.reprintOf !== null), [printer]);
  if (!job) throw new PosError('PRINTER_NOT_FOUND', 'No such printer', { printerId: printer.id });
  return job;
}
