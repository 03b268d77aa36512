// Development billing (ENVIRONMENT explicitly development or test, and no STRIPE_SECRET_KEY):
// the checkout page, its Pay button, simulated billing events and /dev/outbox. Every event is
// signed with STRIPE_WEBHOOK_SECRET and fed through the same handler as POST /webhooks/stripe.
// Anywhere else (production-like environment, or a Stripe key set) none of these routes exist (404).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { isDevelopmentBillingEnv } from '../../env';
import { ApiError } from '../../http/errors';
import { parseWith, readJson } from '../../http/validation';
import { simulateRequestSchema, type SimulateRequest } from '../../protocol/billing';
import { normalizeEmail } from '../../tokens';
import type { BillingContext } from '../context';
import { findCustomerByEmail } from '../customers';
import { checkYourEmailBody, paymentCompleteBody, sendPage } from '../pages';
import { billingContextOf } from '../routes';
import { signStripePayload } from '../stripe';
import { receiveStripeWebhook, type WebhookResult } from '../webhook';
import { checkoutCompletedEvent, simulatedEvent, type DevCheckout } from './events';
import { recordDevSubscription } from './store';
import { billingPageBody, checkoutPageBody, devMailboxNote } from './pages';

const notFound = () => new ApiError('NOT_FOUND', 'No such endpoint.');
const checkoutId = z.string().regex(/^cs_dev_[A-Za-z0-9_-]{10,64}$/);

/** Signs the event like Stripe and hands it to the real webhook handler. */
async function deliverEvent(ctx: BillingContext, event: Parameters<typeof recordDevSubscription>[1]): Promise<WebhookResult> {
  await recordDevSubscription(ctx.db, event, ctx.now()); // what "Stripe" now says about the subscription
  const payload = JSON.stringify(event);
  const signature = await signStripePayload(payload, ctx.env.STRIPE_WEBHOOK_SECRET, ctx.now());
  return receiveStripeWebhook(ctx, payload, signature);
}

interface CheckoutRow extends DevCheckout {
  status: string;
}

async function findDevCheckout(c: Context<AppEnv>, id: string): Promise<CheckoutRow> {
  const parsed = checkoutId.safeParse(id);
  if (!parsed.success) throw notFound();
  const row = await c.get('db').first<CheckoutRow>(
    'SELECT id, email, name, business_name, status FROM checkout_sessions WHERE id = ?',
    parsed.data,
  );
  if (!row) throw notFound();
  return row;
}

export const devBillingRoutes = new Hono<AppEnv>();

devBillingRoutes.use('/dev/*', async (c, next) => {
  if (!isDevelopmentBillingEnv(c.env)) throw notFound();
  await next();
});

devBillingRoutes.get('/dev/checkout/:id', async (c) => {
  const checkout = await findDevCheckout(c, c.req.param('id'));
  if (checkout.status === 'completed') {
    const outbox = `/dev/outbox?to=${encodeURIComponent(checkout.email)}`;
    return sendPage(c, 'Payment complete', paymentCompleteBody(checkout.id, devMailboxNote(outbox)));
  }
  // Paid although the email already had a live subscription: recorded and undone (rule 1).
  if (checkout.status === 'duplicate') return sendPage(c, 'Check your email', checkYourEmailBody);
  return sendPage(c, 'POSPal checkout (development)', checkoutPageBody(checkout));
});

devBillingRoutes.post('/dev/checkout/:id/pay', async (c) => {
  const checkout = await findDevCheckout(c, c.req.param('id'));
  if (checkout.status === 'open') {
    const ctx = billingContextOf(c);
    await deliverEvent(ctx, checkoutCompletedEvent(checkout, ctx.now()));
  }
  return c.redirect(`/dev/checkout/${checkout.id}`, 303);
});

async function readSimulateRequest(c: Context<AppEnv>): Promise<{ input: SimulateRequest; form: boolean }> {
  const type = c.req.header('Content-Type') ?? '';
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const body = await c.req.parseBody();
    return { input: parseWith(simulateRequestSchema, { email: body.email, event: body.event }), form: true };
  }
  return { input: await readJson(c, simulateRequestSchema), form: false };
}

devBillingRoutes.post('/dev/simulate', async (c) => {
  const { input, form } = await readSimulateRequest(c);
  const ctx = billingContextOf(c);
  const customer = await findCustomerByEmail(ctx.db, input.email);
  if (!customer?.stripe_subscription_id) {
    throw new ApiError('INVALID_REQUEST', 'No subscribed customer with that email.', { issues: [{ path: 'email', message: 'unknown customer' }] });
  }
  const result = await deliverEvent(ctx, simulatedEvent(input.event, customer, ctx.now()));
  if (form) {
    const query = new URLSearchParams({ email: customer.email, done: input.event });
    return c.redirect(`/dev/billing?${query.toString()}`, 303);
  }
  return c.json({ success: true, requestId: c.get('requestId'), ...result });
});

const billingQuery = z.object({ email: z.string().max(254).optional(), done: z.string().max(40).optional() });

devBillingRoutes.get('/dev/billing', async (c) => {
  const query = billingQuery.safeParse(c.req.query());
  const email = query.success ? normalizeEmail(query.data.email ?? '') : '';
  const customer = email ? await findCustomerByEmail(c.get('db'), email) : null;
  const done = query.success && query.data.done ? simulateRequestSchema.shape.event.safeParse(query.data.done) : null;
  const notice = done?.success ? `Simulated: ${done.data.replace('_', ' ')}.` : null;
  return sendPage(c, 'POSPal billing (development)', billingPageBody(email, customer, notice));
});

const outboxQuery = z.object({
  to: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Every email the worker wrote, newest first (development: this is the mailbox). */
devBillingRoutes.get('/dev/outbox', async (c) => {
  const query = parseWith(outboxQuery, c.req.query());
  const emails = await c.get('db').all<Record<string, unknown>>(
    // The unredacted copy (dev_outbox, development/test only) where there is one.
    `SELECT e.id, e.at, e.customer_id AS customerId, e.to_address AS "to", e.template, e.subject,
       COALESCE(d.text, e.text) AS text, COALESCE(d.html, e.html) AS html, e.status, e.provider_id AS providerId, e.error
     FROM email_log e LEFT JOIN dev_outbox d ON d.email_log_id = e.id
     WHERE (?1 IS NULL OR e.to_address = ?1) ORDER BY e.id DESC LIMIT ?2`,
    query.to ? normalizeEmail(query.to) : null,
    query.limit,
  );
  return c.json({ success: true, requestId: c.get('requestId'), emails });
});

