/**
 * The one cents ⇄ decimal conversion for both sides (menu CSV, report CSV, what a person types
 * in the till). Money is integer minor units; decimals exist only as text, converted exactly by
 * string arithmetic (no float rounding). Rates and percents use the same functions in hundredths
 * (basis points: "13.5" → 1350).
 */

/** Integer minor units to a plain, locale-free decimal: 350 → "3.50", -70 → "-0.70". */
export function minorToDecimal(value: number, digits = 2): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not integer minor units: ${value}`);
  if (digits === 0) return String(value);
  const sign = value < 0 ? '-' : '';
  const abs = String(Math.abs(value)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/**
 * What a person typed ("12,50", "12.5", " 3 ", "1 200,5") to minor units; null when it is not a
 * non-negative amount with at most `digits` decimals. Comma or point as the decimal mark.
 */
export function parseDecimal(text: string, digits = 2): number | null {
  const m = /^(\d{1,12})(?:[.,](\d*))?$/.exec(text.replace(/\s/g, ''));
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const value = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(value) ? value : null;
}

/** Minor units to the number Intl.NumberFormat shows (display only, never stored). */
export function minorToNumber(value: number, digits = 2): number {
  return Number(minorToDecimal(value, digits));
}
