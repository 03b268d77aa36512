/**
 * Issue 15 item 4: the QR code AADE returns, printed with ESC/POS GS ( k (Epson's 2D symbol
 * command: function 165 model, 167 module size, 169 error correction, 180 store, 181 print).
 * The bytes are checked one by one, and the symbol's size against the `qrcode` library's own
 * encoder (not ours): a long URL still fits the paper, more than a QR code holds is left out.
 */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { EscPosBuilder } from './escpos';
import { inspectEscPos } from './escpos-inspect';
import { PRINTABLE_DOTS, QR_MAX_BYTES, qrModuleSize, qrVersionFor } from './escpos-qr';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const url = (length: number) => {
  const head = 'https://mydataapi.aade.gr/TimologioQR/QRInfo?q=';
  return head + 'x'.repeat(length - head.length);
};

describe('ESC/POS QR code (GS ( k)', () => {
  it('selects model 2, the module size, error correction M, stores the data and prints it', () => {
    const bytes = new EscPosBuilder('cp737').qr('https://e.test/1', 6).bytes();
    expect(hex(bytes)).toBe(
      '1d286b' + '0400' + '3141' + '3200' // fn 165: model 2
      + '1d286b' + '0300' + '3143' + '06' // fn 167: module 6 dots
      + '1d286b' + '0300' + '3145' + '31' // fn 169: error correction M (48 L, 49 M, 50 Q, 51 H)
      + '1d286b' + '1300' + '3150' + '30' + Buffer.from('https://e.test/1').toString('hex') // fn 180: pL pH = 16 + 3
      + '1d286b' + '0300' + '3151' + '30', // fn 181: print
    );
    expect(inspectEscPos(bytes, 'cp737')).toBe('[QR-MODEL 2][QR-SIZE 6][QR-EC M][QR https://e.test/1][QR-PRINT]');
  });

  it('a long URL: pL pH count every byte (past 255) and the decoder reads it back whole', () => {
    const long = url(700);
    const bytes = new EscPosBuilder('cp737').qr(long, 6, PRINTABLE_DOTS[80]).bytes();
    const store = bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, (700 + 3) & 0xff, (700 + 3) >> 8, 0x31, 0x50, 0x30]));
    expect(store).toBeGreaterThan(0);
    expect(inspectEscPos(bytes, 'cp737')).toContain(`[QR ${long}][QR-PRINT]`);
  });

  it('knows how many bytes each QR version holds at error correction M (as the qrcode library encodes them)', () => {
    for (const length of [14, 15, 100, 213, 214, 500, 1000, 1500, 2331]) {
      const data = url(Math.max(length, 60)).slice(0, length);
      expect(qrVersionFor(length), `${length} bytes`).toBe(QRCode.create(data, { errorCorrectionLevel: 'M' }).version);
    }
    expect(qrVersionFor(QR_MAX_BYTES + 1)).toBeNull();
  });

  for (const paper of [58, 80] as const) {
    it(`a long URL shrinks the modules until the symbol and its quiet zone fit ${paper} mm paper`, () => {
      for (const length of [120, 400, 1000, 2000]) {
        const data = url(length);
        const bytes = new EscPosBuilder('cp737').qr(data, 6, PRINTABLE_DOTS[paper]).bytes();
        const size = bytes[bytes.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43])) + 7] ?? 0;
        const modules = QRCode.create(data, { errorCorrectionLevel: 'M' }).modules.size;
        expect(size, `${length} bytes`).toBeGreaterThanOrEqual(1);
        expect((modules + 8) * size, `${length} bytes at module ${size}`).toBeLessThanOrEqual(PRINTABLE_DOTS[paper]);
        expect(size).toBe(qrModuleSize(length, 6, PRINTABLE_DOTS[paper]));
      }
    });
  }

  it('a short URL keeps the module size asked for', () => {
    expect(qrModuleSize(120, 6, PRINTABLE_DOTS[80])).toBe(6);
  });

  it('data a QR code cannot hold at error correction M (over 2331 bytes) is left out, not sent as a symbol the printer rejects', () => {
    const readable = inspectEscPos(new EscPosBuilder('cp737').init().qr(url(QR_MAX_BYTES + 1)).cut(4).bytes(), 'cp737');
    expect(readable).toBe('[INIT][CODEPAGE 14][CUT 4]');
    expect(inspectEscPos(new EscPosBuilder('cp737').qr(url(QR_MAX_BYTES)).bytes(), 'cp737')).toContain('[QR-PRINT]');
  });
});
