import { z } from 'zod';
import { defineCommand } from '../../api/command';
import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import { PosError } from '../../errors';
import { centsSchema } from '../../money';
import { enqueuePrintJob, wasPrinted, type PrintJobView } from '../../print/print-queue';
import { kickCashDrawer } from '../../print/cash-drawer';
import { kickPrintQueue } from '../../print/print-service';
import { findPrinter, getSettings, printersForStation } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';
import { renderShiftReportEscPos } from './shift-report-escpos';
import type { ShiftSummary } from './shift-summary';
import { closeShift, currentShift, floatSuggestion, getZReport, listShifts, listZReports, openShift, recordCashMovement, xReport } from './shifts';

const reason = z.string().trim().min(1).max(200);
const printerId = z.string().min(1).max(40).optional();

function queueShiftReport(db: Db, clock: Clock, summary: ShiftSummary, kind: 'X' | 'Z', number: number | undefined, wantedPrinter: string | undefined): PrintJobView {
  const settings = getSettings(db);
  const printer = wantedPrinter ? findPrinter(settings, wantedPrinter) : printersForStation(settings, 'receipt')[0];
  if (!printer) throw new PosError('PRINTER_NOT_FOUND', 'No receipt printer is set up', { printerId: wantedPrinter ?? null });
  const ref = kind === 'Z' ? `z:${number}` : null;
  const reprint = ref !== null && wasPrinted(db, 'report', ref);
  const payload = renderShiftReportEscPos(summary, { kind, ...(number !== undefined ? { number } : {}), reprint }, settings, printer);
  const { job } = enqueuePrintJob(db, clock, {
    printerId: printer.id, kind: 'report', ref, payload,
    description: kind === 'Z' ? `${reprint ? 'REPRINT ' : ''}Z #${number}` : `X shift #${summary.shiftNumber}`,
  });
  kickPrintQueue();
  return job;
}

/** Cash put in or taken out: the drawer opens for it (once per movement). */
function withDrawer<T extends { id: string }>(db: Db, clock: Clock, description: string, movement: T): T {
  kickCashDrawer(db, clock, getSettings(db), { key: `cash:${movement.id}`, description });
  kickPrintQueue();
  return movement;
}

export const shiftCommands = {
  'shift.current': defineCommand({
    input: z.object({}),
    permission: 'order.sell',
    run: (ctx) => currentShift(ctx.db),
  }),
  'shift.list': defineCommand({
    input: z.object({ limit: z.number().int().min(1).max(200).default(30), beforeNumber: z.number().int().positive().optional() }),
    permission: 'reports.read',
    run: (ctx, input) => listShifts(ctx.db, input.limit, input.beforeNumber),
  }),
  /** The cash counted at the last close, for the next opening float (null before the first close). */
  'shift.floatSuggestion': defineCommand({
    input: z.object({}),
    permission: 'shift.open',
    run: (ctx) => floatSuggestion(ctx.db),
  }),
  'shift.open': defineCommand({
    input: z.object({ openingFloatCents: centsSchema }),
    permission: 'shift.open',
    run: (ctx, input) => openShift(ctx.db, ctx.clock, requireStaff(ctx.staff).id, input.openingFloatCents),
  }),
  'shift.cashIn': defineCommand({
    input: z.object({ amountCents: centsSchema.min(1), reason }),
    permission: 'cash.in',
    run: (ctx, input) => withDrawer(ctx.db, ctx.clock, 'Cash in', recordCashMovement(ctx.db, ctx.clock, requireStaff(ctx.staff).id, { kind: 'in', ...input })),
  }),
  'shift.cashOut': defineCommand({
    input: z.object({ amountCents: centsSchema.min(1), reason }),
    permission: 'cash.out',
    run: (ctx, input) => withDrawer(ctx.db, ctx.clock, 'Cash out', recordCashMovement(ctx.db, ctx.clock, requireStaff(ctx.staff).id, { kind: 'out', ...input })),
  }),
  /** X-report: cashiers may look at the running shift; nothing changes. */
  'shift.xReport': defineCommand({
    input: z.object({ print: z.boolean().default(false), printerId }),
    permission: 'shift.open',
    run: (ctx, input) => {
      const summary = xReport(ctx.db, ctx.clock);
      const job = input.print ? queueShiftReport(ctx.db, ctx.clock, summary, 'X', undefined, input.printerId) : null;
      return { summary, printJob: job };
    },
  }),
  /** Close with the counted cash: the Z-report is committed before anything is printed. */
  'shift.close': defineCommand({
    input: z.object({ countedCashCents: centsSchema, note: z.string().trim().max(500).optional(), print: z.boolean().default(true), printerId }),
    permission: 'shift.close',
    run: (ctx, input) => {
      const z = closeShift(ctx.db, ctx.clock, requireStaff(ctx.staff).id, { countedCashCents: input.countedCashCents, ...(input.note ? { note: input.note } : {}) });
      let printJob: PrintJobView | null = null;
      let printError: { code: string; message: string } | null = null;
      if (input.print) {
        // The shift is closed either way; a missing printer is reported, not thrown.
        try {
          printJob = queueShiftReport(ctx.db, ctx.clock, z.summary, 'Z', z.number, input.printerId);
        } catch (e) {
          if (!(e instanceof PosError)) throw e;
          printError = { code: e.code, message: e.message };
        }
      }
      return { zReport: z, printJob, printError };
    },
  }),
  'shift.zReport': defineCommand({
    input: z.object({ number: z.number().int().positive() }),
    permission: 'shift.close',
    run: (ctx, input) => getZReport(ctx.db, input.number),
  }),
  'shift.listZReports': defineCommand({
    input: z.object({ limit: z.number().int().min(1).max(200).default(30), beforeNumber: z.number().int().positive().optional() }),
    permission: 'shift.close',
    run: (ctx, input) => listZReports(ctx.db, input.limit, input.beforeNumber),
  }),
  /** Prints a Z-report from its frozen snapshot; every print after the first says REPRINT. */
  'shift.printZReport': defineCommand({
    input: z.object({ number: z.number().int().positive(), printerId }),
    permission: 'shift.close',
    run: (ctx, input) => {
      const z = getZReport(ctx.db, input.number);
      return queueShiftReport(ctx.db, ctx.clock, z.summary, 'Z', z.number, input.printerId);
    },
  }),
};
