import iconv from 'iconv-lite';
import { QR_MAX_BYTES, qrModuleSize } from './escpos-qr';
import { cleanPrinterLine, cleanPrinterText } from './printer-text';

/**
 * ESC/POS byte building for network receipt printers (Epson TM-T20/T88 command set, which most
 * clones follow). Text goes through a single-byte code page chosen per printer, so Greek prints:
 * PC737 (Epson ESC t 14) is the one almost every printer ships; WPC1253 (Epson ESC t 47) has €
 * and more accents. Clones number their tables differently (PC737 is 64 on some, 20 on others),
 * so a printer's settings may override the ESC t number.
 */
export const CODE_PAGES = {
  cp737: { escT: 14, iconvName: 'cp737' },
  windows1253: { escT: 47, iconvName: 'windows1253' },
} as const;
export type CodePage = keyof typeof CODE_PAGES;

export const ESC = 0x1b;
export const GS = 0x1d;
export const LF = 0x0a;

/** Characters a code page lacks, spelled with ones it has (checked before stripping accents). */
const FALLBACKS: Record<string, string> = {
  '€': 'EUR',
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '…': '...',
  '•': '*',
  '·': '.',
};

function canEncode(char: string, iconvName: string): boolean {
  if (char === '?') return true;
  const bytes = iconv.encode(char, iconvName);
  return !(bytes.length === 1 && bytes[0] === 0x3f);
}

/**
 * Maps text to what the code page can print: control characters out first (printer-text.ts: no
 * user text can carry a printer command; line breaks stay LF for the layout), NFC, then per
 * character the fallback table, then the character without its accents (ΐ → ϊ → ι), else '?'.
 * Returns a string that encodes 1:1, so its length is its printed width.
 */
export function toPrintableText(text: string, codePage: CodePage): string {
  const { iconvName } = CODE_PAGES[codePage];
  let out = '';
  // Intl puts no-break spaces in amounts ("3,50 €"); clones print 0xFF differently, so use a space.
  for (const char of cleanPrinterText(text).normalize('NFC').replace(/[\u00a0\u202f\u2009]/g, ' ')) {
    if (char === '\n' || canEncode(char, iconvName)) {
      out += char;
      continue;
    }
    const fallback = FALLBACKS[char];
    if (fallback !== undefined && [...fallback].every((c) => canEncode(c, iconvName))) {
      out += fallback;
      continue;
    }
    const decomposed = char.normalize('NFD');
    // Strip one diacritic at a time so ΐ (ι + diaeresis + tonos) can become ϊ where that exists.
    let stripped: string | null = null;
    for (let i = decomposed.length - 1; i >= 1; i--) {
      const candidate = (decomposed.slice(0, i)).normalize('NFC');
      if ([...candidate].length === 1 && canEncode(candidate, iconvName)) {
        stripped = candidate;
        break;
      }
    }
    out += stripped ?? '?';
  }
  return out;
}

export type Align = 'left' | 'center' | 'right';

/** Accumulates ESC/POS commands; `bytes()` returns the finished job. */
export class EscPosBuilder {
  private readonly chunks: Buffer[] = [];

  constructor(private readonly codePage: CodePage, private readonly codePageNumber: number | null = null) {}

  private raw(...bytes: number[]): this {
    this.chunks.push(Buffer.from(bytes));
    return this;
  }

  /** ESC @ (reset) then ESC t n (code page). Every job starts here. */
  init(): this {
    return this.raw(ESC, 0x40).raw(ESC, 0x74, this.codePageNumber ?? CODE_PAGES[this.codePage].escT);
  }

  align(align: Align): this {
    return this.raw(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
  }

  bold(on: boolean): this {
    return this.raw(ESC, 0x45, on ? 1 : 0);
  }

  /** GS ! n: width and height multipliers 1–2 (bigger is never needed on a receipt). */
  size(width: 1 | 2, height: 1 | 2): this {
    return this.raw(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  /**
   * The one door for text into the job: control characters never pass (a note can't reset,
   * cut or open the drawer), and a line break becomes a space, since the layout decides lines.
   */
  text(text: string): this {
    const printable = cleanPrinterLine(toPrintableText(text, this.codePage));
    this.chunks.push(iconv.encode(printable, CODE_PAGES[this.codePage].iconvName));
    return this;
  }

  line(text = ''): this {
    return this.text(text).raw(LF);
  }

  feed(lines: number): this {
    return this.raw(ESC, 0x64, Math.max(0, Math.min(255, lines)));
  }

  /**
   * QR code model 2 via GS ( k: module size, error correction M, store, print. `maxDots` (the
   * paper's print width, escpos-qr.ts) shrinks the modules of a long URL until the symbol fits.
   * Data longer than a QR code holds at error correction M (2331 bytes) is left out: the printer
   * would refuse the symbol, and pL pH must never wrap (the rest would be read as commands).
   */
  qr(data: string, moduleSize = 6, maxDots?: number): this {
    const payload = Buffer.from(data, 'utf8');
    if (payload.length === 0 || payload.length > QR_MAX_BYTES) return this;
    const size = maxDots === undefined ? Math.max(1, Math.min(16, moduleSize)) : qrModuleSize(payload.length, moduleSize, maxDots);
    const storeLength = payload.length + 3;
    this.raw(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00); // model 2
    this.raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, size);
    this.raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31); // error correction level M
    this.raw(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
    this.chunks.push(payload);
    return this.raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
  }

  /**
   * ESC p m t1 t2: a pulse on the cash drawer's pin (m 0 = pin 2, 1 = pin 5), on for t1×2 ms and
   * off for t2×2 ms. A layout command, never text: no user text can open the drawer.
   */
  drawerKick(pin: 0 | 1 = 0, onUnits = 25, offUnits = 250): this {
    return this.raw(ESC, 0x70, pin, Math.max(1, Math.min(255, onUnits)), Math.max(1, Math.min(255, offUnits)));
  }

  /** GS V 66 n: feed n lines then partial cut (the paper stays held, the next receipt is clean). */
  cut(feedLines = 3): this {
    return this.raw(GS, 0x56, 0x42, feedLines);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
