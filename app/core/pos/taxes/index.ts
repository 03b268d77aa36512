export { computeOrderTotals, discountAmount, lineTax } from './totals';
export type { Discount, LineTotals, OrderTotals, RateTotals, TaxLineInput, TaxMode } from './totals';
export { createTaxRate, ensureTaxRate, getTaxRate, listTaxRates, updateTaxRate } from './rates';
export type { TaxRate } from './rates';
