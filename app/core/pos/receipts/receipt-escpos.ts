import { EscPosBuilder, toPrintableText, type CodePage } from './escpos';
import { PRINTABLE_DOTS } from './escpos-qr';
import { writeFiscalFoot, writeFiscalTitle } from './fiscal-escpos';
import { receiptLabels, paymentMethodLabel } from './labels';
import {
  charsPerLine,
  indented as layoutIndented,
  leftRight as layoutLeftRight,
  rule,
  wrapText as layoutWrap,
  type LeftRightOptions,
  type PaperWidth,
} from './layout';
import { formatMoney, formatRate } from './money-format';
import { formatIssuedAt, optionLabel, type ReceiptModel } from './receipt-model';

export interface PrinterFormat {
  paper: PaperWidth;
  codePage: CodePage;
  /** ESC t number when the printer does not use Epson's (null/absent: Epson's). */
  codePageNumber?: number | null;
}

/**
 * Renders a customer receipt to one ESC/POS job: init + code page, body, partial cut. Centred
 * blocks use the printer's own alignment (ESC a 1), so they are only wrapped here, not padded.
 */
export function renderReceiptEscPos(model: ReceiptModel, printer: PrinterFormat): Buffer {
  const width = charsPerLine(printer.paper);
  const labels = receiptLabels(model.language);
  const money = (cents: number) => formatMoney(cents, model);
  const out = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init();
  // Lay out the text as it will print (€ → EUR on CP737), or widths come out wrong.
  const t = (text: string) => toPrintableText(text, printer.codePage);
  const leftRight = (left: string, right: string, w: number, o?: LeftRightOptions) => layoutLeftRight(t(left), t(right), w, o);
  const wrapText = (text: string, w: number) => layoutWrap(t(text), w);
  const indented = (text: string, indent: number, w: number) => layoutIndented(t(text), indent, w);
  const lines = (texts: string[]) => texts.forEach((t) => out.line(t));

  if (model.reprint) {
    out.align('center').bold(true);
    lines(wrapText(labels.reprint, width));
    out.bold(false);
  }
  out.align('center').bold(true).size(2, 2);
  lines(wrapText(model.business.name, Math.floor(width / 2)));
  out.size(1, 1).bold(false);
  for (const text of model.business.addressLines) lines(wrapText(text, width));
  if (model.business.phone) lines(wrapText(`${labels.phone} ${model.business.phone}`, width));
  // A fiscal document prints the issuer's ΑΦΜ in its own block (the one AADE knows).
  if (model.business.taxId && !model.fiscal) lines(wrapText(`${labels.taxId} ${model.business.taxId}`, width));
  for (const text of model.headerLines) lines(wrapText(text, width));
  if (model.fiscal) {
    out.line();
    writeFiscalTitle(out, model.fiscal, printer);
  }
  out.align('left').line();

  out.bold(true);
  lines(leftRight(`${labels.order} #${model.orderNumber}`, model.tableName ? `${labels.table} ${model.tableName}` : '', width));
  out.bold(false);
  lines(leftRight(formatIssuedAt(model), model.staffName ?? '', width));
  if (model.partLabel) lines(wrapText(model.partLabel, width));
  out.line(rule(width));

  for (const line of model.lines) {
    const qty = `${line.quantity} x `;
    lines(leftRight(`${qty}${line.name}`, money(line.grossCents), width, { hang: qty.length }));
    // The line amount already includes option deltas; the delta is shown per unit, in brackets.
    for (const option of line.options) lines(indented(optionLabel(option.name, option.priceDeltaCents, money), 4, width));
    if (line.note) lines(indented(`${labels.note}: ${line.note}`, 4, width));
    if (line.discountCents !== 0) lines(leftRight(labels.discount, money(-line.discountCents), width, { indent: 4 }));
  }
  out.line(rule(width));

  lines(leftRight(labels.subtotal, money(model.subtotalCents), width));
  if (model.discountCents !== 0) lines(leftRight(labels.discount, money(-model.discountCents), width));
  for (const tax of model.taxes) {
    const rate = formatRate(tax.rateBasisPoints, model.locale);
    const suffix = model.taxMode === 'inclusive' ? ` (${labels.taxIncluded})` : '';
    lines(leftRight(`${labels.tax} ${rate}${suffix}`, money(tax.taxCents), width));
  }
  out.bold(true).size(1, 2);
  lines(leftRight(labels.total, money(model.totalCents), width));
  out.size(1, 1).bold(false).line(rule(width));

  for (const payment of model.payments) {
    const amount = payment.tenderedCents ?? payment.amountCents;
    lines(leftRight(paymentMethodLabel(payment.method, labels), money(amount), width));
  }
  if (model.changeCents > 0) {
    out.bold(true);
    lines(leftRight(labels.change, money(model.changeCents), width));
    out.bold(false);
  }

  if (model.fiscal) writeFiscalFoot(out, model.fiscal, printer);
  // The shop's own QR (a feedback link…) gives way to AADE's on a fiscal document.
  const shopQr = model.fiscal ? undefined : model.qrData;
  if (model.footerLines.length > 0 || shopQr) {
    out.line().align('center');
    for (const text of model.footerLines) lines(wrapText(text, width));
    if (shopQr) out.qr(shopQr, printer.paper === 58 ? 4 : 6, PRINTABLE_DOTS[printer.paper]).line();
    out.align('left');
  }
  return out.cut(4).bytes();
}
