import { z } from 'zod';
import { defineCommand } from '../api/command';
import { EscPosBuilder } from '../pos/receipts/escpos';
import { charsPerLine, rule } from '../pos/receipts/layout';
import { getSettings, findPrinter } from '../pos/settings/settings-store';
import { PosError } from '../errors';
import { cancelPrintJob, enqueuePrintJob, listPrintJobs, retryPrintJobNow } from './print-queue';
import { kickPrintQueue } from './print-service';

const jobId = z.string().min(1).max(64);

export const printCommands = {
  /** The queue as screens show it: pending jobs with their last error (PRINTER_OFFLINE…). */
  'print.jobs': defineCommand({
    input: z.object({ status: z.enum(['pending', 'printed', 'cancelled']).optional(), limit: z.number().int().min(1).max(500).default(50) }),
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
  'print.cancel': defineCommand({
    input: z.object({ jobId }),
    permission: 'order.sell',
    run: (ctx, input) => cancelPrintJob(ctx.db, input.jobId),
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
