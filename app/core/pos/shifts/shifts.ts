import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { writeAudit } from '../staff/audit';
import { computeShiftSummary, type ShiftSummary } from './shift-summary';

/**
 * Shifts and the cash drawer: open with a float, cash in/out with a reason, X-report at any
 * time, close with the counted cash into a numbered, immutable Z-report (see 002_operations.sql
 * for the triggers that keep closed shifts and Z-reports from ever changing). Sales, payments,
 * refunds and voids carry the id of the shift open when they happened (004); opening a shift
 * adopts those made while none was open.
 */
export interface ShiftRow {
  id: string;
  number: number;
  status: 'open' | 'closed';
  counts_from: number;
  opened_at: number;
  opened_by: string;
  opening_float_cents: number;
  closed_at: number | null;
  closed_by: string | null;
  counted_cash_cents: number | null;
  expected_cash_cents: number | null;
  close_note: string;
}

export interface ShiftView {
  id: string;
  number: number;
  status: 'open' | 'closed';
  openedAt: number;
  openedBy: string;
  openingFloatCents: number;
  closedAt: number | null;
  closedBy: string | null;
  countedCashCents: number | null;
  expectedCashCents: number | null;
  zReportNumber: number | null;
}

export interface ZReport {
  id: string;
  number: number;
  shiftId: string;
  createdAt: number;
  createdBy: string;
  summary: ShiftSummary;
}

function toView(db: Db, r: ShiftRow): ShiftView {
  const z = db.prepare('SELECT number FROM z_reports WHERE shift_id = ?').get(r.id) as { number: number } | undefined;
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    openingFloatCents: r.opening_float_cents,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    countedCashCents: r.counted_cash_cents,
    expectedCashCents: r.expected_cash_cents,
    zReportNumber: z?.number ?? null,
  };
}

function openRow(db: Db): ShiftRow | undefined {
  return db.prepare(`SELECT * FROM shifts WHERE status = 'open'`).get() as ShiftRow | undefined;
}

function requireOpenRow(db: Db): ShiftRow {
  const row = openRow(db);
  if (!row) throw new PosError('SHIFT_NOT_OPEN', 'No shift is open: open one with a cash float first');
  return row;
}

export function currentShift(db: Db): ShiftView | null {
  const row = openRow(db);
  return row ? toView(db, row) : null;
}

/** The open shift's id, for modules that stamp sales with it (null when none is open). */
export function currentShiftId(db: Db): string | null {
  return openRow(db)?.id ?? null;
}

export function getShift(db: Db, shiftId: string): ShiftView {
  const row = db.prepare('SELECT * FROM shifts WHERE id = ?').get(shiftId) as ShiftRow | undefined;
  if (!row) throw new PosError('SHIFT_NOT_FOUND', 'No such shift', { shiftId });
  return toView(db, row);
}

export function listShifts(db: Db, limit: number, beforeNumber?: number): ShiftView[] {
  const rows = db.prepare('SELECT * FROM shifts WHERE number < ? ORDER BY number DESC LIMIT ?')
    .all(beforeNumber ?? Number.MAX_SAFE_INTEGER, limit) as ShiftRow[];
  return rows.map((r) => toView(db, r));
}

/**
 * Sales, payments, refunds and voids made while no shift was open (card payments, or cash when
 * the shop allows it) are counted by the next shift to open: it stamps them now, in the same
 * transaction that opens it.
 */
function adoptUnstampedSales(db: Db, shiftId: string): void {
  db.prepare('UPDATE payments SET shift_id = ? WHERE shift_id IS NULL').run(shiftId);
  db.prepare('UPDATE refunds SET shift_id = ? WHERE shift_id IS NULL').run(shiftId);
  db.prepare('UPDATE orders SET shift_id = ? WHERE shift_id IS NULL AND paid_at IS NOT NULL').run(shiftId);
  db.prepare('UPDATE orders SET void_shift_id = ? WHERE void_shift_id IS NULL AND voided_at IS NOT NULL').run(shiftId);
}

export function openShift(db: Db, clock: Clock, staffId: string, openingFloatCents: number): ShiftView {
  return db.transaction(() => {
    const open = openRow(db);
    if (open) throw new PosError('SHIFT_ALREADY_OPEN', 'A shift is already open', { shiftId: open.id, number: open.number });
    const last = db.prepare('SELECT MAX(number) AS number, MAX(closed_at) AS closedAt FROM shifts').get() as
      { number: number | null; closedAt: number | null };
    const id = uuidv7(clock);
    db.prepare(`INSERT INTO shifts (id, number, status, counts_from, opened_at, opened_by, opening_float_cents) VALUES (?, ?, 'open', ?, ?, ?, ?)`)
      .run(id, (last.number ?? 0) + 1, last.closedAt ?? 0, clock.now(), staffId, openingFloatCents);
    adoptUnstampedSales(db, id);
    writeAudit(db, clock, { staffId, action: 'shift.open', entity: 'shift', entityId: id, details: { openingFloatCents } });
    return getShift(db, id);
  }).immediate();
}

export function recordCashMovement(
  db: Db, clock: Clock, staffId: string, input: { kind: 'in' | 'out'; amountCents: number; reason: string },
): { id: string; shiftId: string } {
  return db.transaction(() => {
    const shift = requireOpenRow(db);
    const id = uuidv7(clock);
    db.prepare(`INSERT INTO cash_movements (id, shift_id, kind, amount_cents, reason, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(id, shift.id, input.kind, input.amountCents, input.reason.trim(), staffId, clock.now());
    writeAudit(db, clock, {
      staffId, action: `cash.${input.kind}`, entity: 'shift', entityId: shift.id,
      details: { amountCents: input.amountCents, reason: input.reason.trim() },
    });
    return { id, shiftId: shift.id };
  }).immediate();
}

function windowOf(row: ShiftRow, until: number, countedCents: number | null) {
  return {
    shiftId: row.id,
    shiftNumber: row.number,
    countsFrom: row.counts_from,
    openedAt: row.opened_at,
    openedById: row.opened_by,
    openingFloatCents: row.opening_float_cents,
    until,
    closed: row.status === 'closed',
    countedCents,
  };
}

/** X-report: the open shift's figures up to now. Changes nothing. */
export function xReport(db: Db, clock: Clock): ShiftSummary {
  const row = requireOpenRow(db);
  return computeShiftSummary(db, windowOf(row, clock.now(), null));
}

/**
 * Closes the open shift: computes the figures, freezes them as the next Z-report and closes the
 * shift, all in one IMMEDIATE transaction so no payment can slip in between figures and close.
 */
export function closeShift(
  db: Db, clock: Clock, staffId: string, input: { countedCashCents: number; note?: string },
): ZReport {
  return db.transaction(() => {
    const row = requireOpenRow(db);
    // Sales count by their shift stamp (shift-summary.ts), and this IMMEDIATE transaction orders
    // the close against every payment: each one is stamped with this shift or comes after it.
    // closedAt only dates the report; a clock set back cannot end it before it started.
    const closedAt = Math.max(clock.now(), row.counts_from);
    const note = input.note?.trim() ?? '';
    // The note is part of the frozen Z-report, so it prints with it (issue 11 item 11).
    const summary: ShiftSummary = { ...computeShiftSummary(db, { ...windowOf(row, closedAt, input.countedCashCents), closed: true }), ...(note ? { closeNote: note } : {}) };
    db.prepare(`UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, counted_cash_cents = ?, expected_cash_cents = ?, close_note = ?
                WHERE id = ?`)
      .run(closedAt, staffId, input.countedCashCents, summary.cash.expectedCents, note, row.id);
    const number = ((db.prepare('SELECT MAX(number) AS n FROM z_reports').get() as { n: number | null }).n ?? 0) + 1;
    const id = uuidv7(clock);
    db.prepare('INSERT INTO z_reports (id, number, shift_id, snapshot, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, number, row.id, JSON.stringify(summary), closedAt, staffId);
    writeAudit(db, clock, {
      staffId, action: 'shift.close', entity: 'shift', entityId: row.id,
      details: { zNumber: number, expectedCents: summary.cash.expectedCents, countedCents: input.countedCashCents, differenceCents: summary.cash.differenceCents },
    });
    return { id, number, shiftId: row.id, createdAt: closedAt, createdBy: staffId, summary };
  }).immediate();
}

/**
 * What the next shift's float can start from: the cash counted at the last close, still in the
 * drawer unless someone took it out (the opening form shows it; the manager confirms or edits).
 */
export function floatSuggestion(db: Db): { countedCashCents: number; shiftNumber: number; closedAt: number } | null {
  const last = db.prepare(`SELECT number, counted_cash_cents, closed_at FROM shifts WHERE status = 'closed' ORDER BY number DESC LIMIT 1`).get() as
    { number: number; counted_cash_cents: number | null; closed_at: number | null } | undefined;
  if (!last || last.counted_cash_cents === null || last.closed_at === null) return null;
  return { countedCashCents: last.counted_cash_cents, shiftNumber: last.number, closedAt: last.closed_at };
}

interface ZRow { id: string; number: number; shift_id: string; snapshot: string; created_at: number; created_by: string }

function toZ(r: ZRow): ZReport {
  return { id: r.id, number: r.number, shiftId: r.shift_id, createdAt: r.created_at, createdBy: r.created_by, summary: JSON.parse(r.snapshot) as ShiftSummary };
}

export function getZReport(db: Db, number: number): ZReport {
  const row = db.prepare('SELECT * FROM z_reports WHERE number = ?').get(number) as ZRow | undefined;
  if (!row) throw new PosError('Z_REPORT_NOT_FOUND', `No Z-report number ${number}`, { number });
  return toZ(row);
}

export function listZReports(db: Db, limit: number, beforeNumber?: number): Omit<ZReport, 'summary'>[] {
  const rows = db.prepare('SELECT id, number, shift_id, created_at, created_by FROM z_reports WHERE number < ? ORDER BY number DESC LIMIT ?')
    .all(beforeNumber ?? Number.MAX_SAFE_INTEGER, limit) as Omit<ZRow, 'snapshot'>[];
  return rows.map((r) => ({ id: r.id, number: r.number, shiftId: r.shift_id, createdAt: r.created_at, createdBy: r.created_by }));
}
