import type { Db } from '../../db/connection';
import type { ShopSettings } from '../settings/settings-schema';
import { readOrderSnapshot } from './order-snapshot';
import type { ReceiptModel } from './receipt-model';
import { applyPart, partKey, type ReceiptPart } from './part-receipt';
import { fiscalPrintFor } from './fiscal-block';

/** A customer receipt for an order (or one split guest's part of it), in the shop's language, currency and time zone. */
export function buildCustomerReceipt(
  db: Db, settings: ShopSettings, orderId: string, options: { reprint: boolean; now: number; part?: ReceiptPart | undefined },
): ReceiptModel {
  const order = readOrderSnapshot(db, orderId);
  const full = fullReceipt(order, settings, options);
  const receipt = options.part ? applyPart(full, order, options.part) : full;
  // The 11.1 this receipt is (a split guest's own, keyed like partRef), when fiscal is on.
  const fiscal = fiscalPrintFor(db, options.part ? { orderId, partId: partKey(options.part) } : { orderId });
  return fiscal ? { ...receipt, fiscal } : receipt;
}

function fullReceipt(order: ReturnType<typeof readOrderSnapshot>, settings: ShopSettings, options: { reprint: boolean; now: number }): ReceiptModel {
  const active = order.lines.filter((l) => l.status === 'active');
  const byRate = new Map<number, { rateBasisPoints: number; netCents: number; taxCents: number }>();
  for (const line of active) {
    const rate = byRate.get(line.taxRateBp) ?? { rateBasisPoints: line.taxRateBp, netCents: 0, taxCents: 0 };
    rate.netCents += line.netCents;
    rate.taxCents += line.taxCents;
    byRate.set(line.taxRateBp, rate);
  }
  const business = settings.business;
  return {
    business: {
      name: business.name,
      addressLines: business.addressLines,
      ...(business.phone ? { phone: business.phone } : {}),
      ...(business.taxId ? { taxId: business.taxId } : {}),
    },
    headerLines: settings.receipt.headerLines,
    footerLines: settings.receipt.footerLines,
    orderNumber: order.number,
    orderId: order.id,
    ...(order.tableName ? { tableName: order.tableName } : {}),
    ...(order.staffName ? { staffName: order.staffName } : {}),
    issuedAt: new Date(order.paidAt ?? options.now).toISOString(),
    timeZone: settings.timeZone,
    locale: settings.locale,
    currency: settings.currency,
    language: settings.language,
    taxMode: order.taxMode,
    lines: active.map((l) => ({
      quantity: l.qty,
      name: l.name,
      options: l.options,
      ...(l.note ? { note: l.note } : {}),
      grossCents: l.grossCents,
      // The order discount is spread over lines; the receipt shows it once, at the order level.
      discountCents: 0,
    })),
    subtotalCents: order.subtotalCents,
    discountCents: order.discountCents,
    taxes: [...byRate.values()].sort((a, b) => a.rateBasisPoints - b.rateBasisPoints),
    totalCents: order.totalCents,
    payments: order.payments.map((p) => ({
      method: p.method,
      amountCents: p.amountCents,
      ...(p.tenderedCents !== null ? { tenderedCents: p.tenderedCents } : {}),
    })),
    changeCents: order.payments.reduce((a, p) => a + p.changeCents, 0),
    ...(settings.receipt.qrUrlTemplate ? { qrData: settings.receipt.qrUrlTemplate.replace('{orderId}', order.id) } : {}),
    reprint: options.reprint,
  };
}
