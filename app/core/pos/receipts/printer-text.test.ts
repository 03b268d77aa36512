/**
 * Issue 9 rule 3: printer commands smuggled in text. Every text that reaches a printer is
 * stripped of control characters on its way into the ESC/POS encoder, while the commands the
 * layout writes itself still go out. Golden jobs with hostile strings in every field.
 */
import { describe, expect, it } from 'vitest';
import { EscPosBuilder, toPrintableText } from './escpos';
import { inspectEscPos } from './escpos-inspect';
import { ATTACK, benign, expectOnlyLayoutCommands, hostile } from './hostile-fixtures';
import { renderKitchenTicketEscPos, type KitchenTicketModel } from './kitchen-escpos';
import { leftRight, wrapText } from './layout';
import { cleanPrinterText } from './printer-text';
import { renderReceiptEscPos } from './receipt-escpos';
import { sampleReceipt } from './receipt-fixtures';
import type { ReceiptModel } from './receipt-model';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('printer text cleaning', () => {
  it('drops C0 controls, DEL and C1 controls; CR LF / CR / NEL become a line break, TAB a space', () => {
    expect(cleanPrinterText('a\x1b@b\x1dVB\x00c\x7fd\u0085e\u009bf')).toBe('a@bVBcd\nef');
    expect(cleanPrinterText('one\r\ntwo\rthree\nfour\tfive\u2028six')).toBe('one\ntwo\nthree\nfour five\nsix');
    expect(cleanPrinterText('Καφές ώρα 3,50 € [x]')).toBe('Καφές ώρα 3,50 € [x]');
  });

  it('keeps every word of a note typed with line breaks and tabs', () => {
    expect(wrapText('Χωρίς\r\nκρεμμύδι\tκαι\rπάγο', 32)).toEqual(['Χωρίς', 'κρεμμύδι και', 'πάγο']);
    expect(leftRight('Μαρία', 'Ιω\r\nάννα\x1b@', 32)).toEqual([`Μαρία${' '.repeat(19)}Ιω άννα@`]);
  });

  it('no code point, whatever it is, comes out of the encoder as a control byte', () => {
    for (const codePage of ['cp737', 'windows1253'] as const) {
      const out = new EscPosBuilder(codePage);
      for (let c = 0; c <= 0xffff; c++) out.text(String.fromCharCode(c));
      out.text('\u{1F600}\u{10FFFF}');
      const controls = [...out.bytes()].filter((b) => b < 0x20 || b === 0x7f);
      expect(controls).toEqual([]);
    }
  });

  it('toPrintableText returns text without control characters, so layout widths match the paper', () => {
    expect(toPrintableText(`α ${ATTACK} β`, 'cp737')).toBe('α @tVBpu!0 β');
  });

  it('the builder still writes its own commands: init, code page, align, bold, size, feed, QR, cut', () => {
    const bytes = new EscPosBuilder('cp737').init().align('center').bold(true).size(2, 2).line(`Α${ATTACK}Ω`)
      .feed(2).qr('https://example.test/r/1').cut(4).bytes();
    expect(inspectEscPos(bytes, 'cp737')).toBe('[INIT][CODEPAGE 14][ALIGN 1][BOLD 1][SIZE 2x2]Α@tVBpu!0Ω\n[FEED 2][QR-MODEL 2][QR-SIZE 6][QR-EC M][QR https://example.test/r/1][QR-PRINT][CUT 4]');
    expect(hex(bytes.subarray(0, 5))).toBe('1b401b740e');
    expect(hex(bytes.subarray(bytes.length - 4))).toBe('1d564204');
  });

  it('a line of text never carries a line break of its own (the layout decides the lines)', () => {
    expect(inspectEscPos(new EscPosBuilder('cp737').line('α\r\nβ\nγ').bytes(), 'cp737')).toBe('α β γ\n');
  });

  it('a QR code too long for one GS ( k store is left out, never spilled as commands', () => {
    // pL pH hold at most 65535: longer data used to wrap the length and print its tail as commands.
    const data = `https://example.test/${'a'.repeat(70_000)}\x1dVB\x00\x1bp\x00\x19\xfa`;
    const readable = inspectEscPos(new EscPosBuilder('cp737').init().qr(data).cut(4).bytes(), 'cp737');
    expect(readable).toBe('[INIT][CODEPAGE 14][CUT 4]');
  });
});

type Field = [string, (text: string) => Partial<ReceiptModel>];
const base = sampleReceipt();
const firstLine = base.lines[0];
if (!firstLine) throw new Error('fixture has lines');
const receiptFields: Field[] = [
  ['line note', (x) => ({ lines: [{ ...firstLine, note: x }, ...base.lines.slice(1)] })],
  ['item name', (x) => ({ lines: [{ ...firstLine, name: x }, ...base.lines.slice(1)] })],
  ['option name', (x) => ({ lines: [{ ...firstLine, options: [{ name: x, priceDeltaCents: 50 }] }, ...base.lines.slice(1)] })],
  ['shop name (header)', (x) => ({ business: { ...base.business, name: x } })],
  ['shop address', (x) => ({ business: { ...base.business, addressLines: [x] } })],
  ['shop phone and tax id', (x) => ({ business: { ...base.business, phone: x, taxId: x } })],
  ['header line', (x) => ({ headerLines: [x] })],
  ['footer line', (x) => ({ footerLines: [x] })],
  ['staff name', (x) => ({ staffName: x })],
  ['table name', (x) => ({ tableName: x })],
  ['note on a reprint', (x) => ({ reprint: true, lines: [{ ...firstLine, note: x }] })],
];

describe('customer receipt with printer commands in its text', () => {
  for (const paper of [58, 80] as const) {
    for (const [field, set] of receiptFields) {
      it(`${field} (${paper} mm): only the layout's commands go out, every word prints, Greek stays Greek`, () => {
        const render = (text: string) => renderReceiptEscPos(sampleReceipt(set(text)), { paper, codePage: 'cp737' });
        expectOnlyLayoutCommands(render(hostile()), render(benign()));
      });
    }
  }

  it('prints what the golden file shows when every field is hostile (80 mm)', async () => {
    const x = hostile();
    const model = sampleReceipt({
      business: { name: x, addressLines: [x], phone: x, taxId: x }, headerLines: [x], footerLines: [x], staffName: x, tableName: x,
      lines: [{ ...firstLine, name: x, options: [{ name: x, priceDeltaCents: 50 }], note: x }],
    });
    await expect(inspectEscPos(renderReceiptEscPos(model, { paper: 80, codePage: 'cp737' }), 'cp737')).toMatchFileSnapshot('./__golden__/receipt-hostile-80.txt');
  });

  it('on a WPC1253 printer too', () => {
    const render = (text: string) => renderReceiptEscPos(sampleReceipt({ headerLines: [text], staffName: text }), { paper: 80, codePage: 'windows1253' });
    expectOnlyLayoutCommands(render(hostile()), render(benign()), 'windows1253');
  });
});

const ticket = (overrides: Partial<KitchenTicketModel> = {}): KitchenTicketModel => ({
  station: 'kitchen', orderNumber: 7, tableName: '12', staffName: 'Μαρία', comment: 'Βιαστικά', at: Date.UTC(2026, 10, 22, 12, 3),
  timeZone: 'Europe/Athens', locale: 'el-GR', language: 'el', reprint: false,
  lines: [{ qtyDelta: 2, name: 'Μουσακάς', options: ['Extra φέτα'], note: 'καλοψημένο' }, { qtyDelta: -1, name: 'Σαλάτα', options: [], note: '' }],
  ...overrides,
});
const ticketLine = ticket().lines[0];
if (!ticketLine) throw new Error('fixture has lines');
const kitchenFields: [string, (text: string) => Partial<KitchenTicketModel>][] = [
  ['line note', (x) => ({ lines: [{ ...ticketLine, note: x }] })],
  ['item name', (x) => ({ lines: [{ ...ticketLine, name: x }] })],
  ['option name', (x) => ({ lines: [{ ...ticketLine, options: [x] }] })],
  ['changed line', (x) => ({ lines: [{ ...ticketLine, change: true, note: x }] })],
  ['order note', (x) => ({ comment: x })],
  ['staff name', (x) => ({ staffName: x })],
  ['table name', (x) => ({ tableName: x })],
  ['station name', (x) => ({ station: x })],
  ['note on a reprint', (x) => ({ reprint: true, lines: [{ ...ticketLine, note: x }] })],
];

describe('kitchen ticket with printer commands in its text', () => {
  it('prints what the golden file shows when every field is hostile (80 mm)', async () => {
    const x = hostile();
    const model = ticket({ staffName: x, tableName: x, comment: x, lines: [{ qtyDelta: 2, name: x, options: [x], note: x }] });
    await expect(inspectEscPos(renderKitchenTicketEscPos(model, { paper: 80, codePage: 'cp737' }), 'cp737')).toMatchFileSnapshot('./__golden__/kitchen-hostile-80.txt');
  });

  for (const paper of [58, 80] as const) {
    for (const [field, set] of kitchenFields) {
      it(`${field} (${paper} mm): only the layout's commands go out, every word prints, Greek stays Greek`, () => {
        const render = (text: string) => renderKitchenTicketEscPos(ticket(set(text)), { paper, codePage: 'cp737' });
        expectOnlyLayoutCommands(render(hostile()), render(benign()));
      });
    }
  }
});
