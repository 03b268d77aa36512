import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { enqueuePrintJob, wasPrinted, type PrintJobView } from '../../print/print-queue';
import type { ShopSettings } from '../settings/settings-schema';
import { findPrinter, printersForStation } from '../settings/settings-store';
import { buildCustomerReceipt } from './build-receipt';
import { renderReceiptEscPos } from './receipt-escpos';
import { renderReceiptHtml } from './receipt-html';
import { partRef, type ReceiptPart } from './part-receipt';

/**
 * Queues an order's customer receipt on the receipt printer (or the one named). The first print
 * is the original; any later one is marked REPRINT, whoever asks. The idempotency key (one per
 * click) keeps a double click from printing twice.
 */
export function printCustomerReceipt(
  db: Db, clock: Clock, settings: ShopSettings,
  input: { orderId: string; printerId?: string | undefined; idempotencyKey?: string | undefined; part?: ReceiptPart | undefined },
): { job: PrintJobView; duplicate: boolean; reprint: boolean } {
  const printer = input.printerId ? findPrinter(settings, input.printerId) : printersForStation(settings, 'receipt')[0];
  if (!printer || !printer.enabled) {
    throw new PosError('PRINTER_NOT_FOUND', input.printerId ? `No enabled printer "${input.printerId}"` : 'No receipt printer is set up', {
      printerId: input.printerId ?? null,
    });
  }
  return db.transaction(() => {
    const ref = input.part ? partRef(input.orderId, input.part) : input.orderId;
    const reprint = wasPrinted(db, 'receipt', ref);
    const model = buildCustomerReceipt(db, settings, input.orderId, { reprint, now: clock.now(), part: input.part });
    const { job, duplicate } = enqueuePrintJob(db, clock, {
      printerId: printer.id,
      kind: 'receipt',
      ref,
      description: `${reprint ? 'REPRINT ' : ''}#${model.orderNumber}${input.part ? ' (split)' : ''}`,
      payload: renderReceiptEscPos(model, { paper: printer.paper, codePage: printer.codePage, codePageNumber: printer.codePageNumber }),
      idempotencyKey: input.idempotencyKey ? `receipt:${input.idempotencyKey}` : null,
    });
    return { job, duplicate, reprint: duplicate ? job.description.startsWith('REPRINT') : reprint };
  }).immediate();
}

/** The receipt as a standalone HTML page (screen preview, "save as PDF"). Never marked as a reprint. */
export function customerReceiptHtml(db: Db, clock: Clock, settings: ShopSettings, orderId: string, part?: ReceiptPart): string {
  return renderReceiptHtml(buildCustomerReceipt(db, settings, orderId, { reprint: false, now: clock.now(), part }));
}
