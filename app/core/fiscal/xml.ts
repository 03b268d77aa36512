/**
 * InvoicesDoc XML (AADE myDATA schema v2.0.1) for the three documents a restaurant issues:
 * 8.6 order slip (Δελτίο Παραγγελίας Εστίασης), 11.1 retail receipt (ΑΛΠ), 11.4 retail credit.
 * Elements appear in the schema's sequence order; amounts are decimals from integer cents.
 * 11.1 names its order slips in `multipleConnectedMarks` (AADE's field for a receipt of many
 * 8.6 slips); 11.4 names its receipt in `correlatedInvoices`.
 */
import { minorToDecimal } from '../../shared/money';
import type { DocumentBody } from './body';
import { bodyTotals } from './body';
import { DEFAULT_VAT_EXEMPTION, INCOME_NS, INVOICE_NS, PAYMENT_METHOD_TYPE, RETAIL_INCOME, vatCategoryOf } from './codes';
import type { FiscalDocType } from './settings';

export interface XmlDocument {
  docType: FiscalDocType;
  afm: string;
  branch: number;
  series: string;
  number: number;
  issueDate: string;
  body: DocumentBody;
  /** Marks of the documents this one refers to (8.6 slips of a receipt; the receipt of a credit). */
  correlatedMarks: string[];
}

/** Characters XML 1.0 cannot carry (control characters from an imported menu, lone surrogates) are dropped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const esc = (s: string): string => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const amount = (cents: number): string => minorToDecimal(cents);
const el = (name: string, value: string | number): string => `<${name}>${typeof value === 'number' ? String(value) : esc(value)}</${name}>`;

/** 8.6 is not income yet (the receipt is): its rows are informative (category1_95). */
function classification(docType: FiscalDocType, cents: number): string {
  const inner = docType === '8.6'
    ? `<icls:classificationCategory>category1_95</icls:classificationCategory>${el('icls:amount', amount(cents))}`
    : `${el('icls:classificationType', RETAIL_INCOME.type)}${el('icls:classificationCategory', RETAIL_INCOME.category)}${el('icls:amount', amount(cents))}`;
  return `<incomeClassification>${inner}</incomeClassification>`;
}

function header(d: XmlDocument): string {
  const parts = [el('series', d.series), el('aa', d.number), el('issueDate', d.issueDate), el('invoiceType', d.docType), el('currency', 'EUR')];
  if (d.docType === '11.4') for (const m of d.correlatedMarks) parts.push(el('correlatedInvoices', m));
  if (d.docType === '11.1') for (const m of d.correlatedMarks) parts.push(el('multipleConnectedMarks', m));
  if (d.docType === '8.6') parts.push(el('tableAA', d.body.tableAA ?? '0'));
  return `<invoiceHeader>${parts.join('')}</invoiceHeader>`;
}

function payments(d: XmlDocument): string {
  if (d.body.payments.length === 0) return '';
  const details = d.body.payments.map((p) => `<paymentMethodDetails>${el('type', PAYMENT_METHOD_TYPE[p.method])}${el('amount', amount(p.amountCents))}</paymentMethodDetails>`);
  return `<paymentMethods>${details.join('')}</paymentMethods>`;
}

function rows(d: XmlDocument): string {
  return d.body.rows.map((r, i) => {
    const category = vatCategoryOf(r.rateBp);
    return '<invoiceDetails>' + [
      el('lineNumber', i + 1),
      r.description !== undefined ? el('itemDescr', r.description.slice(0, 300)) : '',
      r.quantity !== undefined ? el('quantity', r.quantity) + el('measurementUnit', 1) : '',
      el('netValue', amount(r.netCents)),
      el('vatCategory', category),
      el('vatAmount', amount(r.vatCents)),
      category === 7 ? el('vatExemptionCategory', DEFAULT_VAT_EXEMPTION) : '',
      classification(d.docType, r.netCents),
    ].join('') + '</invoiceDetails>';
  }).join('');
}

function summary(d: XmlDocument): string {
  const t = bodyTotals(d.body);
  const zero = amount(0);
  return '<invoiceSummary>' + [
    el('totalNetValue', amount(t.netCents)),
    el('totalVatAmount', amount(t.vatCents)),
    el('totalWithheldAmount', zero), el('totalFeesAmount', zero), el('totalStampDutyAmount', zero),
    el('totalOtherTaxesAmount', zero), el('totalDeductionsAmount', zero),
    el('totalGrossValue', amount(t.totalCents)),
    classification(d.docType, t.netCents),
  ].join('') + '</invoiceSummary>';
}

export function invoiceXml(d: XmlDocument): string {
  return '<invoice>'
    + `<issuer>${el('vatNumber', d.afm)}${el('country', 'GR')}${el('branch', d.branch)}</issuer>`
    + header(d) + payments(d) + rows(d) + summary(d)
    + '</invoice>';
}

/** The SendInvoices body: one or more documents in one InvoicesDoc. */
export function invoicesDocXml(docs: readonly XmlDocument[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<InvoicesDoc xmlns="${INVOICE_NS}" xmlns:icls="${INCOME_NS}">${docs.map(invoiceXml).join('')}</InvoicesDoc>\n`;
}
