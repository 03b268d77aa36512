/**
 * What user text may carry onto paper. A receipt printer reads its commands from the same byte
 * stream as the text, so a note holding ESC @ resets the printer (the Greek code page is lost and
 * the rest prints as garbage), GS V cuts the paper mid-ticket, ESC p or DLE DC4 kicks the cash
 * drawer. Every text the layout prints (notes, item and option names, shop header and footer,
 * staff and table names, imported menus, shift reports) passes through `cleanPrinterText` on its
 * way into the encoder (`toPrintableText`, the layout functions and `EscPosBuilder.text`), so no
 * caller can forget; the commands the builder writes itself never pass through here.
 *
 * The rules:
 * - CR LF, a lone CR, NEL (U+0085) and the Unicode line/paragraph separators become one LF: the
 *   layout turns it into a line break (or a space where the text must stay on one line).
 * - TAB, VT and FF become a space, so the words on either side stay apart.
 * - Every other C0 control (U+0000–U+001F), DEL (U+007F) and the C1 controls (U+0080–U+009F) are
 *   dropped. C1 code points are controls in Unicode and in ISO 8859 / ISO 2022 terms (CSI, ESC
 *   8-bit forms); in user text they only ever come from a wrongly decoded file (Windows-1252
 *   bytes read as Latin-1), and a code page added later may pass them through as raw bytes.
 *   Today's code pages print them as '?', so dropping them loses nothing anyone meant to print.
 */

const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g;
const SPACES = /[\t\v\f]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** User text without printer control characters; LF is kept as the only line break. */
export function cleanPrinterText(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(SPACES, ' ').replace(CONTROLS, '');
}

/** The same, for text that must stay on one line: line breaks become spaces too. */
export function cleanPrinterLine(text: string): string {
  return cleanPrinterText(text).replace(/\n/g, ' ');
}
