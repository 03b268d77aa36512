import iconv from 'iconv-lite';
import { CODE_PAGES, ESC, GS, LF, type CodePage } from './escpos';

/**
 * Turns an ESC/POS job back into readable text: commands as `[NAME args]`, text decoded with the
 * code page, LF as a newline. Used by golden tests and by "what did the printer get" debugging.
 * Nothing is hidden: an unknown ESC or GS command shows as `[ESC n]` / `[GS n]`, any other
 * control byte (DLE, NUL, DEL…) as `[CTL xx]`, so a test can see a smuggled command.
 */
export function inspectEscPos(bytes: Uint8Array, codePage: CodePage): string {
  const buf = Buffer.from(bytes);
  let out = '';
  let text: number[] = [];
  const flush = () => {
    if (text.length > 0) out += iconv.decode(Buffer.from(text), CODE_PAGES[codePage].iconvName);
    text = [];
  };
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    const b1 = buf[i + 1] ?? 0;
    const b2 = buf[i + 2] ?? 0;
    if (b === ESC) {
      flush();
      if (b1 === 0x40) { out += '[INIT]'; i += 2; continue; }
      // ESC p m t1 t2: a pulse on drawer pin m (the cash-drawer kick).
      if (b1 === 0x70) { out += `[DRAWER ${b2} ${buf[i + 3] ?? 0} ${buf[i + 4] ?? 0}]`; i += 5; continue; }
      const name = { 0x74: 'CODEPAGE', 0x61: 'ALIGN', 0x45: 'BOLD', 0x64: 'FEED' }[b1] ?? `ESC ${b1}`;
      out += `[${name} ${b2}]`;
      i += 3;
      continue;
    }
    if (b === GS && b1 === 0x21) { flush(); out += `[SIZE ${(b2 >> 4) + 1}x${(b2 & 0x0f) + 1}]`; i += 3; continue; }
    if (b === GS && b1 === 0x56) { flush(); out += `[CUT ${buf[i + 3] ?? 0}]`; i += 4; continue; }
    if (b === GS && b1 === 0x28 && b2 === 0x6b) {
      flush();
      const length = (buf[i + 3] ?? 0) + ((buf[i + 4] ?? 0) << 8);
      const fn = buf[i + 6] ?? 0;
      const arg = buf[i + 7] ?? 0;
      // cn 49 (QR code): fn 65 model, 67 module size, 69 error correction, 80 store, 81 print.
      if (fn === 0x41) out += `[QR-MODEL ${arg - 0x30}]`;
      else if (fn === 0x43) out += `[QR-SIZE ${arg}]`;
      else if (fn === 0x45) out += `[QR-EC ${'LMQH'[arg - 0x30] ?? arg}]`;
      else if (fn === 0x50) out += `[QR ${buf.subarray(i + 8, i + 5 + length).toString('utf8')}]`;
      else if (fn === 0x51) out += '[QR-PRINT]';
      else out += `[GS ( k ${fn}]`;
      i += 5 + length;
      continue;
    }
    if (b === GS) { flush(); out += `[GS ${b1}]`; i += 2; continue; }
    if (b === LF) { flush(); out += '\n'; i += 1; continue; }
    if (b < 0x20 || b === 0x7f) { flush(); out += `[CTL ${b.toString(16).padStart(2, '0')}]`; i += 1; continue; }
    text.push(b);
    i += 1;
  }
  flush();
  return out;
}
