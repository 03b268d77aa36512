// Issue 8, rule 1: a stale checkout (opened before the shop subscribed another way) paid later
// never takes over the account. Attack: open /checkout for an email, subscribe normally, then
// pay the first checkout.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { randomSecret } from '../src/ids';
import { sha256Hex } from '../src/tokens';
import {
  callWorker,
  checkoutCompleted,
  customerByEmail,
  deliverWebhook,
  emailsTo,
  fakeStripeRequests,
  postJson,
  stripeOverrides,
  tokenIn,
  uniqueEmail,
  uniqueId,
  subscribedCustomer,
  subscriptionEvent,
  type Overrides,
} from './billing-helpers';

const device = { machineFingerprint: 'ab'.repeat(32), components: {}, name: 'Till 1', platform: 'win32', appVersion: '1.0.0' };

async function openCheckout(email: string, overrides: Overrides = {}) {
  const claimSecret = randomSecret(32);
  const res = await postJson('/checkout', { email, name: 'Buyer', claimHash: await sha256Hex(claimSecret) }, overrides);
  expect(res.status).toBe(200);
  return { ...((await res.json()) as { sessionId: string; checkoutUrl: string }), claimSecret };
}

async function duplicateRow(sessionId: string) {
  return env.DB.prepare('SELECT customer_id, status, stripe_subscription_id, subscription_cancelled_at, refund_id, undone_at FROM duplicate_purchases WHERE checkout_session_id = ?')
    .bind(sessionId)
    .first<{ customer_id: string; status: string; stripe_subscription_id: string | null; subscription_cancelled_at: number | null; refund_id: string | null; undone_at: number | null }>();
}

async function auditActions(customerId: string): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT action FROM audit_log WHERE customer_id = ? ORDER BY id').bind(customerId).all<{ action: string }>();
  return results.map((r) => r.action);
}

const snapshot = (c: Record<string, unknown> | null) =>
  c && { token_hash: c.token_hash, stripe_customer_id: c.stripe_customer_id, stripe_subscription_id: c.stripe_subscription_id, subscription_status: c.subscription_status, current_period_end: c.current_period_end };

describe('a stale checkout paid after the shop subscribed (rule 1)', () => {
  it('with Stripe: the customer keeps its token, Stripe customer and subscription; the duplicate is cancelled and refunded through the API', async () => {
    const stripe = stripeOverrides();
    const email = uniqueEmail('stale');
    const stale = await openCheckout(email, stripe); // e.g. a stranger, or an abandoned tab
    const shop = await openCheckout(email, stripe); // the shop subscribes normally
    const paidByShop = checkoutCompleted(email, { id: shop.sessionId });
    expect((await deliverWebhook(paidByShop.event, stripe)).status).toBe(200);
    // The stale link no longer leads to Stripe's payment page (a tab already open there still can pay).
    const staleLink = await callWorker(new URL(stale.checkoutUrl).pathname, {}, stripe);
    expect(staleLink.status).toBe(200);
    expect(await staleLink.text()).toContain('Check your email');
    const token = tokenIn((await emailsTo(email)).find((e) => e.template === 'welcome')?.text ?? '')!;
    const before = await customerByEmail(email);
    expect(before?.subscription_status).toBe('active');

    // The first checkout is paid now: a second Stripe customer and subscription.
    const invoiceId = uniqueId('in');
    const paidLate = checkoutCompleted(email, { id: stale.sessionId, invoice: invoiceId, amount_total: 2000, currency: 'eur' });
    const res = await deliverWebhook(paidLate.event, stripe);
    expect(res.status).toBe(200);

    const after = await customerByEmail(email);
    expect(snapshot(after as never)).toEqual(snapshot(before as never));
    expect(after?.id).toBe(before?.id);
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
    // The shop's token still works; the late payer's instant claim gets no token.
    expect((await postJson('/validate-unified', { operation: 'instant', credentials: { email, stripeSessionId: stale.sessionId, claimSecret: stale.claimSecret }, device })).status).toBe(409);
    expect((await postJson('/validate-unified', { operation: 'validate', credentials: { email, token }, device })).status).toBe(200);

    // Undone through Stripe's API: the duplicate subscription cancelled, its payment refunded.
    const sent = await fakeStripeRequests();
    const cancel = sent.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${paidLate.subscription}`);
    expect(cancel).toHaveLength(1);
    expect(cancel[0]?.headers['idempotency-key']).toBe(`pospal-duplicate-cancel-${stale.sessionId}`);
    expect(sent.some((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${paidByShop.subscription}`)).toBe(false);
    expect(sent.some((r) => r.method === 'GET' && r.path === `/v1/invoices/${invoiceId}`)).toBe(true);
    const refund = sent.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form.payment_intent === `pi_for_${invoiceId}`);
    expect(refund).toHaveLength(1);
    expect(refund[0]?.form).toMatchObject({ reason: 'duplicate', 'metadata[checkoutSessionId]': stale.sessionId });

    const row = await duplicateRow(stale.sessionId);
    expect(row).toMatchObject({ customer_id: before?.id, status: 'undone', stripe_subscription_id: paidLate.subscription });
    expect(row?.refund_id).toMatch(/^re_/);
    expect(row?.subscription_cancelled_at).toBeGreaterThan(0);
    expect(await auditActions(before!.id)).toEqual(expect.arrayContaining(['duplicate_purchase', 'duplicate_purchase_undone']));

    // The buyer (the account's email) and the operator are told.
    const buyerMail = (await emailsTo(email)).find((e) => e.template === 'duplicate_purchase');
    expect(buyerMail?.text).toMatch(/refunded/);
    expect(buyerMail?.text).toContain('€20.00');
    const operatorMail = (await emailsTo(env.OPERATOR_EMAIL)).find((e) => e.template === 'duplicate_purchase_operator' && e.customer_id === before?.id);
    expect(operatorMail?.text).toContain(stale.sessionId);

    // Stripe's retry of the same event changes nothing and refunds nothing twice.
    expect(await (await deliverWebhook(paidLate.event, stripe)).json()).toMatchObject({ status: 'duplicate' });
    expect((await fakeStripeRequests()).filter((r) => r.path === '/v1/refunds' && r.form.payment_intent === `pi_for_${invoiceId}`)).toHaveLength(1);
  });

  it('in development billing: recorded and marked undone, the customer untouched, the page says "check your email"', async () => {
    const email = uniqueEmail('stale-dev');
    const stale = await openCheckout(email);
    const shop = await openCheckout(email);
    const pay = (id: string) => callWorker(`/dev/checkout/${id}/pay`, { method: 'POST' });
    expect((await pay(shop.sessionId)).status).toBe(303);
    const before = await customerByEmail(email);
    expect((await pay(stale.sessionId)).status).toBe(303);

    expect(snapshot((await customerByEmail(email)) as never)).toEqual(snapshot(before as never));
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
    expect(await duplicateRow(stale.sessionId)).toMatchObject({ customer_id: before?.id, status: 'undone', refund_id: null });
    expect((await emailsTo(email)).some((e) => e.template === 'duplicate_purchase')).toBe(true);
    expect((await emailsTo(env.OPERATOR_EMAIL)).some((e) => e.template === 'duplicate_purchase_operator' && e.customer_id === before?.id)).toBe(true);
    expect(await (await callWorker(`/dev/checkout/${stale.sessionId}`)).text()).toContain('Check your email');
    const claim = await postJson('/validate-unified', { operation: 'instant', credentials: { email, stripeSessionId: stale.sessionId, claimSecret: stale.claimSecret }, device });
    expect(claim.status).toBe(409);
    expect(((await claim.json()) as { error: { code: string } }).error.code).toBe('CHECK_EMAIL');
    // Paying again does nothing more.
    expect((await pay(stale.sessionId)).status).toBe(303);
    expect((await emailsTo(email)).filter((e) => e.template === 'duplicate_purchase')).toHaveLength(1);
  });

  it("the duplicate's own cancellation event, even on the customer's Stripe customer, leaves the customer active", async () => {
    const { email, ids } = await subscribedCustomer('dup-cancel');
    const duplicate = { customer: ids.customer, subscription: uniqueId('sub') };
    const res = await deliverWebhook(subscriptionEvent('customer.subscription.deleted', duplicate, { status: 'canceled', createdS: Math.floor(Date.now() / 1000) + 5 }));
    expect(res.status).toBe(200);
    const customer = await customerByEmail(email);
    expect(customer?.subscription_status).toBe('active');
    expect((customer as unknown as { stripe_subscription_id: string })?.stripe_subscription_id).toBe(ids.subscription);
  });

  it('a cancelled customer who pays a new checkout is a returning customer, not a duplicate', async () => {
    const email = uniqueEmail('returning');
    const first = await openCheckout(email);
    await callWorker(`/dev/checkout/${first.sessionId}/pay`, { method: 'POST' });
    await callWorker('/dev/simulate', { method: 'POST', json: { email, event: 'cancel' } });
    expect((await customerByEmail(email))?.subscription_status).toBe('cancelled');
    const again = await openCheckout(email);
    await callWorker(`/dev/checkout/${again.sessionId}/pay`, { method: 'POST' });
    expect((await customerByEmail(email))?.subscription_status).toBe('active');
    expect(await duplicateRow(again.sessionId)).toBeNull();
  });
});
