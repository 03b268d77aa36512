import type { FiscalPrint } from './fiscal-block';
import type { ReceiptLanguage } from './labels';

/**
 * What a customer receipt says, independent of where it is shown (ESC/POS paper or HTML).
 * Built from a paid order by `buildCustomerReceipt`; every amount is integer minor units.
 */
export interface ReceiptBusiness {
  name: string;
  addressLines: string[];
  phone?: string;
  taxId?: string;
}

export interface ReceiptLineOption {
  name: string;
  priceDeltaCents: number;
}

export interface ReceiptLine {
  quantity: number;
  name: string;
  options: ReceiptLineOption[];
  note?: string;
  /** quantity × (unit price + option deltas), before the line discount. */
  grossCents: number;
  discountCents: number;
}

export interface ReceiptTaxLine {
  rateBasisPoints: number;
  netCents: number;
  taxCents: number;
}

export interface ReceiptPayment {
  method: string;
  amountCents: number;
  tenderedCents?: number;
}

export interface ReceiptModel {
  business: ReceiptBusiness;
  headerLines: string[];
  footerLines: string[];
  orderNumber: number;
  orderId: string;
  tableName?: string;
  staffName?: string;
  /** ISO instant; shown in the shop's time zone. */
  issuedAt: string;
  timeZone: string;
  locale: string;
  currency: string;
  language: ReceiptLanguage;
  taxMode: 'inclusive' | 'exclusive';
  lines: ReceiptLine[];
  subtotalCents: number;
  discountCents: number;
  taxes: ReceiptTaxLine[];
  totalCents: number;
  payments: ReceiptPayment[];
  changeCents: number;
  qrData?: string;
  reprint: boolean;
  /** A split guest's receipt: printed under the order line (e.g. "Split bill · table total 9,90 €"). */
  partLabel?: string;
  /** The fiscal document this receipt is (myDATA, issue 15), when fiscal documents are on. */
  fiscal?: FiscalPrint;
}

export function formatIssuedAt(model: Pick<ReceiptModel, 'issuedAt' | 'timeZone' | 'locale'>): string {
  return new Intl.DateTimeFormat(model.locale, {
    timeZone: model.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(model.issuedAt));
}

/** "+ Extra shot (+0,50 €)"; a free option shows no amount. */
export function optionLabel(name: string, priceDeltaCents: number, money: (cents: number) => string): string {
  if (priceDeltaCents === 0) return `+ ${name}`;
  const sign = priceDeltaCents > 0 ? '+' : '';
  return `+ ${name} (${sign}${money(priceDeltaCents)})`;
}
