import { EscPosBuilder, toPrintableText } from '../receipts/escpos';
import { paymentMethodLabel, receiptLabels, type ReceiptLanguage } from '../receipts/labels';
import { charsPerLine, leftRight, rule, wrapText } from '../receipts/layout';
import { formatMoney, formatRate } from '../receipts/money-format';
import type { PrinterFormat } from '../receipts/receipt-escpos';
import type { ShopSettings } from '../settings/settings-schema';
import type { ShiftSummary } from './shift-summary';

const WORDS = {
  en: {
    x: 'X-REPORT (shift still open)', z: 'Z-REPORT', shift: 'Shift', opened: 'Opened', until: 'Until', by: 'by',
    orders: 'Orders', sales: 'Sales', average: 'Average order', methods: 'Payments', rates: 'VAT', categories: 'Categories',
    discounts: 'Discounts', voids: 'Voided orders', voidLines: 'Voided lines', refunds: 'Refunds', drawer: 'Cash drawer',
    float: 'Opening float', cashSales: 'Cash takings', cashRefunds: 'Cash refunds', cashIn: 'Cash in', cashOut: 'Cash out',
    expected: 'Expected', counted: 'Counted', difference: 'Difference', net: 'net', tax: 'tax', note: 'Note',
  },
  el: {
    x: 'ΑΝΑΦΟΡΑ X (η βάρδια συνεχίζεται)', z: 'ΑΝΑΦΟΡΑ Ζ', shift: 'Βάρδια', opened: 'Άνοιγμα', until: 'Έως', by: 'από',
    orders: 'Παραγγελίες', sales: 'Πωλήσεις', average: 'Μέση παραγγελία', methods: 'Πληρωμές', rates: 'ΦΠΑ', categories: 'Κατηγορίες',
    discounts: 'Εκπτώσεις', voids: 'Ακυρωμένες παραγγελίες', voidLines: 'Ακυρωμένα είδη', refunds: 'Επιστροφές', drawer: 'Ταμείο',
    float: 'Αρχικό ποσό', cashSales: 'Εισπράξεις μετρητών', cashRefunds: 'Επιστροφές μετρητών', cashIn: 'Κατάθεση', cashOut: 'Ανάληψη',
    expected: 'Αναμενόμενα', counted: 'Μετρημένα', difference: 'Διαφορά', net: 'καθαρά', tax: 'φόρος', note: 'Σημείωση',
  },
} satisfies Record<ReceiptLanguage, Record<string, string>>;

export interface ShiftReportHeader {
  kind: 'X' | 'Z';
  /** Z-report number. */
  number?: number;
  reprint: boolean;
}

/** An X- or Z-report on receipt paper: every figure of the summary, the drawer last. */
export function renderShiftReportEscPos(summary: ShiftSummary, header: ShiftReportHeader, settings: ShopSettings, printer: PrinterFormat): Buffer {
  const width = charsPerLine(printer.paper);
  const w = WORDS[settings.language];
  const labels = receiptLabels(settings.language);
  const t = (text: string) => toPrintableText(text, printer.codePage);
  const money = (cents: number) => formatMoney(cents, settings);
  const when = (ms: number) => new Intl.DateTimeFormat(settings.locale, {
    timeZone: settings.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(ms);
  const out = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null).init();
  const lines = (texts: string[]) => texts.forEach((x) => out.line(x));
  const row = (left: string, right: string, indent = 0) => lines(leftRight(t(left), t(right), width, { indent }));
  const heading = (text: string) => { out.line().bold(true); lines(wrapText(t(text), width)); out.bold(false); };

  out.align('center').bold(true);
  if (header.reprint) lines(wrapText(t(labels.reprint), width));
  lines(wrapText(t(settings.business.name), width));
  out.size(1, 2);
  lines(wrapText(t(header.kind === 'Z' ? `${w.z} #${header.number ?? ''}` : w.x), width));
  out.size(1, 1).bold(false).align('left');
  row(`${w.shift} #${summary.shiftNumber}`, summary.openedBy.name);
  row(w.opened, when(summary.openedAt));
  row(w.until, when(summary.until));
  out.line(rule(width));

  row(w.orders, String(summary.sales.orderCount));
  out.bold(true);
  row(w.sales, money(summary.sales.totalCents));
  out.bold(false);
  row(w.average, money(summary.sales.averageOrderCents));
  row(w.discounts, `${summary.discounts.lineCount} / ${money(summary.discounts.amountCents)}`);
  row(w.voids, `${summary.voids.orderCount} / ${money(summary.voids.orderAmountCents)}`);
  row(w.voidLines, `${summary.voids.lineCount} / ${money(summary.voids.lineAmountCents)}`);
  row(w.refunds, `${summary.refunds.count} / ${money(summary.refunds.amountCents)}`);

  heading(w.methods);
  for (const m of summary.byMethod) row(`${paymentMethodLabel(m.method, labels)} (${m.count})`, money(m.amountCents), 2);
  for (const m of summary.refunds.byMethod) row(`${w.refunds} ${paymentMethodLabel(m.method, labels)}`, money(-m.amountCents), 2);

  heading(w.rates);
  for (const r of summary.byTaxRate) {
    row(formatRate(r.rateBp, settings.locale), money(r.totalCents), 2);
    row(`${w.net} ${money(r.netCents)}`, `${w.tax} ${money(r.taxCents)}`, 4);
  }

  heading(w.categories);
  for (const c of summary.byCategory) row(`${c.qty} x ${c.name || '-'}`, money(c.totalCents), 2);

  heading(w.drawer);
  row(w.float, money(summary.cash.openingFloatCents), 2);
  row(w.cashSales, money(summary.cash.cashTakingsCents), 2);
  row(w.cashRefunds, money(-summary.cash.cashRefundsCents), 2);
  for (const m of summary.movements) row(`${m.kind === 'in' ? w.cashIn : w.cashOut}: ${m.reason}`, money(m.kind === 'in' ? m.amountCents : -m.amountCents), 2);
  out.bold(true);
  row(w.expected, money(summary.cash.expectedCents));
  if (summary.cash.countedCents !== null) {
    row(w.counted, money(summary.cash.countedCents));
    row(w.difference, money(summary.cash.differenceCents ?? 0));
  }
  out.bold(false);
  if (summary.closeNote) {
    heading(w.note);
    lines(wrapText(t(summary.closeNote), width));
  }
  return out.cut(4).bytes();
}
