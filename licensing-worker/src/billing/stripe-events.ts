// The parts of Stripe events the worker reads, validated with zod. Loose objects: Stripe adds
// fields all the time; only what we use must be there. Both the current API shapes (period on
// subscription items, subscription under invoice.parent) and the older ones are accepted.
import { z } from 'zod';

export const stripeEventSchema = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(100),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.looseObject({}) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;

/** An id field that Stripe sends either as a string or, when expanded, as an object. */
const idRef = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((v) => (v == null ? null : typeof v === 'string' ? v : v.id));

const metadata = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});

export const checkoutSessionSchema = z.looseObject({
  id: z.string(),
  mode: z.string().nullish(),
  customer: idRef,
  subscription: idRef,
  customer_email: z.string().nullish(),
  customer_details: z.looseObject({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  metadata,
});
export type StripeCheckoutSession = z.infer<typeof checkoutSessionSchema>;

export const invoiceSchema = z.looseObject({
  id: z.string(),
  customer: idRef,
  subscription: idRef,
  parent: z
    .looseObject({ subscription_details: z.looseObject({ subscription: idRef }).nullish() })
    .nullish(),
  billing_reason: z.string().nullish(),
  amount_due: z.number().int().nullish(),
  currency: z.string().nullish(),
  lines: z
    .looseObject({ data: z.array(z.looseObject({ period: z.looseObject({ end: z.number().int() }).nullish() })) })
    .nullish(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;

export const subscriptionSchema = z.looseObject({
  id: z.string(),
  customer: idRef,
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  current_period_end: z.number().int().nullish(),
  ended_at: z.number().int().nullish(),
  items: z
    .looseObject({ data: z.array(z.looseObject({ current_period_end: z.number().int().nullish() })) })
    .nullish(),
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const invoiceSubscriptionId = (invoice: StripeInvoice): string | null =>
  invoice.subscription ?? invoice.parent?.subscription_details?.subscription ?? null;

/** The latest period end on the invoice lines, epoch ms. */
export function invoicePeriodEndMs(invoice: StripeInvoice): number | null {
  const ends = (invoice.lines?.data ?? []).map((l) => l.period?.end ?? 0).filter((e) => e > 0);
  return ends.length ? Math.max(...ends) * 1000 : null;
}

export function subscriptionPeriodEndMs(sub: StripeSubscription): number | null {
  const itemEnds = (sub.items?.data ?? []).map((i) => i.current_period_end ?? 0).filter((e) => e > 0);
  const end = itemEnds.length ? Math.max(...itemEnds) : (sub.current_period_end ?? 0);
  return end > 0 ? end * 1000 : null;
}

export type SubscriptionStatus = 'active' | 'suspended' | 'cancelled';

/** Stripe's many subscription statuses collapsed to the three the app knows. */
export function subscriptionStatusFromStripe(stripeStatus: string): SubscriptionStatus {
  switch (stripeStatus) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'canceled':
    case 'incomplete_expired':
      return 'cancelled';
    default: // past_due, unpaid, incomplete, paused
      return 'suspended';
  }
}

/** A subscription's state as this worker stores it (status, Stripe's own status, period, cancel flag). */
export interface SubscriptionTruth {
  status: SubscriptionStatus;
  stripeStatus: string;
  periodEnd: number | null;
  cancelAtPeriodEnd: boolean;
}

export function subscriptionTruthOf(sub: StripeSubscription): SubscriptionTruth {
  return {
    status: subscriptionStatusFromStripe(sub.status),
    stripeStatus: sub.status,
    periodEnd: subscriptionPeriodEndMs(sub),
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
  };
}
