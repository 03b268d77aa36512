/** Dining tables and their running bills: open, move to another table, merge two bills. */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { getOrder, getOrderRow, recalculateOrder } from '../orders/order-view';
import type { OrderView } from '../orders/order-view';
import { assertEditable, insertOrder } from '../orders/orders';
import type { SessionStaff } from '../staff/permissions';
import { sql } from '../../db/statements';

export interface DiningTable { id: string; name: string; area: string; seats: number; position: number; archived: boolean }
/**
 * What the floor plan shows: free (no bill), seated (a bill, nothing ordered yet), ordered
 * (items on the bill), billPrinted (the bill was printed after the last item was added).
 */
export type TableState = 'free' | 'seated' | 'ordered' | 'billPrinted';
export interface TableStatus extends DiningTable {
  orderId: string | null; orderNumber: number | null; totalCents: number; paidCents: number; openedAt: number | null; guests: number | null;
  state: TableState;
}

interface TableRow { id: string; name: string; area: string; seats: number; position: number; archived: number }
const toTable = (r: TableRow): DiningTable => ({ id: r.id, name: r.name, area: r.area, seats: r.seats, position: r.position, archived: r.archived === 1 });

function getTable(db: Db, id: string): DiningTable {
  const r = sql(db, 'SELECT * FROM dining_tables WHERE id = ?').get(id) as TableRow | undefined;
  if (!r) throw new PosError('TABLE_NOT_FOUND', 'No such table', { id });
  return toTable(r);
}

function uniqueName<T>(fn: () => T, name: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && /UNIQUE constraint failed: dining_tables.name/.test(e.message)) throw new PosError('CONFLICT', 'A table with this name exists', { name });
    throw e;
  }
}

export function createTable(db: Db, clock: Clock, input: { name: string; area: string; seats: number }): DiningTable {
  // A deleted table's name is free again: the old row (kept for its orders' history) comes back.
  const old = sql(db, 'SELECT id FROM dining_tables WHERE name = ? AND archived = 1').get(input.name) as { id: string } | undefined;
  if (old) return updateTable(db, { id: old.id, area: input.area, seats: input.seats, archived: false });
  const id = uuidv7(clock);
  const pos = (sql(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM dining_tables').get() as { p: number }).p;
  uniqueName(() => sql(db, 'INSERT INTO dining_tables (id, name, area, seats, position, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, input.name, input.area, input.seats, pos, clock.now()), input.name);
  return getTable(db, id);
}

export function updateTable(db: Db, input: { id: string; name?: string | undefined; area?: string | undefined; seats?: number | undefined; position?: number | undefined; archived?: boolean | undefined }): DiningTable {
  const cur = getTable(db, input.id);
  if (input.archived === true && !cur.archived) {
    const busy = openOrderOfTable(db, cur.id);
    if (busy) throw new PosError('TABLE_OCCUPIED', 'This table has a running bill; settle or move it first', { tableId: cur.id, orderId: busy });
  }
  uniqueName(() => sql(db, 'UPDATE dining_tables SET name = ?, area = ?, seats = ?, position = ?, archived = ? WHERE id = ?').run(
    input.name ?? cur.name, input.area ?? cur.area, input.seats ?? cur.seats, input.position ?? cur.position, (input.archived ?? cur.archived) ? 1 : 0, cur.id,
  ), input.name ?? cur.name);
  return getTable(db, cur.id);
}

/**
 * Deletes a free table. One that ever had orders is archived instead (its orders keep their
 * table name); a table with a running bill is refused with TABLE_OCCUPIED.
 */
export function deleteTable(db: Db, id: string): { deleted: 'removed' | 'archived' } {
  return db.transaction(() => {
    const table = getTable(db, id);
    const busy = openOrderOfTable(db, table.id);
    if (busy) throw new PosError('TABLE_OCCUPIED', 'This table has a running bill; settle or move it first', { tableId: table.id, orderId: busy });
    const used = sql(db, 'SELECT 1 FROM orders WHERE table_id = ? LIMIT 1').get(table.id) !== undefined;
    if (used) {
      sql(db, 'UPDATE dining_tables SET archived = 1 WHERE id = ?').run(table.id);
      return { deleted: 'archived' as const };
    }
    sql(db, 'DELETE FROM dining_tables WHERE id = ?').run(table.id);
    return { deleted: 'removed' as const };
  }).immediate();
}

/** The floor plan: every table with its running bill, if any. */
export function listTables(db: Db): TableStatus[] {
  const rows = sql(db, `SELECT t.*, o.id AS order_id, o.number AS order_number, o.total_cents, o.paid_cents, o.created_at AS opened_at, o.guests,
      (SELECT MAX(l.created_at) FROM order_lines l WHERE l.order_id = o.id AND l.status = 'active') AS last_line_at,
      (SELECT MAX(p.created_at) FROM print_jobs p WHERE p.ref IN (o.id, 'bill:' || o.id) AND p.kind = 'receipt' AND p.status <> 'cancelled') AS bill_printed_at
    FROM dining_tables t LEFT JOIN orders o ON o.table_id = t.id AND o.status IN ('draft', 'open')
    WHERE t.archived = 0 ORDER BY t.area, t.position, t.name`).all() as (TableRow & {
    order_id: string | null; order_number: number | null; total_cents: number | null; paid_cents: number | null; opened_at: number | null; guests: number | null;
    last_line_at: number | null; bill_printed_at: number | null;
  })[];
  const stateOf = (r: (typeof rows)[number]): TableState => {
    if (r.order_id === null) return 'free';
    if (r.last_line_at === null) return 'seated';
    return r.bill_printed_at !== null && r.bill_printed_at >= r.last_line_at ? 'billPrinted' : 'ordered';
  };
  return rows.map((r) => ({
    ...toTable(r), orderId: r.order_id, orderNumber: r.order_number, totalCents: r.total_cents ?? 0, paidCents: r.paid_cents ?? 0,
    openedAt: r.opened_at, guests: r.guests, state: stateOf(r),
  }));
}

function openOrderOfTable(db: Db, tableId: string): string | null {
  const r = sql(db, "SELECT id FROM orders WHERE table_id = ? AND status IN ('draft', 'open')").get(tableId) as { id: string } | undefined;
  return r?.id ?? null;
}

/** Opens a running bill on a free table; on a busy table, returns the bill already running there. */
export function openTable(deps: { db: Db; clock: Clock }, staff: SessionStaff, input: { tableId: string; guests?: number | null | undefined }): OrderView {
  const { db } = deps;
  const id = db.transaction(() => {
    const table = getTable(db, input.tableId);
    if (table.archived) throw new PosError('TABLE_NOT_FOUND', 'This table is archived', { id: table.id });
    return openOrderOfTable(db, table.id) ?? insertOrder(deps, staff, { tableId: table.id, guests: input.guests, status: 'open' });
  }).immediate();
  return getOrder(db, id);
}

/** Puts an order (with a table or not) on a free table. */
export function moveOrderToTable({ db, clock }: { db: Db; clock: Clock }, input: { orderId: string; toTableId: string }): OrderView {
  db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    assertEditable(order);
    getTable(db, input.toTableId);
    const busy = openOrderOfTable(db, input.toTableId);
    if (busy && busy !== order.id) throw new PosError('TABLE_OCCUPIED', 'That table already has a bill; merge instead', { tableId: input.toTableId, orderId: busy });
    sql(db, "UPDATE orders SET table_id = ?, status = 'open', updated_at = ? WHERE id = ?").run(input.toTableId, clock.now(), order.id);
  }).immediate();
  return getOrder(db, input.orderId);
}

/** Moves every line of the source table's bill onto the target's; the source bill ends as `merged`. */
export function mergeTables({ db, clock }: { db: Db; clock: Clock }, input: { fromTableId: string; intoTableId: string }): OrderView {
  if (input.fromTableId === input.intoTableId) throw new PosError('CONFLICT', 'Cannot merge a table into itself');
  const targetId = db.transaction(() => {
    const fromId = openOrderOfTable(db, input.fromTableId);
    const intoId = openOrderOfTable(db, input.intoTableId);
    if (!fromId) throw new PosError('TABLE_FREE', 'The table to merge has no bill', { tableId: input.fromTableId });
    if (!intoId) throw new PosError('TABLE_FREE', 'The target table has no bill; move instead', { tableId: input.intoTableId });
    const from = getOrderRow(db, fromId);
    if (from.paid_cents !== 0) throw new PosError('TABLE_HAS_PAYMENTS', 'The table to merge has part payments', { orderId: from.id, paidCents: from.paid_cents });
    if (from.discount_kind) throw new PosError('CONFLICT', 'Remove the bill discount of the table to merge first', { orderId: from.id });
    const now = clock.now();
    const start = (sql(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM order_lines WHERE order_id = ?').get(intoId) as { p: number }).p;
    sql(db, `UPDATE order_lines SET order_id = ?, position = ? + position WHERE order_id = ? AND status = 'active'`).run(intoId, start, from.id);
    sql(db, "UPDATE orders SET status = 'merged', merged_into_order_id = ?, table_id = NULL, updated_at = ? WHERE id = ?").run(intoId, now, from.id);
    recalculateOrder(db, from.id, now);
    recalculateOrder(db, intoId, now);
    const into = getOrderRow(db, intoId);
    sql(db, 'UPDATE orders SET guests = ? WHERE id = ?').run(into.guests === null && from.guests === null ? null : (into.guests ?? 0) + (from.guests ?? 0), intoId);
    return intoId;
  }).immediate();
  return getOrder(db, targetId);
}
