import { cleanPrinterLine, cleanPrinterText } from './printer-text';

/**
 * Fixed-width text layout for receipt paper: 58 mm rolls print 32 characters of font A, 80 mm
 * rolls 48. Widths count code points after NFC, which matches the printer once text has gone
 * through the single-byte code page (one byte, one column). Control characters are dropped here
 * too (printer-text.ts), so they never count as width; a user's line break (CR, LF, CR LF)
 * starts a new line, a TAB is a space.
 */
export type PaperWidth = 58 | 80;

export function charsPerLine(paper: PaperWidth): number {
  return paper === 58 ? 32 : 48;
}

function length(text: string): number {
  return [...text].length;
}

/**
 * Word-wraps to `width` columns (`restWidth` for the lines after the first, e.g. when the first
 * line shares its row with an amount); words longer than a line are broken hard.
 */
export function wrapText(text: string, width: number, restWidth: number = width): string[] {
  if (width < 1 || restWidth < 1) throw new RangeError('width must be at least 1');
  const lines: string[] = [];
  const limit = () => (lines.length === 0 ? width : restWidth);
  for (const paragraph of cleanPrinterText(text).normalize('NFC').split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      let rest = [...word];
      while (rest.length > 0) {
        const room = current.length === 0 ? limit() : limit() - length(current) - 1;
        if (rest.length <= room) {
          current = current.length === 0 ? rest.join('') : `${current} ${rest.join('')}`;
          rest = [];
        } else if (current.length > 0) {
          lines.push(current);
          current = '';
        } else {
          lines.push(rest.slice(0, limit()).join(''));
          rest = rest.slice(limit());
        }
      }
    }
    lines.push(current);
  }
  return lines;
}

export interface LeftRightOptions {
  /** Spaces before every line of the left text (options sit under their item). */
  indent?: number;
  /** Extra spaces before continuation lines (a wrapped name lines up after "2 x "). */
  hang?: number;
}

/**
 * A left text that wraps and a right text (an amount) on its first line, e.g.
 * `2 x Freddo espresso      7.00`. The right text never wraps; continuation lines use the
 * full width.
 */
export function leftRight(left: string, right: string, width: number, options: LeftRightOptions = {}): string[] {
  const indent = options.indent ?? 0;
  const hang = indent + (options.hang ?? 0);
  right = cleanPrinterLine(right).normalize('NFC');
  const rightLength = length(right);
  const firstWidth = Math.max(1, width - indent - (rightLength > 0 ? rightLength + 1 : 0));
  const wrapped = wrapText(left, firstWidth, Math.max(1, width - hang));
  const first = ' '.repeat(indent) + (wrapped[0] ?? '');
  const padding = Math.max(rightLength > 0 ? 1 : 0, width - length(first) - rightLength);
  return [`${first}${' '.repeat(padding)}${right}`.trimEnd(), ...wrapped.slice(1).map((l) => ' '.repeat(hang) + l)];
}

/** Wraps with a hanging indent so continuation lines sit under the text, not the prefix. */
export function indented(text: string, indent: number, width: number): string[] {
  const pad = ' '.repeat(indent);
  return wrapText(text, Math.max(1, width - indent)).map((line) => pad + line);
}

export function rule(width: number, char = '-'): string {
  return char.repeat(width);
}

export function center(text: string, width: number): string[] {
  return wrapText(text, width).map((line) => {
    const left = Math.floor((width - length(line)) / 2);
    return ' '.repeat(Math.max(0, left)) + line;
  });
}
