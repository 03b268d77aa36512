/**
 * Issue 15 item 4 on paper: a fiscal receipt says which document it is (type name in Greek and
 * English, series and number, the issuer's ΑΦΜ) and carries AADE's ΜΑΡΚ, UID and QR code, or
 * "pending transmission" while the document waits in the outbox. Golden bytes read back with
 * the decoder; hostile strings in AADE's answer can't reach the printer as commands.
 */
import { describe, expect, it } from 'vitest';
import { inspectEscPos } from './escpos-inspect';
import type { FiscalPrint } from './fiscal-block';
import { ATTACK, benign, expectOnlyLayoutCommands, hostile } from './hostile-fixtures';
import { renderReceiptEscPos } from './receipt-escpos';
import { renderReceiptHtml } from './receipt-html';
import { sampleReceipt } from './receipt-fixtures';

const QR_URL = 'https://mydataapidev.aade.gr/TimologioQR/QRInfo?q=sZ5hvqkKx%2F4ZfJ8x9Yq3Jm0n2r7T0a1b2c3d4e5f6g7h8i9j0k';
const registered = (patch: Partial<{ mark: string; uid: string; qrUrl: string; authenticationCode: string }> = {}): FiscalPrint => ({
  issuerAfm: '094014201',
  document: {
    state: 'registered', docType: '11.1', series: 'A', number: 1207, mark: '400001951868543',
    uid: 'D4B1A0E5C7F2398A6B0C1D2E3F405162738495A6', qrUrl: QR_URL, ...patch,
  },
});
const pending: FiscalPrint = { issuerAfm: '094014201', document: { state: 'pending', docType: '11.1', series: 'A', number: 1208 } };
const print = (fiscal: FiscalPrint, paper: 58 | 80 = 80) => inspectEscPos(renderReceiptEscPos(sampleReceipt({ fiscal }), { paper, codePage: 'cp737' }), 'cp737');

describe('fiscal receipt on ESC/POS', () => {
  it('a registered receipt: type name in Greek and English, series, number, ΑΦΜ, ΜΑΡΚ, UID and a QR of AADE\'s link (golden)', async () => {
    const readable = print(registered());
    expect(readable).toContain('[BOLD 1]ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ\n[BOLD 0]Retail sales receipt\n');
    expect(readable).toContain('Σειρά/Series A - Αρ./No. 1207');
    expect(readable).toContain('ΑΦΜ/VAT no. 094014201');
    expect(readable).toContain('ΜΑΡΚ 400001951868543');
    expect(readable).toContain('UID D4B1A0E5C7F2398A6B0C1D2E3F405162738495A6');
    expect(readable).toContain(`[QR-MODEL 2][QR-SIZE 6][QR-EC M][QR ${QR_URL}][QR-PRINT]`);
    expect(readable).not.toContain('ΕΚΚΡΕΜΕΙ');
    // The shop's ΑΦΜ prints once, in the fiscal block.
    expect(readable.match(/ΑΦΜ/g)).toHaveLength(1);
    await expect(readable).toMatchFileSnapshot('./__golden__/receipt-fiscal-80.txt');
  });

  it('a pending receipt: the pending line in bold, the number it will keep, and no QR', async () => {
    const readable = print(pending);
    expect(readable).toContain('[BOLD 1]ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ / pending transmission\n');
    expect(readable).toContain('Σειρά/Series A - Αρ./No. 1208');
    expect(readable).not.toContain('[QR');
    expect(readable).not.toContain('ΜΑΡΚ');
    await expect(readable).toMatchFileSnapshot('./__golden__/receipt-fiscal-pending-80.txt');
  });

  it('names each document type: 8.6 order slip, 11.4 credit note', () => {
    const slip = print({ ...pending, document: { ...pending.document, docType: '8.6' } });
    expect(slip).toContain('ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ ΕΣΤΙΑΣΗΣ\n[BOLD 0]Restaurant order slip');
    const credit = print({ ...pending, document: { ...pending.document, docType: '11.4' } });
    expect(credit).toContain('ΠΙΣΤΩΤΙΚΟ ΣΤΟΙΧΕΙΟ ΛΙΑΝΙΚΗΣ\n[BOLD 0]Retail credit note');
  });

  it('prints AADE\'s authentication code when there is one', () => {
    expect(print(registered({ authenticationCode: '8A1B2C3D4E5F' }))).toContain('Κωδ./Auth. 8A1B2C3D4E5F');
  });

  it('no line is wider than 58 mm paper, the 40-digit UID wrapped', () => {
    const readable = print(registered(), 58);
    for (const raw of readable.split('\n')) {
      if (raw.includes('[SIZE 2x2]') || raw.includes('[QR ')) continue;
      expect([...raw.replace(/\[[^\]]*\]/g, '')].length).toBeLessThanOrEqual(32);
    }
    expect(readable.replace(/\n/g, '')).toContain('D4B1A0E5C7F2398A6B0C1D2E3F405162738495A6');
  });

  it('a receipt without a fiscal document prints as before (no fiscal words)', () => {
    const readable = inspectEscPos(renderReceiptEscPos(sampleReceipt(), { paper: 80, codePage: 'cp737' }), 'cp737');
    expect(readable).not.toMatch(/ΑΠΟΔΕΙΞΗ|ΜΑΡΚ|ΕΚΚΡΕΜΕΙ/);
  });
});

describe('fiscal receipt with printer commands in AADE\'s answer', () => {
  for (const paper of [58, 80] as const) {
    it(`a hostile mark, uid, series or authentication code (${paper} mm) prints as text only`, () => {
      const render = (text: string) => renderReceiptEscPos(sampleReceipt({
        fiscal: { issuerAfm: text, document: { ...registered().document, series: text, mark: text, uid: text, authenticationCode: text } as FiscalPrint['document'] },
      }), { paper, codePage: 'cp737' });
      expectOnlyLayoutCommands(render(hostile()), render(benign()));
    });
  }

  it('a QR link carrying control bytes, spaces or a fake decoder command prints no QR at all', () => {
    for (const qrUrl of [`https://x.test/${ATTACK}`, 'https://x.test/a] [CUT 0] [DRAWER 0 25 250', 'javascript:alert(1)', 'ftp://x.test/plain', `https://x.test/${'\u00e9'.repeat(5)}`]) {
      const readable = print(registered({ qrUrl }));
      expect(readable, qrUrl).not.toContain('[QR');
      expect(readable, qrUrl).not.toMatch(/\[(DRAWER|CTL|ESC|GS) /);
      expect(readable.match(/\[CUT /g), qrUrl).toHaveLength(1);
      expect(readable, qrUrl).toContain('ΜΑΡΚ 400001951868543');
    }
  });
});

describe('fiscal receipt in HTML', () => {
  it('shows the type names, ΜΑΡΚ, UID and the QR code as an inline SVG of AADE\'s link', () => {
    const html = renderReceiptHtml(sampleReceipt({ fiscal: registered() }));
    expect(html).toContain('ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ');
    expect(html).toContain('Retail sales receipt');
    expect(html).toContain('ΜΑΡΚ 400001951868543');
    expect(html).toMatch(/<svg[^>]*data-qr="fiscal"/);
    expect(html).not.toMatch(/<script|src=/);
  });

  it('a pending one shows the pending line and no QR', () => {
    const html = renderReceiptHtml(sampleReceipt({ fiscal: pending }));
    expect(html).toContain('ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ / pending transmission');
    expect(html).not.toContain('<svg');
  });

  it('escapes a hostile mark and refuses a hostile link', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const html = renderReceiptHtml(sampleReceipt({ fiscal: registered({ mark: evil, uid: evil, qrUrl: `https://x.test/"><script>alert(1)</script>` }) }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<svg');
  });
});
