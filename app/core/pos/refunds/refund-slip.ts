/**
 * The printed refund slip: what was handed back, for which order, by whom and why, with the
 * VAT it takes back per rate (the same rule as the VAT report: a line's VAT in proportion,
 * an amount spread over the order's rates). Printed on the receipt printer through the print
 * queue, in the shop's language; a printer that is off keeps it pending like any receipt.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { PosError } from '../../errors';
import { enqueuePrintJob, wasPrinted, type PrintJobView } from '../../print/print-queue';
import { EscPosBuilder, toPrintableText } from '../receipts/escpos';
import { fiscalPrintFor, type FiscalPrint } from '../receipts/fiscal-block';
import { writeFiscalFoot, writeFiscalTitle } from '../receipts/fiscal-escpos';
import { paymentMethodLabel, receiptLabels } from '../receipts/labels';
import { charsPerLine, leftRight, rule, wrapText } from '../receipts/layout';
import { formatMoney, formatRate } from '../receipts/money-format';
import type { PrinterFormat } from '../receipts/receipt-escpos';
import { formatIssuedAt } from '../receipts/receipt-model';
import type { ShopSettings } from '../settings/settings-schema';
import { printersForStation } from '../settings/settings-store';
import { getRefund } from './refunds';
import { refundTaxParts } from './refund-tax';

const WORDS = {
  en: { title: 'REFUND', original: 'Original sale', refunded: 'Refunded', amount: 'Amount refunded', reason: 'Reason', by: 'Refunded by', vatBack: 'VAT refunded', total: 'TOTAL REFUNDED', signature: 'Customer signature' },
  el: { title: 'ΕΠΙΣΤΡΟΦΗ', original: 'Αρχική πώληση', refunded: 'Επιστροφή', amount: 'Ποσό επιστροφής', reason: 'Αιτία', by: 'Επιστροφή από', vatBack: 'ΦΠΑ επιστροφής', total: 'ΣΥΝΟΛΟ ΕΠΙΣΤΡΟΦΗΣ', signature: 'Υπογραφή πελάτη' },
} as const;

export interface RefundSlipModel {
  refundId: string; orderNumber: number; tableName: string | null; staffName: string; reason: string; method: string;
  orderPaidAt: number | null; refundedAt: number; amountCents: number;
  /** Refund by lines: the lines and quantities handed back; empty for a refund by amount. */
  lines: { qty: number; name: string; amountCents: number }[];
  taxes: { rateBasisPoints: number; taxCents: number }[];
  reprint: boolean;
  /** The credit document (11.4) this refund is, when fiscal documents are on (issue 15). */
  fiscal?: FiscalPrint;
}

export function buildRefundSlip(db: Db, refundId: string, reprint: boolean): RefundSlipModel {
  const refund = getRefund(db, refundId);
  const order = sql(db, `SELECT o.number, o.paid_at AS paidAt, t.name AS tableName FROM orders o LEFT JOIN dining_tables t ON t.id = o.table_id WHERE o.id = ?`)
    .get(refund.orderId) as { number: number; paidAt: number | null; tableName: string | null };
  const staff = sql(db, 'SELECT name FROM staff WHERE id = ?').get(refund.staffId) as { name: string } | undefined;
  const lineInfo = sql(db, 'SELECT name FROM order_lines WHERE id = ?');
  const lines = refund.lines.map((l) => ({ qty: l.qty, name: (lineInfo.get(l.orderLineId) as { name: string }).name, amountCents: l.amountCents }));
  const taxes = new Map<number, number>();
  for (const part of refundTaxParts(db, refund)) taxes.set(part.rateBasisPoints, (taxes.get(part.rateBasisPoints) ?? 0) + part.taxCents);
  return {
    refundId, orderNumber: order.number, tableName: order.tableName, staffName: staff?.name ?? '', reason: refund.reason, method: refund.method,
    orderPaidAt: order.paidAt, refundedAt: refund.createdAt, amountCents: refund.amountCents, lines,
    taxes: [...taxes.entries()].filter(([, c]) => c !== 0).map(([rateBasisPoints, taxCents]) => ({ rateBasisPoints, taxCents })).sort((a, b) => b.rateBasisPoints - a.rateBasisPoints),
    reprint,
    ...fiscalOf(db, refund.orderId, refundId),
  };
}

/** The refund's 11.4 credit note, when fiscal documents are on. */
function fiscalOf(db: Db, orderId: string, refundId: string): { fiscal?: FiscalPrint } {
  const fiscal = fiscalPrintFor(db, { orderId, refundId });
  return fiscal ? { fiscal } : {};
}

export function renderRefundSlipEscPos(model: RefundSlipModel, settings: ShopSettings, printer: PrinterFormat): Buffer {
  const width = charsPerLine(printer.paper);
  const labels = receiptLabels(settings.language);
  const words = WORDS[settings.language];
  const fmt = { currency: settings.currency, locale: settings.locale };
  const money = (cents: number) => formatMoney(cents, fmt);
  const when = (ms: number) => formatIssuedAt({ issuedAt: new Date(ms).toISOString(), timeZone: settings.timeZone, locale: settings.locale });
  const t = (text: string) => toPrintableText(text, printer.codePage);
  const out = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init();
  const put = (texts: string[]) => texts.forEach((x) => out.line(x));
  const lr = (left: string, right: string) => put(leftRight(t(left), t(right), width));

  out.align('center').bold(true);
  if (model.reprint) put(wrapText(t(labels.reprint), width));
  put(wrapText(t(settings.business.name), width));
  out.size(2, 2);
  put(wrapText(t(words.title), Math.floor(width / 2)));
  out.size(1, 1).bold(false);
  if (settings.business.taxId && !model.fiscal) put(wrapText(t(`${labels.taxId} ${settings.business.taxId}`), width));
  if (model.fiscal) writeFiscalTitle(out, model.fiscal, printer);
  out.align('left').line();
  lr(`${labels.order} #${model.orderNumber}`, model.tableName ? `${labels.table} ${model.tableName}` : '');
  if (model.orderPaidAt !== null) lr(words.original, when(model.orderPaidAt));
  lr(words.refunded, when(model.refundedAt));
  lr(words.by, model.staffName);
  out.line(rule(width));
  if (model.lines.length > 0) {
    for (const l of model.lines) lr(`${l.qty} x ${l.name}`, money(-l.amountCents));
  } else {
    lr(words.amount, money(-model.amountCents));
  }
  out.line(rule(width));
  for (const tax of model.taxes) lr(`${words.vatBack} ${formatRate(tax.rateBasisPoints, settings.locale)}`, money(-tax.taxCents));
  out.bold(true).size(1, 2);
  lr(words.total, money(-model.amountCents));
  out.size(1, 1).bold(false);
  lr(paymentMethodLabel(model.method, labels), money(-model.amountCents));
  put(wrapText(t(`${words.reason}: ${model.reason}`), width));
  if (model.fiscal) writeFiscalFoot(out, model.fiscal, printer);
  out.line().line().line(rule(width)).align('center');
  put(wrapText(t(words.signature), width));
  out.align('left');
  return out.cut(4).bytes();
}

/** Queues the slip on the receipt printer; a second print of the same refund says REPRINT. */
export function printRefundSlip(db: Db, clock: Clock, settings: ShopSettings, input: { refundId: string; idempotencyKey?: string | undefined }): { job: PrintJobView; duplicate: boolean } {
  const printer = printersForStation(settings, 'receipt')[0];
  if (!printer || !printer.enabled) throw new PosError('PRINTER_NOT_FOUND', 'No receipt printer is set up', { printerId: null });
  return db.transaction(() => {
    const ref = `refund:${input.refundId}`;
    const model = buildRefundSlip(db, input.refundId, wasPrinted(db, 'receipt', ref));
    return enqueuePrintJob(db, clock, {
      printerId: printer.id, kind: 'receipt', ref,
      description: `${model.reprint ? 'REPRINT ' : ''}REFUND #${model.orderNumber}`,
      payload: renderRefundSlipEscPos(model, settings, { paper: printer.paper, codePage: printer.codePage, codePageNumber: printer.codePageNumber }),
      idempotencyKey: input.idempotencyKey ? `refund:${input.idempotencyKey}` : null,
    });
  }).immediate();
}
