/**
 * "The bill, please": a table's running bill printed on the receipt printer before payment,
 * headed BILL so nobody takes it for a receipt. It is its own print (ref `bill:<orderId>`),
 * so the receipt printed after payment is still the original, not a REPRINT; the floor plan
 * shows the table as "bill printed" until something is added.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { enqueuePrintJob, type PrintJobView } from '../../print/print-queue';
import { getOrderRow } from '../orders/order-view';
import { buildCustomerReceipt } from '../receipts/build-receipt';
import { renderReceiptEscPos } from '../receipts/receipt-escpos';
import type { ShopSettings } from '../settings/settings-schema';
import { printersForStation } from '../settings/settings-store';

const BILL = { en: '*** BILL - NOT A RECEIPT ***', el: '*** ΛΟΓΑΡΙΑΣΜΟΣ - ΔΕΝ ΕΙΝΑΙ ΑΠΟΔΕΙΞΗ ***' } as const;

export const billRef = (orderId: string): string => `bill:${orderId}`;

export function printTableBill(db: Db, clock: Clock, settings: ShopSettings, input: { orderId: string; idempotencyKey?: string | undefined }): { job: PrintJobView; duplicate: boolean } {
  const printer = printersForStation(settings, 'receipt')[0];
  if (!printer || !printer.enabled) throw new PosError('PRINTER_NOT_FOUND', 'No receipt printer is set up', { printerId: null });
  return db.transaction(() => {
    const order = getOrderRow(db, input.orderId);
    if (order.status !== 'draft' && order.status !== 'open') {
      throw new PosError('ORDER_NOT_EDITABLE', `This order is ${order.status}: print its receipt instead`, { orderId: order.id, status: order.status });
    }
    const receipt = buildCustomerReceipt(db, settings, order.id, { reprint: false, now: clock.now() });
    if (receipt.lines.length === 0) throw new PosError('ORDER_EMPTY', 'Nothing on this bill yet', { orderId: order.id });
    const model = { ...receipt, headerLines: [BILL[settings.language], ...receipt.headerLines] };
    return enqueuePrintJob(db, clock, {
      printerId: printer.id, kind: 'receipt', ref: billRef(order.id),
      description: `BILL #${model.orderNumber}`,
      payload: renderReceiptEscPos(model, { paper: printer.paper, codePage: printer.codePage, codePageNumber: printer.codePageNumber }),
      idempotencyKey: input.idempotencyKey ? `bill:${input.idempotencyKey}` : null,
    });
  }).immediate();
}
