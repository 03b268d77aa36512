/**
 * Whether the kitchen has seen a line (POS-B's kitchen tickets, migration 002). Such a line
 * is never deleted, even on a draft: removing it is a void, because someone may be cooking it.
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

const hasTickets = new WeakMap<Db, boolean>();

export function lineSentToKitchen(db: Db, lineId: string): boolean {
  let has = hasTickets.get(db);
  if (has === undefined) {
    has = sql(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kitchen_ticket_lines'").get() !== undefined;
    hasTickets.set(db, has);
  }
  return has && sql(db, 'SELECT 1 FROM kitchen_ticket_lines WHERE order_line_id = ? LIMIT 1').get(lineId) !== undefined;
}
