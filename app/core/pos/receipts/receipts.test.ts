import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPosBuilder, toPrintableText } from './escpos';
import { inspectEscPos } from './escpos-inspect';
import { leftRight, wrapText } from './layout';
import { renderReceiptEscPos } from './receipt-escpos';
import { escapeHtml, renderReceiptHtml } from './receipt-html';
import { sampleReceipt } from './receipt-fixtures';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('text layout', () => {
  it('wraps words and breaks words longer than a line', () => {
    expect(wrapText('Φρέντο εσπρέσο μέτριο', 10)).toEqual(['Φρέντο', 'εσπρέσο', 'μέτριο']);
    expect(wrapText('Αααααααααααααα', 5)).toEqual(['Ααααα', 'ααααα', 'αααα']);
  });

  it('puts the amount on the first line and never past the width', () => {
    const lines = leftRight('2 x Φρέντο εσπρέσο μέτριο με κανέλα', '7,00 €', 32);
    expect(lines[0]).toMatch(/7,00 €$/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(32);
  });
});

describe('code page text', () => {
  it('keeps Greek with accents in CP737 and replaces what it lacks', () => {
    expect(toPrintableText('Καφές ώρα', 'cp737')).toBe('Καφές ώρα');
    expect(toPrintableText('3,50\u00a0€', 'cp737')).toBe('3,50 EUR');
    expect(toPrintableText('3,50 €', 'windows1253')).toBe('3,50 €');
    // ΐ is not in CP737: it loses its tonos but keeps the diaeresis.
    expect(toPrintableText('ΐ', 'cp737')).toBe('ϊ');
    expect(toPrintableText('漢', 'cp737')).toBe('?');
  });

  it('encodes Greek to the CP737 bytes after ESC t 14', () => {
    const bytes = new EscPosBuilder('cp737').init().text('Καφές').bytes();
    expect(hex(bytes)).toBe('1b40' + '1b740e' + '8998ade2aa');
  });

  it('uses the printer\'s own ESC t number when its settings give one (clones differ)', () => {
    const bytes = new EscPosBuilder('cp737', 64).init().text('Α').bytes();
    expect(hex(bytes)).toBe('1b40' + '1b7440' + '80');
  });

  it('selects WPC1253 with ESC t 47', () => {
    const bytes = new EscPosBuilder('windows1253').init().text('€').bytes();
    expect(hex(bytes)).toBe('1b40' + '1b742f' + '80');
  });
});

describe('customer receipt on ESC/POS', () => {
  for (const paper of [58, 80] as const) {
    it(`matches the golden bytes at ${paper} mm`, async () => {
      const bytes = renderReceiptEscPos(sampleReceipt(), { paper, codePage: 'cp737' });
      // Exact framing: reset, Greek code page first; partial cut with feed last.
      expect(hex(bytes.subarray(0, 5))).toBe('1b401b740e');
      expect(hex(bytes.subarray(bytes.length - 4))).toBe('1d564204');
      expect(bytes.includes(Buffer.from([0x1b, 0x45, 0x01]))).toBe(true);
      expect(bytes.includes(iconv.encode('ΣΥΝΟΛΟ', 'cp737'))).toBe(true);
      const readable = inspectEscPos(bytes, 'cp737');
      await expect(readable).toMatchFileSnapshot(`./__golden__/receipt-${paper}.txt`);
      await expect(hex(bytes).replace(/(.{64})/g, '$1\n')).toMatchFileSnapshot(`./__golden__/receipt-${paper}.hex`);
    });

    it(`never prints a line wider than ${paper} mm paper`, () => {
      const width = paper === 58 ? 32 : 48;
      const readable = inspectEscPos(renderReceiptEscPos(sampleReceipt(), { paper, codePage: 'cp737' }), 'cp737');
      let inDoubleWidth = false;
      for (const raw of readable.split('\n')) {
        if (raw.includes('[SIZE 2x2]')) inDoubleWidth = true;
        const text = raw.replace(/\[[^\]]*\]/g, '');
        expect([...text].length).toBeLessThanOrEqual(inDoubleWidth ? width / 2 : width);
        if (raw.includes('[SIZE 1x1]')) inDoubleWidth = false;
      }
    });
  }

  it('wraps a long Greek item name onto more lines on 58 mm than on 80 mm', () => {
    const count = (paper: 58 | 80) =>
      inspectEscPos(renderReceiptEscPos(sampleReceipt(), { paper, codePage: 'cp737' }), 'cp737')
        .split('\n')
        .filter((l) => /Φρέντο|αφρόγαλα|κανέλα/.test(l)).length;
    expect(count(58)).toBeGreaterThan(count(80));
    expect(count(80)).toBeGreaterThanOrEqual(2);
  });

  it('marks a reprint and prints a QR when asked', () => {
    const readable = inspectEscPos(
      renderReceiptEscPos(sampleReceipt({ reprint: true, qrData: 'https://example.test/r/42' }), { paper: 80, codePage: 'cp737' }),
      'cp737',
    );
    expect(readable).toContain('*** ΑΝΑΤΥΠΩΣΗ ***');
    expect(readable).toContain('[QR https://example.test/r/42]');
    const normal = inspectEscPos(renderReceiptEscPos(sampleReceipt(), { paper: 80, codePage: 'cp737' }), 'cp737');
    expect(normal).not.toContain('ΑΝΑΤΥΠΩΣΗ');
  });
});

describe('customer receipt in HTML', () => {
  it('escapes every piece of user text', () => {
    const evil = '<img src=x onerror="alert(1)">&\'';
    const html = renderReceiptHtml(sampleReceipt({
      business: { name: evil, addressLines: [evil], phone: evil, taxId: evil },
      headerLines: [evil],
      footerLines: [evil],
      tableName: evil,
      staffName: evil,
      qrData: evil,
      lines: [{ quantity: 1, name: evil, options: [{ name: evil, priceDeltaCents: 10 }], note: evil, grossCents: 100, discountCents: 0 }],
    }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html).toContain(escapeHtml(evil));
    expect(escapeHtml(evil)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
  });

  it('shows totals and change formatted by the shop locale', () => {
    const html = renderReceiptHtml(sampleReceipt());
    expect(html).toContain('9,80\u00a0€');
    expect(html).toContain('10,20\u00a0€');
    expect(html).toContain('ΦΠΑ 24%');
  });
});
