/**
 * A fiscal document's content, stored as JSON with it (fiscal_documents.body) and turned into
 * InvoicesDoc XML when it is sent. Rows carry integer cents and the VAT rate; every row's
 * gross is net + VAT exactly (AADE checks it), and the totals are sums of the rows.
 */
import { z } from 'zod';
import { allocateByWeights } from '../money';

const cents = z.number().int();

const bodyRowSchema = z.object({
  /** The order line a slip row stands for (slips only: what was ordered, and how many). */
  orderLineId: z.string().optional(),
  description: z.string().max(300).optional(),
  quantity: z.number().int().positive().optional(),
  rateBp: z.number().int().min(0).max(10_000),
  netCents: cents,
  vatCents: cents,
});
export type BodyRow = z.infer<typeof bodyRowSchema>;

export const documentBodySchema = z.object({
  rows: z.array(bodyRowSchema).min(1),
  payments: z.array(z.object({ method: z.enum(['cash', 'card']), amountCents: cents.positive() })).default([]),
  /** 8.6: the table (AADE's tableAA). */
  tableAA: z.string().max(50).optional(),
  /** 8.6: the kitchen send this slip stands for (its idempotency key), or why it was issued. */
  reason: z.string().max(120).optional(),
});
export type DocumentBody = z.infer<typeof documentBodySchema>;

export function parseBody(json: string): DocumentBody {
  return documentBodySchema.parse(JSON.parse(json));
}

export function bodyTotals(body: DocumentBody): { netCents: number; vatCents: number; totalCents: number } {
  const netCents = body.rows.reduce((a, r) => a + r.netCents, 0);
  const vatCents = body.rows.reduce((a, r) => a + r.vatCents, 0);
  return { netCents, vatCents, totalCents: netCents + vatCents };
}

/** `share` units of `whole`, the rest elsewhere, by largest remainder (pieces sum to `total`). */
export function shareOfUnits(total: number, share: number, whole: number): number {
  if (whole <= 0 || share >= whole) return total;
  return allocateByWeights(total, [share, whole - share])[0] ?? 0;
}

/** One row per VAT rate from a receipt's (or refund's) per-rate VAT and gross: net = gross − VAT. */
export function rowsPerRate(parts: readonly { rateBp: number; grossCents: number; vatCents: number }[]): BodyRow[] {
  return parts
    .filter((p) => p.grossCents !== 0 || p.vatCents !== 0)
    .map((p) => ({ rateBp: p.rateBp, netCents: p.grossCents - p.vatCents, vatCents: p.vatCents }));
}
