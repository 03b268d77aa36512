/**
 * The table's order slip on paper (issue 15: myDATA document 8.6, "Δελτίο Παραγγελίας
 * Εστίασης"): a small customer-facing slip printed on the receipt printer when an order is sent,
 * if fiscal documents are on and the owner asked for it. Not the kitchen ticket (that goes to
 * the stations, without prices): the shop, the document, the table, what was ordered and its
 * amount, and AADE's ΜΑΡΚ and QR, or "pending transmission".
 */
import { EscPosBuilder, toPrintableText } from './escpos';
import type { FiscalPrint } from './fiscal-block';
import { writeFiscalFoot, writeFiscalTitle } from './fiscal-escpos';
import { receiptLabels, type ReceiptLanguage } from './labels';
import { charsPerLine, leftRight, rule, wrapText } from './layout';
import { formatMoney } from './money-format';
import type { PrinterFormat } from './receipt-escpos';
import { formatIssuedAt } from './receipt-model';

export interface OrderSlipModel {
  businessName: string;
  addressLines: string[];
  fiscal: FiscalPrint;
  orderNumber: number;
  tableName: string | null;
  staffName: string | null;
  /** When the slip was issued (ms). */
  at: number;
  timeZone: string;
  locale: string;
  currency: string;
  language: ReceiptLanguage;
  /** What this slip covers: the lines sent with it. */
  lines: { qty: number; name: string; amountCents: number }[];
  totalCents: number;
  reprint: boolean;
}

export function renderOrderSlipEscPos(model: OrderSlipModel, printer: PrinterFormat): Buffer {
  const width = charsPerLine(printer.paper);
  const labels = receiptLabels(model.language);
  const money = (cents: number) => formatMoney(cents, model);
  const t = (text: string) => toPrintableText(text, printer.codePage);
  const out = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init();
  const put = (texts: string[]) => texts.forEach((x) => out.line(x));
  const lr = (left: string, right: string) => put(leftRight(t(left), t(right), width));

  out.align('center').bold(true);
  if (model.reprint) put(wrapText(t(labels.reprint), width));
  put(wrapText(t(model.businessName), width));
  out.bold(false);
  for (const text of model.addressLines) put(wrapText(t(text), width));
  out.line();
  writeFiscalTitle(out, model.fiscal, printer);
  out.line().bold(true);
  lr(model.tableName ? `${labels.table} ${model.tableName}` : `${labels.order} #${model.orderNumber}`, model.tableName ? `#${model.orderNumber}` : '');
  out.bold(false);
  lr(formatIssuedAt({ issuedAt: new Date(model.at).toISOString(), timeZone: model.timeZone, locale: model.locale }), model.staffName ?? '');
  out.line(rule(width));
  for (const line of model.lines) lr(`${line.qty} x ${line.name}`, money(line.amountCents));
  out.line(rule(width)).bold(true);
  lr(labels.total, money(model.totalCents));
  out.bold(false);
  writeFiscalFoot(out, model.fiscal, printer);
  return out.cut(4).bytes();
}
