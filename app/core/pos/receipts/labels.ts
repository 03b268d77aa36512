/** Printed words in the shop's language (settings.language). Printers cannot show i18n keys. */
export type ReceiptLanguage = 'en' | 'el';

const en = {
  order: 'Order',
  table: 'Table',
  staff: 'Served by',
  subtotal: 'Subtotal',
  discount: 'Discount',
  tax: 'VAT',
  taxIncluded: 'incl.',
  total: 'TOTAL',
  change: 'Change',
  tendered: 'Tendered',
  cash: 'Cash',
  card: 'Card',
  other: 'Other',
  note: 'Note',
  reprint: '*** REPRINT ***',
  taxId: 'VAT no.',
  phone: 'Tel.',
  kitchen: 'KITCHEN',
  removed: 'CANCEL',
  void: 'VOID',
  voidTicket: '*** VOID ***',
  split: 'Split bill',
  shareOfBill: '1/{of} of the bill',
  tableTotal: 'bill total',
  cashDrawer: 'Cash drawer',
  changed: 'CHANGED',
  orderNote: 'Order note',
  net: 'Net',
};

const el: typeof en = {
  order: 'Παραγγελία',
  table: 'Τραπέζι',
  staff: 'Σερβιτόρος',
  subtotal: 'Μερικό σύνολο',
  discount: 'Έκπτωση',
  tax: 'ΦΠΑ',
  taxIncluded: 'συμπ.',
  total: 'ΣΥΝΟΛΟ',
  change: 'Ρέστα',
  tendered: 'Δόθηκαν',
  cash: 'Μετρητά',
  card: 'Κάρτα',
  other: 'Άλλο',
  note: 'Σημείωση',
  reprint: '*** ΑΝΑΤΥΠΩΣΗ ***',
  taxId: 'ΑΦΜ',
  phone: 'Τηλ.',
  kitchen: 'ΚΟΥΖΙΝΑ',
  removed: 'ΑΚΥΡΩΣΗ',
  void: 'ΑΚΥΡΩΣΗ',
  voidTicket: '*** ΑΚΥΡΩΣΗ ***',
  split: 'Διαχωρισμός λογαριασμού',
  shareOfBill: '1/{of} του λογαριασμού',
  tableTotal: 'σύνολο λογαριασμού',
  cashDrawer: 'Συρτάρι μετρητών',
  changed: 'ΑΛΛΑΓΗ',
  orderNote: 'Σημείωση παραγγελίας',
  net: 'Καθαρή αξία',
};

export type ReceiptLabels = typeof en;

export function receiptLabels(language: ReceiptLanguage): ReceiptLabels {
  return language === 'el' ? el : en;
}

export function paymentMethodLabel(method: string, labels: ReceiptLabels): string {
  if (method === 'cash') return labels.cash;
  if (method === 'card') return labels.card;
  return labels.other;
}
