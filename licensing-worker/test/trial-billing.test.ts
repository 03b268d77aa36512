// Issue 13 §1: "Subscribe" converts the trial. The checkout opened by the trial's app carries the
// trial's claim hash; its payment turns the SAME customer (id, token, machine) into the
// subscription. A live trial is not a live subscription: nothing is refunded.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { callWorker, deliverWebhook, emailsTo, fakeStripeRequests, postJson, stripeOverrides, tokenIn, uniqueId, type Overrides } from './billing-helpers';
import { makeDevice, unique, validateBody } from './helpers';
import { fixtureCheckoutSession, fixtureEvent } from './stripe-fixtures';
import { claimPair, payloadOf, startedTrial, trialBody, trialEmail, trialRow } from './trial-helpers';

async function trialShop(tag: string, overrides: Overrides = {}) {
  const email = trialEmail(tag);
  const device = await makeDevice(unique(tag));
  const claim = await claimPair();
  const trial = await startedTrial(await postJson('/trial/start', await trialBody(email, device, claim.hash), overrides));
  return { email, device, claim, trial, before: (await trialRow(email))! };
}

async function checkout(email: string, claimHash: string, overrides: Overrides = {}) {
  const res = await postJson('/checkout', { email, name: 'Maria', businessName: 'Café Trial', claimHash }, overrides);
  expect(res.status).toBe(200);
  return (await res.json()) as { sessionId: string; checkoutUrl: string };
}

const machinesOf = async (customerId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM machines WHERE customer_id = ?').bind(customerId).first<{ n: number }>())?.n;

const duplicatesOf = async (customerId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM duplicate_purchases WHERE customer_id = ?').bind(customerId).first<{ n: number }>())?.n;

async function validatesActive(email: string, token: string, device: Awaited<ReturnType<typeof makeDevice>>) {
  const res = await postJson('/validate-unified', validateBody({ email, token, id: '' }, device));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { validation: { status: string }; machine: { matchedBy: string }; license: string };
  expect(body.validation.status).toBe('active');
  expect(body.machine.matchedBy).toBe('fingerprint');
  expect((await payloadOf(body.license)).status).toBe('active');
}

describe('subscribe converts the trial (development billing)', () => {
  it('keeps the customer id, the token and the machine; no new activation, no welcome token', async () => {
    const shop = await trialShop('convert-dev');
    const started = await checkout(shop.email, shop.claim.hash);
    const paid = await callWorker(`/dev/checkout/${started.sessionId}/pay`, { method: 'POST' });
    expect(paid.status).toBe(303);
    const after = (await trialRow(shop.email))!;
    expect(after).toMatchObject({ id: shop.before.id, token_hash: shop.before.token_hash, subscription_status: 'active', max_machines: 3 });
    expect(after.current_period_end).toBeGreaterThan(shop.trial.trial.endsAt);
    await validatesActive(shop.email, shop.trial.token, shop.device);
    expect(await machinesOf(shop.before.id)).toBe(1);
    const templates = (await emailsTo(shop.email)).map((e) => e.template);
    expect(templates).toContain('trial_converted');
    expect(templates).not.toContain('welcome');
    expect(await duplicatesOf(shop.before.id)).toBe(0);
  });

  it('the running session sees the conversion at its next heartbeat (the sessions object is told)', async () => {
    const shop = await trialShop('convert-live');
    const started = await postJson('/validate-unified', { operation: 'session', action: 'start', credentials: { email: shop.email, token: shop.trial.token }, device: shop.device });
    expect(started.status).toBe(201);
    const sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    const beat = async () => (await postJson('/validate-unified', { operation: 'session', action: 'heartbeat', credentials: { sessionId } })).json() as Promise<{ validation: { status: string }; license?: string }>;
    expect((await beat()).validation.status).toBe('trial');
    const checkoutStarted = await checkout(shop.email, shop.claim.hash);
    expect((await callWorker(`/dev/checkout/${checkoutStarted.sessionId}/pay`, { method: 'POST' })).status).toBe(303);
    const after = await beat();
    expect(after.validation.status).toBe('active');
    expect((await payloadOf(after.license)).status).toBe('active');
  });

  it('a checkout for the trial email without the trial\u2019s claim keeps the customer but issues a new token by email', async () => {
    const shop = await trialShop('convert-other');
    const started = await checkout(shop.email, (await claimPair()).hash);
    expect((await callWorker(`/dev/checkout/${started.sessionId}/pay`, { method: 'POST' })).status).toBe(303);
    const after = (await trialRow(shop.email))!;
    expect(after).toMatchObject({ id: shop.before.id, subscription_status: 'active', max_machines: 3 });
    expect(after.token_hash).not.toBe(shop.before.token_hash);
    const welcome = (await emailsTo(shop.email)).find((e) => e.template === 'welcome');
    await validatesActive(shop.email, tokenIn(welcome?.text ?? '')!, shop.device);
    expect(await duplicatesOf(shop.before.id)).toBe(0);
  });
});

describe('subscribe converts the trial (Stripe)', () => {
  it('converts on checkout.session.completed and refunds nothing: a trial is not a live subscription', async () => {
    const stripe = stripeOverrides();
    const shop = await trialShop('convert-stripe', stripe);
    const started = await checkout(shop.email, shop.claim.hash, stripe);
    const ids = { customer: uniqueId('cus'), subscription: uniqueId('sub') };
    const session = { ...fixtureCheckoutSession({ email: shop.email, ...ids }), id: started.sessionId };
    const res = await deliverWebhook(fixtureEvent('checkout.session.completed', session), stripe);
    expect(res.status).toBe(200);
    const after = await env.DB.prepare('SELECT id, token_hash, subscription_status, stripe_customer_id, stripe_subscription_id FROM customers WHERE id = ?')
      .bind(shop.before.id)
      .first<Record<string, unknown>>();
    expect(after).toMatchObject({ token_hash: shop.before.token_hash, subscription_status: 'active', stripe_customer_id: ids.customer, stripe_subscription_id: ids.subscription });
    await validatesActive(shop.email, shop.trial.token, shop.device);
    expect(await duplicatesOf(shop.before.id)).toBe(0);
    // (The fake Stripe serves every test file: only this checkout's refund or cancel counts.)
    const undone = (await fakeStripeRequests()).filter((r) =>
      (r.path === '/v1/refunds' && r.form['metadata[checkoutSessionId]'] === started.sessionId) || (r.path === `/v1/subscriptions/${ids.subscription}` && r.method === 'DELETE'));
    expect(undone).toEqual([]);
    // The same event again changes nothing (idempotent).
    expect((await deliverWebhook(fixtureEvent('checkout.session.completed', session), stripe)).status).toBe(200);
    expect((await emailsTo(shop.email)).filter((e) => e.template === 'trial_converted')).toHaveLength(1);
  });
});

describe('an ended trial', () => {
  it('sells again after the payment: validate answers active for the same token and machine', async () => {
    const shop = await trialShop('ended-convert', { TRIAL_SECONDS: '1' });
    const later = () => Date.now() + 5_000; // the worker's clock, past the trial's end
    const body = validateBody({ email: shop.email, token: shop.trial.token, id: '' }, shop.device);
    const expired = await callWorker('/validate-unified', { method: 'POST', json: body }, {}, later);
    expect(expired.status).toBe(403);
    const started = await checkout(shop.email, shop.claim.hash);
    expect((await callWorker(`/dev/checkout/${started.sessionId}/pay`, { method: 'POST' }, {}, later)).status).toBe(303);
    await validatesActive(shop.email, shop.trial.token, shop.device);
  });
});
