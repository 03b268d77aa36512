import { fiscalFootLines, fiscalIdLines, fiscalQrData, fiscalTitle } from './fiscal-block';
import { receiptLabels, paymentMethodLabel } from './labels';
import { formatMoney, formatRate } from './money-format';
import { formatIssuedAt, optionLabel, type ReceiptModel } from './receipt-model';
import { qrSvg } from './qr-svg';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attributes: all user text passes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const STYLE = `
body{margin:0;background:#fff;color:#111}
.receipt{font:14px/1.35 ui-monospace,Menlo,Consolas,monospace;max-width:22rem;margin:0 auto;padding:1rem}
.c{text-align:center}.b{font-weight:700}.big{font-size:1.3em}.reprint{border:2px solid #111;padding:.2rem}
.row{display:flex;justify-content:space-between;gap:1rem}.sub{padding-left:1.5rem;color:#444}
hr{border:0;border-top:1px dashed #111}
.fiscal{margin:.5rem 0}.qr{display:block;width:11rem;height:11rem;margin:.5rem auto}
`;

/**
 * A standalone, printable HTML page of the receipt (preview on screen, "save as PDF" from the
 * browser). No scripts, no external resources: safe to show in a sandboxed iframe.
 */
export function renderReceiptHtml(model: ReceiptModel): string {
  const labels = receiptLabels(model.language);
  const e = escapeHtml;
  const money = (cents: number) => e(formatMoney(cents, model));
  const row = (left: string, right: string, cls = '') =>
    `<div class="row ${cls}"><span>${left}</span><span>${right}</span></div>`;
  const parts: string[] = [];

  if (model.reprint) parts.push(`<p class="c b reprint">${e(labels.reprint)}</p>`);
  parts.push(`<h1 class="c big">${e(model.business.name)}</h1>`);
  for (const text of model.business.addressLines) parts.push(`<div class="c">${e(text)}</div>`);
  if (model.business.phone) parts.push(`<div class="c">${e(labels.phone)} ${e(model.business.phone)}</div>`);
  if (model.business.taxId && !model.fiscal) parts.push(`<div class="c">${e(labels.taxId)} ${e(model.business.taxId)}</div>`);
  for (const text of model.headerLines) parts.push(`<div class="c">${e(text)}</div>`);
  if (model.fiscal) {
    const [el, en] = fiscalTitle(model.fiscal);
    parts.push(`<div class="c fiscal" data-fiscal="title"><div class="b">${e(el)}</div><div>${e(en)}</div>`
      + fiscalIdLines(model.fiscal).map((l) => `<div>${e(l)}</div>`).join('') + '</div>');
  }
  parts.push('<hr>');
  parts.push(row(`<b>${e(labels.order)} #${model.orderNumber}</b>`, model.tableName ? `${e(labels.table)} ${e(model.tableName)}` : ''));
  parts.push(row(e(formatIssuedAt(model)), e(model.staffName ?? '')));
  if (model.partLabel) parts.push(`<div class="b">${e(model.partLabel)}</div>`);
  parts.push('<hr>');

  for (const line of model.lines) {
    parts.push(row(`${line.quantity} × ${e(line.name)}`, money(line.grossCents)));
    for (const option of line.options) {
      parts.push(`<div class="sub">${e(optionLabel(option.name, option.priceDeltaCents, (c) => formatMoney(c, model)))}</div>`);
    }
    if (line.note) parts.push(`<div class="sub">${e(labels.note)}: ${e(line.note)}</div>`);
    if (line.discountCents !== 0) parts.push(row(e(labels.discount), money(-line.discountCents), 'sub'));
  }
  parts.push('<hr>');
  parts.push(row(e(labels.subtotal), money(model.subtotalCents)));
  if (model.discountCents !== 0) parts.push(row(e(labels.discount), money(-model.discountCents)));
  for (const tax of model.taxes) {
    const suffix = model.taxMode === 'inclusive' ? ` (${e(labels.taxIncluded)})` : '';
    parts.push(row(`${e(labels.tax)} ${e(formatRate(tax.rateBasisPoints, model.locale))}${suffix}`, money(tax.taxCents)));
  }
  parts.push(row(e(labels.total), money(model.totalCents), 'b big'));
  parts.push('<hr>');
  for (const payment of model.payments) {
    parts.push(row(e(paymentMethodLabel(payment.method, labels)), money(payment.tenderedCents ?? payment.amountCents)));
  }
  if (model.changeCents > 0) parts.push(row(e(labels.change), money(model.changeCents), 'b'));
  if (model.fiscal) {
    const pending = model.fiscal.document.state === 'pending';
    const qr = fiscalQrData(model.fiscal);
    parts.push(`<div class="c fiscal${pending ? ' b' : ''}" data-fiscal="${pending ? 'pending' : 'registered'}">`
      + fiscalFootLines(model.fiscal).map((l) => `<div>${e(l)}</div>`).join('')
      + (qr ? qrSvg(qr, { class: 'qr', 'data-qr': 'fiscal', role: 'img', 'aria-label': 'QR' }) : '') + '</div>');
  }
  for (const text of model.footerLines) parts.push(`<div class="c">${e(text)}</div>`);
  if (model.qrData && !model.fiscal) parts.push(`<div class="c sub">${e(model.qrData)}</div>`);

  const title = `${model.business.name} #${model.orderNumber}`;
  return `<!doctype html><html lang="${e(model.language)}"><head><meta charset="utf-8">` +
    `<title>${e(title)}</title><style>${STYLE}</style></head>` +
    `<body><article class="receipt">${parts.join('')}</article></body></html>`;
}
