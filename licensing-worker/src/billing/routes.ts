// Billing endpoints: /checkout, /portal, /refund-request, /webhooks/stripe, and the pages
// Stripe sends the browser back to.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../http/errors';
import { expectCredentials } from '../http/credential-failures';
import { enforceAddressLimit, enforceRateLimit } from '../http/rate-limit';
import { readJson } from '../http/validation';
import { checkoutRequestSchema, portalRequestSchema, refundRequestSchema } from '../protocol/billing';
import { normalizeEmail } from '../tokens';
import { html } from '../email/layout';
import { openBillingPortal, requestRefund } from './account';
import { startCheckout } from './checkout';
import type { BillingContext } from './context';
import { checkYourEmailBody, paymentCompleteBody, sendPage, unknownCheckoutBody } from './pages';
import { createStripeClient } from './stripe';
import { receiveStripeWebhook } from './webhook';
import { z } from 'zod';

export function billingContextOf(c: Context<AppEnv>): BillingContext {
  return {
    env: c.env,
    db: c.get('db'),
    now: c.get('now'),
    requestId: c.get('requestId'),
    stripe: createStripeClient(c.env),
  };
}

const ok = <T extends object>(c: Context<AppEnv>, body: T, status: 200 | 202 = 200) =>
  c.json({ success: true as const, requestId: c.get('requestId'), ...body }, status);

export const billingRoutes = new Hono<AppEnv>();

billingRoutes.post('/checkout', async (c) => {
  await enforceAddressLimit(c, 'checkout:ip');
  const input = await readJson(c, checkoutRequestSchema);
  await enforceRateLimit(c, 'checkout:email', normalizeEmail(input.email));
  return ok(c, await startCheckout(billingContextOf(c), input, (work) => c.executionCtx.waitUntil(work)));
});

const openId = z.string().regex(/^cs_[A-Za-z0-9_-]{1,200}$/);

/**
 * Every checkoutUrl: a new checkout goes on to its payment form; one for an email that already
 * had a subscription says "check your email" (the email explains and points to the portal).
 */
billingRoutes.get('/checkout/open/:id', async (c) => {
  const id = openId.safeParse(c.req.param('id'));
  // A stale link whose email has subscribed since then no longer leads to a second payment.
  const row = id.success
    ? await c.get('db').first<{ kind: string; status: string; checkout_url: string | null; subscribed: number }>(
        `SELECT cs.kind, cs.status, cs.checkout_url,
                EXISTS (SELECT 1 FROM customers c WHERE c.email = cs.email AND c.subscription_status IN ('active', 'suspended')) AS subscribed
         FROM checkout_sessions cs WHERE cs.id = ?`,
        id.data,
      )
    : null;
  if (!row) return sendPage(c, 'Unknown checkout', unknownCheckoutBody, 404);
  const stale = row.status === 'open' && row.subscribed === 1;
  if (row.kind === 'existing' || stale || row.status === 'duplicate' || !row.checkout_url) return sendPage(c, 'Check your email', checkYourEmailBody);
  return c.redirect(row.checkout_url, 303);
});

billingRoutes.post('/portal', async (c) => {
  await enforceAddressLimit(c, 'account:ip');
  const input = await readJson(c, portalRequestSchema);
  expectCredentials(c, input.email);
  return ok(c, await openBillingPortal(billingContextOf(c), input));
});

billingRoutes.post('/refund-request', async (c) => {
  await enforceAddressLimit(c, 'account:ip');
  const input = await readJson(c, refundRequestSchema);
  expectCredentials(c, input.email);
  return ok(c, { ...(await requestRefund(billingContextOf(c), input)), status: 'received' as const }, 202);
});

billingRoutes.post('/webhooks/stripe', async (c) => {
  const rawBody = await c.req.text();
  const result = await receiveStripeWebhook(billingContextOf(c), rawBody, c.req.header('Stripe-Signature'));
  return c.json({ received: true, ...result });
});

const sessionIdQuery = z.object({ session_id: z.string().regex(/^cs_[A-Za-z0-9_-]{1,200}$/).optional() });

billingRoutes.get('/checkout/success', (c) => {
  const query = sessionIdQuery.safeParse(c.req.query());
  if (!query.success) throw new ApiError('INVALID_REQUEST', 'Unknown checkout session.', { issues: [] });
  return sendPage(c, 'Payment complete', paymentCompleteBody(query.data.session_id ?? null));
});

billingRoutes.get('/checkout/cancelled', (c) =>
  sendPage(c, 'Checkout cancelled', html`<h1>Checkout cancelled</h1><p>Nothing was charged. You can close this window and return to POSPal.</p>`),
);

billingRoutes.get('/billing/return', (c) =>
  sendPage(c, 'POSPal billing', html`<h1>All set</h1><p>You can close this window and return to POSPal.</p>`),
);
