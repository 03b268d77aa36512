// The subscription as Stripe has it right now: read through the Stripe SDK, or, in
// development billing, from its own store. Used to decide events whose order cannot be known
// (two events with the same `created` second).
import { isDevelopmentBillingEnv } from '../../env';
import type { BillingContext } from '../context';
import { readDevSubscription } from '../dev/store';
import { subscriptionPeriodEndMs, subscriptionSchema, subscriptionStatusFromStripe, type SubscriptionStatus } from '../stripe-events';

export interface SubscriptionTruth {
  status: SubscriptionStatus;
  stripeStatus: string;
  periodEnd: number | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * Null only when there is nothing to ask (development billing that did not create this
 * subscription). A Stripe failure throws: the event is recorded failed and retried.
 */
export async function readSubscriptionTruth(ctx: BillingContext, subscriptionId: string): Promise<SubscriptionTruth | null> {
  if (ctx.stripe) {
    const sub = subscriptionSchema.parse(await ctx.stripe.subscriptions.retrieve(subscriptionId));
    return {
      status: subscriptionStatusFromStripe(sub.status),
      stripeStatus: sub.status,
      periodEnd: subscriptionPeriodEndMs(sub),
      cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    };
  }
  if (!isDevelopmentBillingEnv(ctx.env)) return null;
  const dev = await readDevSubscription(ctx.db, subscriptionId);
  return dev
    ? { status: subscriptionStatusFromStripe(dev.status), stripeStatus: dev.status, periodEnd: dev.periodEndMs, cancelAtPeriodEnd: dev.cancelAtPeriodEnd }
    : null;
}
