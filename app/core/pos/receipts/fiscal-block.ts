/**
 * The fiscal block of a printed document (issue 15, myDATA): when fiscal documents are on, the
 * receipt, the refund slip and the table's order slip say which document they are, in Greek and
 * English (type name, series and number, the issuer's ΑΦΜ), and carry what AADE returned for it
 * (ΜΑΡΚ, UID, the QR code of its link), or "pending transmission" while it waits in the outbox.
 * The words are fixed by the tax rules, not by the shop's language, so they are not in labels.ts.
 */
import type { Db } from '../../db/connection';
import { receiptFiscalFor, type ReceiptFiscal } from '../../fiscal/receipt-link';
import { readFiscalSettings } from '../../fiscal/settings';
import { QR_MAX_BYTES } from './escpos-qr';

export type FiscalDocType = ReceiptFiscal['docType'];

/** What a printed document needs to show its fiscal block. */
export interface FiscalPrint {
  document: ReceiptFiscal;
  /** The issuer's ΑΦΜ (fiscal settings). */
  issuerAfm: string;
}

export const FISCAL_TYPE_NAMES: Record<FiscalDocType, { el: string; en: string }> = {
  '11.1': { el: 'ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ', en: 'Retail sales receipt' },
  '8.6': { el: 'ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ ΕΣΤΙΑΣΗΣ', en: 'Restaurant order slip' },
  '11.4': { el: 'ΠΙΣΤΩΤΙΚΟ ΣΤΟΙΧΕΙΟ ΛΙΑΝΙΚΗΣ', en: 'Retail credit note' },
};

export const FISCAL_WORDS = {
  series: 'Σειρά/Series',
  number: 'Αρ./No.',
  afm: 'ΑΦΜ/VAT no.',
  mark: 'ΜΑΡΚ',
  uid: 'UID',
  authCode: 'Κωδ./Auth.',
  pending: 'ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ / pending transmission',
} as const;

/** The title lines: the type name in Greek, then in English. */
export function fiscalTitle(print: FiscalPrint): [string, string] {
  const name = FISCAL_TYPE_NAMES[print.document.docType];
  return [name.el, name.en];
}

/** Under the title: series and number, the issuer's ΑΦΜ. */
export function fiscalIdLines(print: FiscalPrint): string[] {
  const { document } = print;
  return [
    `${FISCAL_WORDS.series} ${document.series} - ${FISCAL_WORDS.number} ${document.number}`,
    `${FISCAL_WORDS.afm} ${print.issuerAfm}`,
  ];
}

/** At the foot: ΜΑΡΚ, UID (and the authentication code when AADE gave one), or the pending line. */
export function fiscalFootLines(print: FiscalPrint): string[] {
  const { document } = print;
  if (document.state === 'pending') return [FISCAL_WORDS.pending];
  return [
    `${FISCAL_WORDS.mark} ${document.mark}`,
    `${FISCAL_WORDS.uid} ${document.uid}`,
    ...(document.authenticationCode ? [`${FISCAL_WORDS.authCode} ${document.authenticationCode}`] : []),
  ];
}

/**
 * An http(s) URL of RFC 3986 characters only: no spaces, controls, quotes, angle brackets or
 * square brackets (the decoder's own delimiters), short enough for one QR code.
 */
const SAFE_URL = /^https?:\/\/[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+$/;

/**
 * The QR code's data: AADE's link for a registered document, only if it is a plain http(s) URL
 * (the characters above, fits a QR code); anything else prints no QR at all,
 * so a corrupted or hostile answer can't put bytes into the symbol or the decoder's view of it.
 */
export function fiscalQrData(print: FiscalPrint): string | null {
  const { document } = print;
  if (document.state !== 'registered') return null;
  const url = document.qrUrl;
  return SAFE_URL.test(url) && url.length <= QR_MAX_BYTES ? url : null;
}

/** The fiscal block of an order's receipt, a split part's, a refund's or the order's latest 8.6; null when fiscal is off or none exists. */
export function fiscalPrintFor(db: Db, ref: Parameters<typeof receiptFiscalFor>[1]): FiscalPrint | null {
  const document = receiptFiscalFor(db, ref);
  return document ? { document, issuerAfm: document.issuerAfm ?? readFiscalSettings(db).afm ?? '' } : null;
}
