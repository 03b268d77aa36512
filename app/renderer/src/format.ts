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

/** The number and date format that goes with a screen language (as core's LOCALE_OF_LANGUAGE). */
export const LOCALE_OF_LANGUAGE = { el: 'el-GR', en: 'en-IE' } as const;
export type ScreenLanguage = keyof typeof LOCALE_OF_LANGUAGE;

/**
 * One language and one locale at a time on a screen (issue 11, item 15): the shop's locale when
 * it is in the screen's language, else that language's own; so an English screen of a Greek
 * shop says "16 minutes ago", not "16 λεπτά πριν". Receipts and reports keep the shop's.
 */
export function displayLocale(language: ScreenLanguage, shopLocale: string): string {
  return shopLocale.toLowerCase().split('-')[0] === language ? shopLocale : LOCALE_OF_LANGUAGE[language];
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
