/**
 * Money on paper and in HTML: integer minor units in, Intl out. The minor-unit exponent comes from
 * Intl itself (EUR 2, JPY 0), so cents never pass through floating-point arithmetic that is kept.
 */
export interface MoneyFormat {
  currency: string;
  locale: string;
}

const cache = new Map<string, Intl.NumberFormat>();

function formatter(format: MoneyFormat): Intl.NumberFormat {
  const key = `${format.locale}|${format.currency}`;
  let nf = cache.get(key);
  if (nf === undefined) {
    nf = new Intl.NumberFormat(format.locale, { style: 'currency', currency: format.currency });
    cache.set(key, nf);
  }
  return nf;
}

export function minorUnitDigits(currency: string): number {
  return formatter({ currency, locale: 'en' }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(cents: number, format: MoneyFormat): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money must be integer minor units, got ${cents}`);
  const digits = minorUnitDigits(format.currency);
  return formatter(format).format(cents / 10 ** digits);
}

/** Basis points to a percent label: 2400 → "24%", 550 → "5.5%" (locale decimal separator). */
export function formatRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}
