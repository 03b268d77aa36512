// Starting a subscription: a Stripe Checkout session in subscription mode (or, in development
// billing, a checkout page served by this worker), recorded for instant activation.
import { isDevelopmentBillingEnv } from '../env';
import { ApiError } from '../http/errors';
import { randomSecret } from '../ids';
import type { CheckoutRequest } from '../protocol/billing';
import { normalizeEmail } from '../tokens';
import { publicUrl, type BillingContext } from './context';
import { findCustomerByEmail, hasLiveSubscription } from './customers';

export interface StartedCheckout {
  checkoutUrl: string;
  sessionId: string;
}

export const billingNotConfigured = () =>
  new ApiError('SERVICE_UNAVAILABLE', 'Billing is not configured on this server (STRIPE_SECRET_KEY / STRIPE_PRICE_ID).');

export const isDevelopmentBilling = (ctx: Pick<BillingContext, 'env' | 'stripe'>): boolean =>
  !ctx.stripe && isDevelopmentBillingEnv(ctx.env);

export async function startCheckout(ctx: BillingContext, input: Required<CheckoutRequest>): Promise<StartedCheckout> {
  const email = normalizeEmail(input.email);
  const existing = await findCustomerByEmail(ctx.db, email);
  if (existing && hasLiveSubscription(existing)) {
    // No portal link here: only the token holder may manage the subscription.
    throw new ApiError('ALREADY_SUBSCRIBED', 'This email already has a subscription. Use "Recover token" or "Manage billing" in the app.');
  }

  let started: StartedCheckout;
  if (ctx.stripe) {
    const price = ctx.env.STRIPE_PRICE_ID;
    if (!price) throw billingNotConfigured();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price, quantity: 1 }],
      // A returning customer keeps its Stripe customer (payment methods, invoices).
      ...(existing?.stripe_customer_id ? { customer: existing.stripe_customer_id } : { customer_email: email }),
      success_url: publicUrl(ctx, '/checkout/success?session_id={CHECKOUT_SESSION_ID}'),
      cancel_url: publicUrl(ctx, '/checkout/cancelled'),
      metadata: { name: input.name, businessName: input.businessName },
      subscription_data: { metadata: { email } },
    });
    if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
    started = { checkoutUrl: session.url, sessionId: session.id };
  } else if (isDevelopmentBilling(ctx)) {
    const sessionId = `cs_dev_${randomSecret(18)}`;
    started = { checkoutUrl: publicUrl(ctx, `/dev/checkout/${sessionId}`), sessionId };
  } else {
    throw billingNotConfigured();
  }

  await ctx.db.run(
    `INSERT INTO checkout_sessions (id, email, name, business_name, status, created_at) VALUES (?, ?, ?, ?, 'open', ?)`,
    started.sessionId,
    email,
    input.name,
    input.businessName,
    ctx.now(),
  );
  return started;
}
