// Billing state follows Stripe's truth (issue 8, rules 7–10), tried with events built from
// Stripe's own fixtures (test/fixtures): invoices cannot revive or un-suspend what Stripe would
// not, unknown customers are acknowledged, and same-second ties are decided by Stripe.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  callWorker,
  customerByEmail,
  deliverWebhook,
  emailsTo,
  fakeStripeRequests,
  newClaimHash,
  postJson,
  stripeOverrides,
  uniqueEmail,
  uniqueId,
} from './billing-helpers';
import { fixtureCheckoutSession, fixtureEvent, fixtureInvoice, fixtureSubscription, OLDER_API_VERSION } from './stripe-fixtures';

const nowS = () => Math.floor(Date.now() / 1000);

const eventRow = (id: string) =>
  env.DB.prepare('SELECT status, last_error FROM webhook_events WHERE id = ?').bind(id).first<{ status: string; last_error: string | null }>();

/** A customer subscribed an hour ago through a fixture checkout.session.completed. */
async function subscribed(tag: string, subscriptionPrefix = 'sub') {
  const email = uniqueEmail(tag);
  const ids = { customer: uniqueId('cus'), subscription: uniqueId(subscriptionPrefix) };
  const checkout = fixtureEvent('checkout.session.completed', fixtureCheckoutSession({ email, ...ids }), nowS() - 3600);
  const res = await deliverWebhook(checkout);
  if (res.status !== 200) throw new Error(`checkout answered ${res.status}`);
  return { email, ids };
}

const invoiceEvent = (
  type: 'invoice.paid' | 'invoice.payment_failed',
  fields: Parameters<typeof fixtureInvoice>[0],
  createdS: number,
) => fixtureEvent(type, fixtureInvoice({ status: type === 'invoice.paid' ? 'paid' : 'open', ...fields }), createdS, fields.shape === '2024' ? OLDER_API_VERSION : undefined);

async function deliverOk(event: Parameters<typeof deliverWebhook>[0], overrides = {}) {
  const res = await deliverWebhook(event, overrides);
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string };
}

describe('rule 7: only invoices of the current subscription change state', () => {
  it.each(['current', '2024'] as const)('invoice.paid after customer.subscription.deleted does not revive the cancelled customer (%s invoice shape)', async (shape) => {
    const { email, ids } = await subscribed(`revive-${shape}`);
    await deliverOk(fixtureEvent('customer.subscription.deleted', fixtureSubscription({ id: ids.subscription, customer: ids.customer, status: 'canceled' }), nowS() - 100));
    expect((await customerByEmail(email))?.subscription_status).toBe('cancelled');
    const late = invoiceEvent('invoice.paid', { customer: ids.customer, subscription: ids.subscription, shape }, nowS() - 50);
    expect(await deliverOk(late)).toMatchObject({ status: 'ignored' });
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'cancelled', stripe_status: 'canceled' });
    expect((await emailsTo(email)).map((e) => e.template)).toEqual(['welcome', 'subscription_cancelled']);
  });

  it('a paid one-off invoice (no subscription) does not un-suspend a suspended customer', async () => {
    const { email, ids } = await subscribed('one-off');
    await deliverOk(invoiceEvent('invoice.payment_failed', { customer: ids.customer, subscription: ids.subscription }, nowS() - 100));
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
    const oneOff = invoiceEvent('invoice.paid', { customer: ids.customer, subscription: null, billingReason: 'manual' }, nowS() - 50);
    expect(await deliverOk(oneOff)).toMatchObject({ status: 'ignored' });
    expect(await eventRow(oneOff.id)).toMatchObject({ status: 'ignored', last_error: 'invoice without a subscription' });
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
  });

  it("an invoice of another subscription of the same Stripe customer does not touch the customer's state", async () => {
    const { email, ids } = await subscribed('other-sub');
    await deliverOk(invoiceEvent('invoice.payment_failed', { customer: ids.customer, subscription: ids.subscription }, nowS() - 100));
    const other = invoiceEvent('invoice.paid', { customer: ids.customer, subscription: uniqueId('sub') }, nowS() - 50);
    expect(await deliverOk(other)).toMatchObject({ status: 'ignored' });
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
  });

  it('billing_reason is respected: a paid proration invoice does not reactivate, the paid cycle invoice does (both invoice shapes)', async () => {
    for (const shape of ['current', '2024'] as const) {
      const { email, ids } = await subscribed(`reason-${shape}`);
      await deliverOk(invoiceEvent('invoice.payment_failed', { customer: ids.customer, subscription: ids.subscription, shape }, nowS() - 100));
      expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
      const proration = invoiceEvent('invoice.paid', { customer: ids.customer, subscription: ids.subscription, billingReason: 'subscription_update', shape }, nowS() - 80);
      expect(await deliverOk(proration)).toMatchObject({ status: 'ignored' });
      expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
      const periodEndS = nowS() + 31 * 86_400;
      const cycle = invoiceEvent('invoice.paid', { customer: ids.customer, subscription: ids.subscription, billingReason: 'subscription_cycle', periodEndS, shape }, nowS() - 60);
      expect(await deliverOk(cycle)).toMatchObject({ status: 'applied' });
      expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'active', current_period_end: periodEndS * 1000 });
    }
  });
});

describe('rule 8: events about customers or subscriptions this worker does not know', () => {
  it.each([
    ['invoice.payment_failed', () => invoiceEvent('invoice.payment_failed', { customer: uniqueId('cus'), subscription: uniqueId('sub') }, nowS())],
    ['invoice.paid', () => invoiceEvent('invoice.paid', { customer: uniqueId('cus'), subscription: uniqueId('sub') }, nowS())],
    ['customer.subscription.deleted', () => fixtureEvent('customer.subscription.deleted', fixtureSubscription({ id: uniqueId('sub'), customer: uniqueId('cus'), status: 'canceled' }))],
    ['customer.subscription.updated', () => fixtureEvent('customer.subscription.updated', fixtureSubscription({ id: uniqueId('sub'), customer: uniqueId('cus'), status: 'past_due' }))],
  ])('%s for an unknown customer is recorded as ignored and answered 200 (not 500 and retried)', async (_type, make) => {
    const event = make();
    expect(await deliverOk(event)).toMatchObject({ status: 'ignored' });
    expect(await eventRow(event.id)).toMatchObject({ status: 'ignored', last_error: 'unknown customer' });
  });
});

describe("rule 9: events of the same second are decided by Stripe's subscription", () => {
  it('Stripe says active: subscription.updated(active) then invoice.payment_failed in one second leave the customer active', async () => {
    const { email, ids } = await subscribed('tie-active');
    const t = nowS() - 30;
    await deliverOk(fixtureEvent('customer.subscription.updated', fixtureSubscription({ id: ids.subscription, customer: ids.customer, status: 'active' }), t), stripeOverrides());
    await deliverOk(invoiceEvent('invoice.payment_failed', { customer: ids.customer, subscription: ids.subscription }, t), stripeOverrides());
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'active', stripe_status: 'active' });
    const asked = (await fakeStripeRequests()).filter((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${ids.subscription}`);
    expect(asked.length).toBeGreaterThanOrEqual(1);
  });

  it('Stripe says past_due: subscription.updated(past_due) then invoice.paid in one second leave the customer suspended', async () => {
    // The local Stripe-shaped server reports a subscription whose id says past_due as past_due.
    const { email, ids } = await subscribed('tie-past-due', 'sub_past_due');
    const t = nowS() - 30;
    await deliverOk(fixtureEvent('customer.subscription.updated', fixtureSubscription({ id: ids.subscription, customer: ids.customer, status: 'past_due' }), t), stripeOverrides());
    await deliverOk(invoiceEvent('invoice.paid', { customer: ids.customer, subscription: ids.subscription }, t), stripeOverrides());
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'suspended', stripe_status: 'past_due' });
  });

  it('a tie that cannot be decided (Stripe unreachable) fails and is retried, never applied in arrival order', async () => {
    const { email, ids } = await subscribed('tie-unreachable');
    const t = nowS() - 30;
    const closed = { ...stripeOverrides(), STRIPE_API_PORT: '9' };
    await deliverOk(fixtureEvent('customer.subscription.updated', fixtureSubscription({ id: ids.subscription, customer: ids.customer, status: 'active' }), t), closed);
    const failed = invoiceEvent('invoice.payment_failed', { customer: ids.customer, subscription: ids.subscription }, t);
    expect((await deliverWebhook(failed, closed)).status).toBe(500);
    expect((await customerByEmail(email))?.subscription_status).toBe('active');
    expect(await deliverOk(failed, stripeOverrides())).toMatchObject({ status: 'applied' });
    expect((await customerByEmail(email))?.subscription_status).toBe('active');
  });

  it("development billing decides a tie from its own store: the simulated state wins over a same-second event", async () => {
    const email = uniqueEmail('tie-dev');
    const checkout = await postJson('/checkout', { email, name: 'Dev', businessName: 'Dev Café', claimHash: await newClaimHash() });
    const { sessionId } = (await checkout.json()) as { sessionId: string };
    const t = nowS() - 20;
    expect((await callWorker(`/dev/checkout/${sessionId}/pay`, { method: 'POST' }, {}, () => (t - 60) * 1000)).status).toBe(303);
    const at = () => t * 1000 + 500;
    const simulated = await callWorker('/dev/simulate', { method: 'POST', json: { email, event: 'payment_failed' } }, {}, at);
    expect(simulated.status).toBe(200);
    const customer = await env.DB.prepare('SELECT stripe_customer_id AS customer, stripe_subscription_id AS subscription FROM customers WHERE email = ?')
      .bind(email)
      .first<{ customer: string; subscription: string }>();
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
    await deliverOk(invoiceEvent('invoice.paid', { customer: customer!.customer, subscription: customer!.subscription }, t));
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
  });
});
