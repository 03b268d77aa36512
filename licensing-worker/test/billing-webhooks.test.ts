import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runBillingCron } from '../src/cron/billing';
import { tokenMatches } from '../src/tokens';
import {
  auditCount,
  checkoutCompleted,
  customerByEmail,
  deliverWebhook,
  emailsTo,
  fakeStripeRequests,
  invoiceEvent,
  stripeEvent,
  stripeOverrides,
  subscribedCustomer as subscribedCustomerAt,
  subscriptionEvent,
  testEnv,
  tokenIn,
  uniqueEmail,
  callWorker,
} from './billing-helpers';

const nowS = () => Math.floor(Date.now() / 1000);

const eventRow = (id: string) =>
  env.DB.prepare('SELECT status, attempts, last_error FROM webhook_events WHERE id = ?').bind(id).first<{ status: string; attempts: number; last_error: string | null }>();

/** Subscribed an hour ago, so the events of a test are newer. */
const subscribedCustomer = (tag: string, createdS = nowS() - 3600) => subscribedCustomerAt(tag, createdS);

describe('POST /webhooks/stripe: signature', () => {
  it('rejects a forged signature, a wrong secret, a missing header and an expired timestamp with 400', async () => {
    const { event } = checkoutCompleted(uniqueEmail('forged'));
    const payload = JSON.stringify(event);
    const forged = await callWorker('/webhooks/stripe', { method: 'POST', body: payload, headers: { 'Stripe-Signature': `t=${nowS()},v1=${'ab'.repeat(32)}` } });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ success: false, error: { code: 'INVALID_REQUEST' } });
    expect((await deliverWebhook(event, {}, { secret: 'whsec_not_ours' })).status).toBe(400);
    expect((await callWorker('/webhooks/stripe', { method: 'POST', body: payload })).status).toBe(400);
    expect((await deliverWebhook(event, {}, { atMs: Date.now() - 6 * 60_000 })).status).toBe(400);
    // Nothing was recorded or applied for any of them.
    expect(await eventRow(event.id)).toBeNull();
  });

  it('rejects a body altered after signing', async () => {
    const { event } = checkoutCompleted(uniqueEmail('altered'));
    const { stripeSignature } = await import('./billing-helpers');
    const signature = await stripeSignature(JSON.stringify(event));
    const altered = JSON.stringify({ ...event, type: 'customer.subscription.deleted' });
    const res = await callWorker('/webhooks/stripe', { method: 'POST', body: altered, headers: { 'Stripe-Signature': signature } });
    expect(res.status).toBe(400);
  });
});

describe('POST /webhooks/stripe: idempotency', () => {
  it('applies a valid event once; the same event replayed is acknowledged and not applied again', async () => {
    const email = uniqueEmail('replay');
    const { event } = checkoutCompleted(email);
    const first = await deliverWebhook(event);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, eventId: event.id, status: 'applied' });
    const token = (await customerByEmail(email))?.token_hash;
    const again = await deliverWebhook(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    expect((await customerByEmail(email))?.token_hash).toBe(token);
    expect(await auditCount(event.id)).toBe(1);
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
    expect(await eventRow(event.id)).toMatchObject({ status: 'applied', attempts: 1 });
  });

  it('50 concurrent copies of one event apply it exactly once', async () => {
    const email = uniqueEmail('concurrent');
    const { event } = checkoutCompleted(email);
    const responses = await Promise.all(Array.from({ length: 50 }, () => deliverWebhook(event)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const statuses = await Promise.all(responses.map(async (r) => ((await r.json()) as { status: string }).status));
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(49);
    expect(await auditCount(event.id)).toBe(1);
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM customers WHERE email = ?').bind(email).first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });
});

describe('POST /webhooks/stripe: ordering and failures', () => {
  it('an older subscription.updated arriving after a newer invoice.paid does not roll state back', async () => {
    const { email, ids } = await subscribedCustomer('order', nowS() - 7200);
    // Stripe created "past_due" first, then the payment went through; we receive them reversed.
    const newerPaid = invoiceEvent('invoice.paid', ids, { createdS: nowS() - 60, periodEndS: nowS() + 40 * 86_400 });
    const olderPastDue = subscriptionEvent('customer.subscription.updated', ids, { status: 'past_due', createdS: nowS() - 600 });
    expect((await deliverWebhook(newerPaid)).status).toBe(200);
    const late = await deliverWebhook(olderPastDue);
    expect(late.status).toBe(200);
    expect(await late.json()).toMatchObject({ status: 'ignored' });
    const customer = await customerByEmail(email);
    expect(customer?.subscription_status).toBe('active');
    expect(customer?.last_event_created_s).toBe(newerPaid.created);
    expect(await eventRow(olderPastDue.id)).toMatchObject({ status: 'ignored', last_error: 'stale event' });
  });

  /**
   * A customer with one event applied at `t` and a second event of the same second: the tie is
   * decided by reading the subscription from Stripe, here unreachable, so the second one fails.
   */
  async function failingTie(tag: string) {
    const { email, ids } = await subscribedCustomer(tag, nowS() - 7200);
    const t = nowS() - 60;
    const unreachable = { ...stripeOverrides(), STRIPE_API_PORT: '9' };
    expect((await deliverWebhook(subscriptionEvent('customer.subscription.updated', ids, { status: 'active', createdS: t }), unreachable)).status).toBe(200);
    const event = invoiceEvent('invoice.payment_failed', ids, { createdS: t });
    return { email, event, unreachable };
  }

  it('a failing handler answers 500, records failed, and runBillingCron retries it once it can apply', async () => {
    const { email, event: early, unreachable } = await failingTie('retry');
    const failed = await deliverWebhook(early, unreachable);
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { success: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ success: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|RetryLaterError|sk_test/);
    expect(await eventRow(early.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await eventRow(early.id))?.last_error).toContain('Stripe');

    const report = await runBillingCron(testEnv(stripeOverrides()), Date.now());
    expect(report.webhookEventsRetried).toBeGreaterThanOrEqual(1);
    expect(await eventRow(early.id)).toMatchObject({ status: 'applied', attempts: 2 });
    // Stripe says the subscription is active: the same-second payment failure does not suspend.
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'active', last_event_created_s: early.created });
  });

  it("Stripe's own retry of a failed event is processed again (not treated as a duplicate)", async () => {
    const { email, event, unreachable } = await failingTie('stripe-retry');
    expect((await deliverWebhook(event, unreachable)).status).toBe(500);
    const retried = await deliverWebhook(event, stripeOverrides());
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: 'applied' });
    expect(await eventRow(event.id)).toMatchObject({ status: 'applied', attempts: 2 });
    expect((await customerByEmail(email))?.subscription_status).toBe('active');
  });

  it('the cron takes over an event abandoned in processing (crashed request), not one claimed a moment ago', async () => {
    const now = Date.now();
    const insert = (event: { id: string; type: string; created: number }, claimedAt: number) =>
      env.DB.prepare(
        `INSERT INTO webhook_events (id, type, created_s, status, attempts, payload, received_at, claimed_at) VALUES (?, ?, ?, 'processing', 1, ?, ?, ?)`,
      )
        .bind(event.id, event.type, event.created, JSON.stringify(event), now - 2 * 3_600_000, claimedAt)
        .run();
    const abandonedEmail = uniqueEmail('abandoned');
    const abandoned = checkoutCompleted(abandonedEmail).event;
    const inFlightEmail = uniqueEmail('inflight');
    const inFlight = checkoutCompleted(inFlightEmail).event;
    await insert(abandoned, now - 11 * 60_000);
    await insert(inFlight, now - 60_000); // first received long ago, re-claimed by Stripe's retry just now
    await runBillingCron(testEnv(), now);
    expect(await eventRow(abandoned.id)).toMatchObject({ status: 'applied', attempts: 2 });
    expect((await customerByEmail(abandonedEmail))?.subscription_status).toBe('active');
    expect(await eventRow(inFlight.id)).toMatchObject({ status: 'processing', attempts: 1 });
    expect(await customerByEmail(inFlightEmail)).toBeNull();
  });

  it('the cron stops retrying an event after 8 attempts', async () => {
    const { event: never, unreachable } = await failingTie('give-up');
    expect((await deliverWebhook(never, unreachable)).status).toBe(500);
    for (let i = 0; i < 9; i++) await runBillingCron(testEnv(unreachable), Date.now());
    expect(await eventRow(never.id)).toMatchObject({ status: 'failed', attempts: 8 });
  });

  it('acknowledges event types it does not handle', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_x' });
    const res = await deliverWebhook(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
  });
});

describe('POST /webhooks/stripe: the five event types', () => {
  it('checkout.session.completed creates the customer with a hashed token, a pending token and a welcome email', async () => {
    const email = uniqueEmail('Welcome').replace('welcome', 'WeLcOmE');
    const { event, sessionId } = checkoutCompleted(email);
    expect((await deliverWebhook(event)).status).toBe(200);
    const customer = await customerByEmail(email);
    expect(customer).toMatchObject({ subscription_status: 'active', last_event_created_s: event.created });
    const [welcome] = await emailsTo(email);
    expect(welcome?.template).toBe('welcome');
    const token = tokenIn(welcome?.text ?? '');
    expect(token).toMatch(/^POS-/);
    expect(customer?.token_hash).not.toContain(token);
    expect(await tokenMatches(token!, customer!.token_hash)).toBe(true);
    const session = await env.DB.prepare('SELECT status, pending_token, customer_id FROM checkout_sessions WHERE id = ?').bind(sessionId).first();
    expect(session).toMatchObject({ status: 'completed', pending_token: token, customer_id: customer?.id });
    expect(welcome?.html).toContain('Test Café');
  });

  it('checkout.session.completed with Stripe configured reads the subscription from Stripe', async () => {
    const email = uniqueEmail('stripe-sub');
    const { event, subscription } = checkoutCompleted(email, { subscription: `sub_past_due_${Date.now()}` });
    void subscription;
    expect((await deliverWebhook(event, stripeOverrides())).status).toBe(200);
    const customer = await customerByEmail(email);
    expect(customer).toMatchObject({ subscription_status: 'suspended', stripe_status: 'past_due' });
    expect(customer?.current_period_end).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const fetched = (await fakeStripeRequests()).find((r) => r.path === `/v1/subscriptions/${(event.data.object as { subscription: string }).subscription}`);
    expect(fetched?.method).toBe('GET');
    expect(fetched?.headers.authorization).toBe('Bearer sk_test_fake_key');
  });

  it('invoice.payment_failed suspends at once and emails; invoice.paid reactivates and emails', async () => {
    const { email, ids } = await subscribedCustomer('cycle');
    const failed = invoiceEvent('invoice.payment_failed', ids, { createdS: nowS() - 100 });
    expect((await deliverWebhook(failed)).status).toBe(200);
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');
    const periodEndS = nowS() + 31 * 86_400;
    const paid = invoiceEvent('invoice.paid', ids, { createdS: nowS() - 50, periodEndS });
    expect((await deliverWebhook(paid)).status).toBe(200);
    const customer = await customerByEmail(email);
    expect(customer).toMatchObject({ subscription_status: 'active', current_period_end: periodEndS * 1000 });
    // invoice.payment_succeeded for the same invoice changes nothing and sends nothing.
    const succeeded = invoiceEvent('invoice.payment_succeeded', ids, { createdS: nowS() - 50, periodEndS });
    expect((await deliverWebhook(succeeded)).status).toBe(200);
    const templates = (await emailsTo(email)).map((e) => e.template);
    expect(templates).toEqual(['welcome', 'payment_failed', 'reactivated']);
    const payment = (await emailsTo(email))[1];
    expect(payment?.text).toContain('€20.00');
    const actions = await env.DB.prepare('SELECT action FROM audit_log WHERE customer_id = ? ORDER BY id').bind(customer?.id).all<{ action: string }>();
    expect(actions.results.map((a) => a.action)).toEqual(['activation', 'suspended', 'reactivated', 'payment_received']);
  });

  it('customer.subscription.updated sets status, period end and cancel at period end', async () => {
    const { email, ids } = await subscribedCustomer('updated');
    const periodEndS = nowS() + 20 * 86_400;
    const updated = subscriptionEvent('customer.subscription.updated', ids, { status: 'active', cancelAtPeriodEnd: true, periodEndS, createdS: nowS() - 10 });
    expect((await deliverWebhook(updated)).status).toBe(200);
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'active', cancel_at_period_end: 1, current_period_end: periodEndS * 1000 });
    const unpaid = subscriptionEvent('customer.subscription.updated', ids, { status: 'unpaid', createdS: nowS() - 5 });
    expect((await deliverWebhook(unpaid)).status).toBe(200);
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'suspended', stripe_status: 'unpaid' });
  });

  it('customer.subscription.deleted cancels and emails once', async () => {
    const { email, ids } = await subscribedCustomer('deleted');
    const deleted = subscriptionEvent('customer.subscription.deleted', ids, { status: 'canceled', createdS: nowS() - 10 });
    expect((await deliverWebhook(deleted)).status).toBe(200);
    expect(await customerByEmail(email)).toMatchObject({ subscription_status: 'cancelled', stripe_status: 'canceled' });
    expect((await emailsTo(email)).map((e) => e.template)).toEqual(['welcome', 'subscription_cancelled']);
  });

  it('a returning customer (cancelled) gets a new token on a new checkout; events of the old subscription are ignored', async () => {
    const { email, ids } = await subscribedCustomer('returning', nowS() - 7200);
    expect((await deliverWebhook(subscriptionEvent('customer.subscription.deleted', ids, { status: 'canceled', createdS: nowS() - 3600 }))).status).toBe(200);
    const before = await customerByEmail(email);
    const again = checkoutCompleted(email, { customer: ids.customer }, nowS() - 60);
    expect((await deliverWebhook(again.event)).status).toBe(200);
    const after = await customerByEmail(email);
    expect(after?.id).toBe(before?.id);
    expect(after?.subscription_status).toBe('active');
    expect(after?.token_hash).not.toBe(before?.token_hash);
    const oldFailure = invoiceEvent('invoice.payment_failed', ids, { createdS: nowS() - 30 });
    const res = await deliverWebhook(oldFailure);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
    expect((await customerByEmail(email))?.subscription_status).toBe('active');
  });

  it('the first invoice of a subscription arriving before its checkout is ignored, not retried forever', async () => {
    const checkout = checkoutCompleted(uniqueEmail('first-invoice'));
    const first = invoiceEvent('invoice.paid', { customer: checkout.customer, subscription: checkout.subscription }, { billingReason: 'subscription_create' });
    const res = await deliverWebhook(first);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
  });
});
