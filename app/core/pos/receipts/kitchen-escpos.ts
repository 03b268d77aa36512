import { EscPosBuilder, toPrintableText } from './escpos';
import { receiptLabels, type ReceiptLanguage } from './labels';
import { charsPerLine, indented, leftRight, rule, wrapText } from './layout';
import type { PrinterFormat } from './receipt-escpos';

/** What a cook reads: big quantities and names, options and notes under them, no prices. */
export interface KitchenTicketModel {
  station: string;
  orderNumber: number;
  tableName: string | null;
  staffName: string;
  comment: string;
  at: number;
  timeZone: string;
  locale: string;
  language: ReceiptLanguage;
  reprint: boolean;
  /** change: edited after sending; qtyDelta is then the quantity to make now, as it reads now. */
  lines: { qtyDelta: number; change?: boolean; name: string; options: string[]; note: string }[];
}

export function renderKitchenTicketEscPos(model: KitchenTicketModel, printer: PrinterFormat): Buffer {
  const width = charsPerLine(printer.paper);
  const half = Math.floor(width / 2);
  const labels = receiptLabels(model.language);
  const t = (text: string) => toPrintableText(text, printer.codePage);
  const out = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init();
  const lines = (texts: string[]) => texts.forEach((x) => out.line(x));
  const time = new Intl.DateTimeFormat(model.locale, { timeZone: model.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(model.at);

  if (model.reprint) {
    out.align('center').bold(true).size(1, 2);
    lines(wrapText(t(labels.reprint), width));
    out.size(1, 1).bold(false);
  }
  // Only things to stop making (a void, a lowered quantity): the cook must not miss it.
  const isVoid = model.lines.length > 0 && model.lines.every((l) => l.qtyDelta < 0 && !l.change);
  if (isVoid) {
    out.align('center').bold(true).size(2, 2);
    lines(wrapText(t(labels.voidTicket), half));
    out.size(1, 1).bold(false);
  }
  out.align('center').bold(true);
  lines(wrapText(t(`${labels.kitchen} · ${model.station.toUpperCase()}`), width));
  out.size(2, 2);
  lines(wrapText(t(`#${model.orderNumber}${model.tableName ? ` · ${labels.table} ${model.tableName}` : ''}`), half));
  out.size(1, 1).bold(false).align('left');
  lines(leftRight(t(time), t(model.staffName), width));
  out.line(rule(width));

  for (const line of model.lines) {
    const cancelled = line.qtyDelta < 0;
    // Double height only: double width would halve the characters per line for long Greek names.
    out.bold(true).size(1, 2);
    const qty = line.change ? `${labels.changed}: ${line.qtyDelta} x ` : cancelled ? `${isVoid ? labels.void : labels.removed} ${-line.qtyDelta} x ` : `${line.qtyDelta} x `;
    lines(leftRight(t(`${qty}${line.name}`), '', width, { hang: 4 }));
    out.size(1, 1).bold(false);
    for (const option of line.options) lines(indented(t(`+ ${option}`), 4, width));
    if (line.note) lines(indented(t(`${labels.note}: ${line.note}`), 4, width));
  }
  if (model.comment) {
    out.line(rule(width)).bold(true);
    lines(wrapText(t(`${labels.orderNote}: ${model.comment}`), width));
    out.bold(false);
  }
  return out.cut(4).bytes();
}
