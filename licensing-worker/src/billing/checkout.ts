// Starting a subscription: a Stripe Checkout session in subscription mode (or, in development
// billing, a checkout page served by this worker), recorded for instant activation.
//
// The answer never tells whether the email is already subscribed (rule 6): the same status and
// body, the same work (a Stripe session is created either way, so the timing class is the same),
// and the email to the account goes out after the answer (`defer`, i.e. waitUntil). Every
// checkoutUrl is this worker's /checkout/open/<id>: a new checkout redirects to the payment
// form, one for an already-subscribed email shows "check your email".
import { isDevelopmentBillingEnv } from '../env';
import { ApiError } from '../http/errors';
import { randomSecret } from '../ids';
import type { CheckoutRequest } from '../protocol/billing';
import { normalizeEmail } from '../tokens';
import { sendEmail } from '../email';
import { emailContextOf, publicUrl, type BillingContext } from './context';
import { findCustomerByEmail, hasLiveSubscription, type BillingCustomer } from './customers';
import { errorText, logEvent } from '../log';

export interface StartedCheckout {
  checkoutUrl: string;
  sessionId: string;
}

/** Work that runs after the answer is sent (the request's waitUntil). */
export type Defer = (work: Promise<unknown>) => void;

export const billingNotConfigured = () =>
  new ApiError('SERVICE_UNAVAILABLE', 'Billing is not configured on this server (STRIPE_SECRET_KEY / STRIPE_PRICE_ID).');

export const isDevelopmentBilling = (ctx: Pick<BillingContext, 'env' | 'stripe'>): boolean =>
  !ctx.stripe && isDevelopmentBillingEnv(ctx.env);

export const checkoutOpenUrl = (ctx: Pick<BillingContext, 'env'>, sessionId: string): string =>
  publicUrl(ctx, `/checkout/open/${encodeURIComponent(sessionId)}`);

async function createPaymentSession(ctx: BillingContext, input: Required<CheckoutRequest>, email: string, existing: BillingCustomer | null) {
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
    return { sessionId: session.id, paymentUrl: session.url };
  }
  if (isDevelopmentBilling(ctx)) {
    const sessionId = `cs_dev_${randomSecret(18)}`;
    return { sessionId, paymentUrl: publicUrl(ctx, `/dev/checkout/${sessionId}`) };
  }
  throw billingNotConfigured();
}

/** Told by email, after the answer: the subscribed email's owner, and the Stripe session closed. */
async function continueByEmail(ctx: BillingContext, customer: BillingCustomer, sessionId: string): Promise<void> {
  const results = await Promise.allSettled([
    sendEmail(emailContextOf(ctx), { to: customer.email, template: 'checkout_already_subscribed', data: { name: customer.name }, customerId: customer.id }),
    ctx.stripe ? ctx.stripe.checkout.sessions.expire(sessionId) : Promise.resolve(null),
  ]);
  for (const r of results) {
    if (r.status === 'rejected') logEvent('error', 'checkout_existing_followup_failed', { requestId: ctx.requestId, error: errorText(r.reason) });
  }
}

export async function startCheckout(ctx: BillingContext, input: Required<CheckoutRequest>, defer: Defer): Promise<StartedCheckout> {
  const email = normalizeEmail(input.email);
  const existing = await findCustomerByEmail(ctx.db, email);
  const subscribed = existing !== null && hasLiveSubscription(existing);
  const { sessionId, paymentUrl } = await createPaymentSession(ctx, input, email, existing);
  await ctx.db.run(
    `INSERT INTO checkout_sessions (id, email, name, business_name, status, claim_hash, kind, checkout_url, created_at)
     VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    sessionId,
    email,
    input.name,
    input.businessName,
    input.claimHash,
    subscribed ? 'existing' : 'new',
    paymentUrl,
    ctx.now(),
  );
  if (subscribed) defer(continueByEmail(ctx, existing, sessionId));
  return { checkoutUrl: checkoutOpenUrl(ctx, sessionId), sessionId };
}
