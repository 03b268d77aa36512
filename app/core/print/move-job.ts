/**
 * "Print elsewhere": a job stuck on a printer that does not answer is cancelled there and
 * queued on another enabled printer. A kitchen ticket is laid out again for the new printer's
 * paper and code page; anything else keeps its bytes (same layout, so pick a like printer).
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { PosError } from '../errors';
import { printKitchenTicketOn } from '../pos/receipts/kitchen-tickets';
import type { ShopSettings } from '../pos/settings/settings-schema';
import { findPrinter } from '../pos/settings/settings-store';
import { cancelPrintJob, enqueuePrintJob, getPrintJob, getPrintJobPayload, type PrintJobView } from './print-queue';

export function movePrintJob(db: Db, clock: Clock, settings: ShopSettings, input: { jobId: string; printerId: string }): PrintJobView {
  return db.transaction(() => {
    const job = getPrintJob(db, input.jobId);
    const target = findPrinter(settings, input.printerId);
    if (!target || !target.enabled) throw new PosError('PRINTER_NOT_FOUND', `No enabled printer "${input.printerId}"`, { printerId: input.printerId });
    if (job.status !== 'pending') throw new PosError('CONFLICT', 'This job is no longer waiting: it printed or was cancelled', { jobId: job.id, status: job.status });
    if (target.id === job.printerId) throw new PosError('CONFLICT', 'Choose another printer than the one that failed', { printerId: target.id });
    cancelPrintJob(db, job.id);
    if (job.kind === 'kitchen' && job.ref) return printKitchenTicketOn(db, clock, settings, job.ref, target);
    return enqueuePrintJob(db, clock, {
      printerId: target.id, kind: job.kind, ref: job.ref, description: job.description, payload: getPrintJobPayload(db, job.id),
      idempotencyKey: `moved:${job.id}:${target.id}`,
    }).job;
  })();
}
