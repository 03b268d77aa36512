import { minorUnitDigits } from '../receipts/money-format';
import { toCsv, type CsvColumn } from './csv';
import type { ItemSales, SalesReport } from './sales-report';

/** The report sections a user can export, each with its own columns (headers in English, stable for scripts). */
export const CSV_SECTIONS = ['byHour', 'byDay', 'byCategory', 'byItem', 'byPaymentMethod', 'byStaff', 'byTaxRate', 'topSellers', 'worstSellers'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

type Row<K extends CsvSection> = SalesReport[K][number];

const itemColumns: CsvColumn<ItemSales>[] = [
  { header: 'item', type: 'text', value: (r) => r.name },
  { header: 'category', type: 'text', value: (r) => r.categoryName },
  { header: 'quantity', type: 'int', value: (r) => r.qty },
  { header: 'total', type: 'money', value: (r) => r.totalCents },
];

const COLUMNS: { [K in CsvSection]: CsvColumn<Row<K>>[] } = {
  byHour: [
    { header: 'hour', type: 'int', value: (r) => r.hour },
    { header: 'orders', type: 'int', value: (r) => r.orderCount },
    { header: 'total', type: 'money', value: (r) => r.totalCents },
  ],
  byDay: [
    { header: 'business_day', type: 'text', value: (r) => r.day },
    { header: 'orders', type: 'int', value: (r) => r.orderCount },
    { header: 'total', type: 'money', value: (r) => r.totalCents },
  ],
  byCategory: [
    { header: 'category', type: 'text', value: (r) => r.name },
    { header: 'quantity', type: 'int', value: (r) => r.qty },
    { header: 'total', type: 'money', value: (r) => r.totalCents },
  ],
  byItem: itemColumns,
  byPaymentMethod: [
    { header: 'method', type: 'text', value: (r) => r.method },
    { header: 'payments', type: 'int', value: (r) => r.count },
    { header: 'taken', type: 'money', value: (r) => r.amountCents },
    { header: 'refunded', type: 'money', value: (r) => r.refundCents },
    { header: 'net', type: 'money', value: (r) => r.netCents },
  ],
  byStaff: [
    { header: 'staff', type: 'text', value: (r) => r.name },
    { header: 'orders', type: 'int', value: (r) => r.orderCount },
    { header: 'total', type: 'money', value: (r) => r.totalCents },
  ],
  byTaxRate: [
    { header: 'vat_rate_percent', type: 'text', value: (r) => String(r.rateBasisPoints / 100) },
    { header: 'net', type: 'money', value: (r) => r.netCents },
    { header: 'vat', type: 'money', value: (r) => r.taxCents },
    { header: 'gross', type: 'money', value: (r) => r.grossCents },
    { header: 'refunded_net', type: 'money', value: (r) => r.refundNetCents },
    { header: 'refunded_vat', type: 'money', value: (r) => r.refundTaxCents },
    { header: 'refunded_gross', type: 'money', value: (r) => r.refundGrossCents },
    { header: 'final_net', type: 'money', value: (r) => r.finalNetCents },
    { header: 'final_vat', type: 'money', value: (r) => r.finalTaxCents },
    { header: 'final_gross', type: 'money', value: (r) => r.finalGrossCents },
  ],
  topSellers: itemColumns,
  worstSellers: itemColumns,
};

export function salesReportCsv(report: SalesReport, section: CsvSection): string {
  const columns = COLUMNS[section] as CsvColumn<unknown>[];
  return toCsv(columns, report[section] as unknown[], { moneyDigits: minorUnitDigits(report.currency) });
}

export function csvFileName(report: SalesReport, section: CsvSection): string {
  return `pospal-${section}-${report.range.from}_${report.range.to}.csv`;
}
