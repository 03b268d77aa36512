// The subscription as Stripe has it right now: read through the Stripe SDK, or, in
// development billing, from its own store. Used to decide events whose order cannot be known
// (two events with the same `created` second).
import { isDevelopmentBillingEnv } from '../../env';
import type { BillingContext } from '../context';
import { readDevSubscription } from '../dev/store';
import { subscriptionSchema, subscriptionStatusFromStripe, subscriptionTruthOf, type SubscriptionTruth } from '../stripe-events';

export type { SubscriptionTruth };

/**
 * Null only when there is nothing to ask (development billing that did not create this
 * subscription). A Stripe failure throws: the event is recorded failed and retried.
 */
export async function readSubscriptionTruth(ctx: BillingContext, subscriptionId: string): Promise<SubscriptionTruth | null> {
  if (ctx.stripe) {
    return subscriptionTruthOf(subscriptionSchema.parse(await ctx.stripe.subscriptions.retrieve(subscriptionId)));
  }
  if (!isDevelopmentBillingEnv(ctx.env)) return null;
  const dev = await readDevSubscription(ctx.db, subscriptionId);
  return dev
    ? { status: subscriptionStatusFromStripe(dev.status), stripeStatus: dev.status, periodEnd: dev.periodEndMs, cancelAtPeriodEnd: dev.cancelAtPeriodEnd }
    : null;
}
