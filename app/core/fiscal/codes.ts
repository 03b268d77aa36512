/**
 * AADE's codes as the InvoicesDoc schema (v2.0.1, SimpleTypes) and its appendix define them,
 * for what a restaurant issues: VAT categories per rate, payment method types, and the income
 * classification of retail sales.
 */
import { PosError } from '../errors';

/** VAT category (`vatCategory`) per rate in basis points: 1 = 24%, 2 = 13%, 3 = 6%, 4 = 17%, 5 = 9%, 6 = 4%, 7 = 0%, 9 = 3%. */
const VAT_CATEGORY_BY_RATE: ReadonlyMap<number, number> = new Map([
  [2400, 1], [1300, 2], [600, 3], [1700, 4], [900, 5], [400, 6], [0, 7], [300, 9],
]);

/**
 * A 0% line needs an exemption reason (`vatExemptionCategory`); which one is the
 * accountant's call. 27 = "other VAT exemptions" (Λοιπές Εξαιρέσεις ΦΠΑ) until they say.
 */
export const DEFAULT_VAT_EXEMPTION = 27;

export function vatCategoryOf(rateBp: number): number {
  const category = VAT_CATEGORY_BY_RATE.get(rateBp);
  if (category === undefined) {
    throw new PosError('SETTING_INVALID', `VAT ${rateBp / 100}% is not a Greek VAT rate myDATA knows`, { rateBasisPoints: rateBp, field: 'taxRate' });
  }
  return category;
}

/** Payment method `type`: 3 = cash (Μετρητά), 7 = POS / e-POS (card). */
export const PAYMENT_METHOD_TYPE = { cash: 3, card: 7 } as const;

/**
 * Income classification for a retail sale of food and drink (category1_1 = sale of goods;
 * E3_561_003 = retail sales, private customers). The accountant may want category1_3
 * (services) instead: one place to change.
 */
export const RETAIL_INCOME = { category: 'category1_1', type: 'E3_561_003' } as const;

export const INVOICE_NS = 'http://www.aade.gr/myDATA/invoice/v1.0';
export const INCOME_NS = 'https://www.aade.gr/myDATA/incomeClassificaton/v1.0';
