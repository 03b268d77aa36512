/**
 * Sales, payments, refunds and voids are stamped with the shift open when they happen, in the
 * same transaction (shifts live in 002; the ledger's shift_id columns have no FK so the ledger
 * does not depend on that module). No shift open: the stamp stays NULL and the next shift to
 * open adopts the row (shifts.ts), so its Z-report counts it. Cash is stricter: see
 * `assertCashAllowed`.
 */
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
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

/** The `allowCashWithoutShift` setting (pos/settings), read directly like shop-rules.ts. */
function cashWithoutShiftAllowed(db: Db): boolean {
  const row = sql(db, "SELECT value FROM settings WHERE key = 'allowCashWithoutShift'").get() as { value: string } | undefined;
  return row !== undefined && JSON.parse(row.value) === true;
}

/** Cash in or out of the drawer needs an open shift to count it, unless the shop allows otherwise. */
export function assertCashAllowed(db: Db, shiftId: string | null): void {
  if (shiftId === null && !cashWithoutShiftAllowed(db)) {
    throw new PosError('SHIFT_NOT_OPEN', 'Open a shift (count the float) before taking or giving back cash');
  }
}
