/**
 * A split guest's receipt is that guest's bill: the part's lines (units of the table's lines,
 * divided like `splitBillByItems` does: largest remainder over units) or "1/N of the bill" for
 * an equal split, the part's total and VAT, and only the part's payments. The table's own
 * receipt (no part) stays what it was.
 */
import { z } from 'zod';
import { PosError } from '../../errors';
import { allocateByWeights } from '../../money';
import { formatMoney } from './money-format';
import { receiptLabels } from './labels';
import type { OrderSnapshot } from './order-snapshot';
import type { ReceiptModel, ReceiptTaxLine } from './receipt-model';

const id = z.string().min(1).max(64);
export const receiptPartSchema = z.object({
  /** The payments this guest made (payment.take's answer). */
  paymentIds: z.array(id).min(1).max(20),
  /** Split by items: the units this guest took. */
  items: z.array(z.object({ lineId: id, qty: z.number().int().min(1).max(999) })).min(1).max(200).optional(),
  /** Split equally: one of `of` parts. */
  shareOf: z.number().int().min(2).max(100).optional(),
}).refine((p) => (p.items === undefined) !== (p.shareOf === undefined), { message: 'give either items or shareOf', path: ['items'] });
export type ReceiptPart = z.infer<typeof receiptPartSchema>;

/** A part's own key: its first payment id (also the fiscal_documents.part_id of its 11.1). */
export function partKey(part: ReceiptPart): string {
  return [...part.paymentIds].sort()[0] ?? '';
}

/** Key for "was this part printed before": the part's first payment. */
export function partRef(orderId: string, part: ReceiptPart): string {
  return `${orderId}:part:${partKey(part)}`;
}

/** `share` of `total`, the rest elsewhere, by largest remainder (the pieces sum to `total`). */
const shareOf = (total: number, share: number, whole: number): number => (whole <= 0 ? 0 : allocateByWeights(total, [share, Math.max(0, whole - share)])[0] ?? 0);

export function applyPart(full: ReceiptModel, order: OrderSnapshot, part: ReceiptPart): ReceiptModel {
  const labels = receiptLabels(full.language);
  const wanted = new Set(part.paymentIds);
  const payments = order.payments.filter((p) => wanted.has(p.id));
  if (payments.length !== wanted.size) throw new PosError('SPLIT_INVALID', 'A payment is not on this bill', { paymentIds: part.paymentIds });
  const paid = payments.reduce((a, p) => a + p.amountCents, 0);
  const taxes = new Map<number, ReceiptTaxLine>();
  const addTax = (rateBasisPoints: number, netCents: number, taxCents: number) => {
    const t = taxes.get(rateBasisPoints) ?? { rateBasisPoints, netCents: 0, taxCents: 0 };
    t.netCents += netCents;
    t.taxCents += taxCents;
    taxes.set(rateBasisPoints, t);
  };
  let lines: ReceiptModel['lines'];
  let subtotal: number;
  let total: number;
  if (part.items) {
    const active = new Map(order.lines.filter((l) => l.status === 'active').map((l) => [l.id, l]));
    const taken = new Map<string, number>();
    for (const s of part.items) taken.set(s.lineId, (taken.get(s.lineId) ?? 0) + s.qty);
    lines = [];
    subtotal = 0;
    total = 0;
    for (const [lineId, qty] of taken) {
      const line = active.get(lineId);
      if (!line) throw new PosError('SPLIT_INVALID', 'A line is not on this bill', { lineId });
      if (qty > line.qty) throw new PosError('SPLIT_INVALID', 'More units than the line has', { lineId, qty: line.qty, assigned: qty });
      const gross = shareOf(line.grossCents, qty, line.qty);
      subtotal += gross;
      total += shareOf(line.totalCents, qty, line.qty);
      addTax(line.taxRateBp, shareOf(line.netCents, qty, line.qty), shareOf(line.taxCents, qty, line.qty));
      lines.push({ quantity: qty, name: line.name, options: line.options, ...(line.note ? { note: line.note } : {}), grossCents: gross, discountCents: 0 });
    }
  } else {
    // An equal share: the part is what the guest paid; VAT is that share of each rate's VAT.
    const of = part.shareOf ?? 2;
    subtotal = paid;
    total = paid;
    for (const t of full.taxes) addTax(t.rateBasisPoints, shareOf(t.netCents, paid, full.totalCents), shareOf(t.taxCents, paid, full.totalCents));
    lines = [{ quantity: 1, name: labels.shareOfBill.replace('{of}', String(of)), options: [], grossCents: paid, discountCents: 0 }];
  }
  const taxSum = [...taxes.values()].reduce((a, t) => a + t.taxCents, 0);
  return {
    ...full,
    lines,
    subtotalCents: subtotal,
    // Whatever the order discount took from these units, so subtotal − discount (+ VAT) = total.
    discountCents: subtotal + (full.taxMode === 'exclusive' ? taxSum : 0) - total,
    taxes: [...taxes.values()].sort((a, b) => a.rateBasisPoints - b.rateBasisPoints),
    totalCents: total,
    payments: payments.map((p) => ({ method: p.method, amountCents: p.amountCents, ...(p.tenderedCents !== null ? { tenderedCents: p.tenderedCents } : {}) })),
    changeCents: payments.reduce((a, p) => a + p.changeCents, 0),
    partLabel: `${labels.split} · ${labels.tableTotal} ${formatMoney(full.totalCents, full)}`,
  };
}
