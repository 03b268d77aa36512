/**
 * The fiscal block on paper (fiscal-block.ts says what it is): the title centred and bold under
 * the shop's header, ΜΑΡΚ / UID and AADE's QR code (or the pending line) at the foot. All text
 * goes through the builder's text door and the layout's wrapping, like every other printed field.
 */
import type { EscPosBuilder, CodePage } from './escpos';
import { toPrintableText } from './escpos';
import { PRINTABLE_DOTS } from './escpos-qr';
import { fiscalFootLines, fiscalIdLines, fiscalQrData, fiscalTitle, type FiscalPrint } from './fiscal-block';
import { charsPerLine, wrapText, type PaperWidth } from './layout';

interface Paper { paper: PaperWidth; codePage: CodePage }

const wrapped = (text: string, width: number, codePage: CodePage) => wrapText(toPrintableText(text, codePage), width);

/** Type name (Greek, bold; English under it), series and number, the issuer's ΑΦΜ; leaves alignment left. */
export function writeFiscalTitle(out: EscPosBuilder, print: FiscalPrint, printer: Paper): void {
  const width = charsPerLine(printer.paper);
  const [el, en] = fiscalTitle(print);
  out.align('center').bold(true);
  for (const line of wrapped(el, width, printer.codePage)) out.line(line);
  out.bold(false);
  for (const line of wrapped(en, width, printer.codePage)) out.line(line);
  for (const text of fiscalIdLines(print)) for (const line of wrapped(text, width, printer.codePage)) out.line(line);
  out.align('left');
}

/** ΜΑΡΚ, UID and the QR code of AADE's link, or the pending line in bold; leaves alignment left. */
export function writeFiscalFoot(out: EscPosBuilder, print: FiscalPrint, printer: Paper): void {
  const width = charsPerLine(printer.paper);
  const pending = print.document.state === 'pending';
  out.line().align('center').bold(pending);
  for (const text of fiscalFootLines(print)) for (const line of wrapped(text, width, printer.codePage)) out.line(line);
  out.bold(false);
  const qr = fiscalQrData(print);
  if (qr) out.qr(qr, printer.paper === 58 ? 4 : 6, PRINTABLE_DOTS[printer.paper]).line();
  out.align('left');
}
