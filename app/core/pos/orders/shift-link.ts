/**
 * Sales and payments are tagged with the open shift (shifts live in POS-B's 002 migration;
 * orders.shift_id has no FK so the ledger does not depend on that module).
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

const hasShifts = new WeakMap<Db, boolean>();

export function openShiftId(db: Db): string | null {
  let has = hasShifts.get(db);
  if (has === undefined) {
    has = sql(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shifts'").get() !== undefined;
    hasShifts.set(db, has);
  }
  if (!has) return null;
  const row = sql(db, "SELECT id FROM shifts WHERE status = 'open' LIMIT 1").get() as { id: string } | undefined;
  return row?.id ?? null;
}
