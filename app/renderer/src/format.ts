/**
 * Money, dates and times by the shop's locale and currency. Money arrives as integer cents and
 * is only turned into a decimal for display, using the currency's own number of minor digits.
 */
import { formatDistance, format as formatDate } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { el as elLocale, enGB } from 'date-fns/locale';
import { minorToNumber, parseDecimal } from '../../shared/money';

export interface Formatters {
  locale: string;
  currency: string;
  money(cents: number): string;
  /** The currency's minor-unit exponent (2 for EUR). */
  minorDigits: number;
  /** Parses what a person typed ("12,50" or "12.5") into cents; null when it is not money. */
  parseMoney(text: string): number | null;
  date(ms: number): string;
  time(ms: number): string;
  dateTime(ms: number): string;
  ago(ms: number, now?: number): string;
}

/** Dates and times are shown in the shop's time zone (receipts and reports use it too). */
export function createFormatters(locale: string, currency: string, timeZone?: string): Formatters {
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const minorDigits = nf.resolvedOptions().maximumFractionDigits ?? 2;
  const dfLocale = locale.toLowerCase().startsWith('el') ? elLocale : enGB;
  const at = (ms: number) => (timeZone ? new TZDate(ms, timeZone) : new Date(ms));
  return {
    locale,
    currency,
    minorDigits,
    money: (cents) => nf.format(minorToNumber(cents, minorDigits)),
    parseMoney: (text) => parseDecimal(text, minorDigits),
    date: (ms) => formatDate(at(ms), 'P', { locale: dfLocale }),
    time: (ms) => formatDate(at(ms), 'p', { locale: dfLocale }),
    dateTime: (ms) => formatDate(at(ms), 'Pp', { locale: dfLocale }),
    ago: (ms, now = Date.now()) => formatDistance(ms, now, { addSuffix: true, locale: dfLocale }),
  };
}
