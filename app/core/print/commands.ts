import { z } from 'zod';
import { defineCommand } from '../api/command';
import { EscPosBuilder } from '../pos/receipts/escpos';
import { charsPerLine, rule } from '../pos/receipts/layout';
import { getSettings, findPrinter } from '../pos/settings/settings-store';
import { PosError } from '../errors';
import { writeAudit } from '../pos/staff/audit';
import { requireStaff } from '../pos/staff/permissions';
import { drawerPrinter, kickCashDrawer } from './cash-drawer';
import { cancelPrintJob, enqueuePrintJob, listPrintJobs, retryPrintJobNow } from './print-queue';
import { kickPrintQueue } from './print-service';
import { movePrintJob } from './move-job';

const jobId = z.string().min(1).max(64);

export const printCommands = {
  /** The queue as screens show it: pending jobs with their last error (PRINTER_OFFLINE…). */
  'print.jobs': defineCommand({
    /** `ids`: just these jobs (the till watching what it just sent). */
    input: z.object({ status: z.enum(['pending', 'printed', 'cancelled']).optional(), limit: z.number().int().min(1).max(500).default(50), ids: z.array(jobId).max(50).optional() }),
    permission: 'order.sell',
    run: (ctx, input) => listPrintJobs(ctx.db, input),
  }),
  'print.retry': defineCommand({
    input: z.object({ jobId }),
    permission: 'order.sell',
    run: (ctx, input) => {
      const job = retryPrintJobNow(ctx.db, ctx.clock, input.jobId);
      kickPrintQueue();
      return job;
    },
  }),
  /** "Print elsewhere": the waiting job goes to another printer instead (kitchen tickets laid out for it). */
  'print.move': defineCommand({
    input: z.object({ jobId, printerId: z.string().min(1).max(40) }),
    permission: 'order.sell',
    run: (ctx, input) => {
      const job = movePrintJob(ctx.db, ctx.clock, getSettings(ctx.db), input);
      kickPrintQueue();
      return job;
    },
  }),
  'print.cancel': defineCommand({
    input: z.object({ jobId }),
    permission: 'order.sell',
    run: (ctx, input) => cancelPrintJob(ctx.db, input.jobId),
  }),
  /** "No sale": a manager opens the drawer without a sale (change for a note); audited. */
  'drawer.open': defineCommand({
    input: z.object({ reason: z.string().trim().max(200).default(''), idempotencyKey: z.string().min(8).max(100) }),
    permission: 'cash.out',
    run: (ctx, input) => {
      const settings = getSettings(ctx.db);
      if (!drawerPrinter(settings)) throw new PosError('PRINTER_NOT_FOUND', 'No printer has the cash drawer: mark one in Settings → Printers', { cashDrawer: true });
      const staff = requireStaff(ctx.staff);
      const job = ctx.db.transaction(() => {
        const key = `nosale:${input.idempotencyKey}`;
        const again = ctx.db.prepare("SELECT 1 FROM print_jobs WHERE idempotency_key = ?").get(`drawer:${key}`);
        if (!again) writeAudit(ctx.db, ctx.clock, { staffId: staff.id, action: 'drawer.noSale', entity: 'drawer', details: { reason: input.reason } });
        return kickCashDrawer(ctx.db, ctx.clock, settings, { key, description: 'No sale' });
      })();
      kickPrintQueue();
      return job;
    },
  }),
  /** Settings → printers → "test print": Greek and the paper width, so a wrong code page shows at once. */
  'print.test': defineCommand({
    input: z.object({ printerId: z.string().min(1).max(40) }),
    permission: 'settings.write',
    run: (ctx, input) => {
      const settings = getSettings(ctx.db);
      const printer = findPrinter(settings, input.printerId);
      if (!printer) throw new PosError('PRINTER_NOT_FOUND', `No printer "${input.printerId}"`, { printerId: input.printerId });
      const width = charsPerLine(printer.paper);
      const payload = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init().align('center').bold(true).line('POSPal').bold(false)
        .line(printer.name).line(`${printer.host}:${printer.port} · ${printer.paper} mm · ${printer.codePage}`)
        .line('Καλημέρα! Ελληνικά: άέήίόύώ ΆΈΉΊΌΎΏ ϊϋ').line('€ 1.234,56').align('left').line(rule(width)).line('1234567890'.repeat(5).slice(0, width))
        .cut(4).bytes();
      const { job } = enqueuePrintJob(ctx.db, ctx.clock, { printerId: printer.id, kind: 'test', description: `Test ${printer.name}`, payload });
      kickPrintQueue();
      return job;
    },
  }),
};
