// GET /pricing: Stripe's price (prices.retrieve(STRIPE_PRICE_ID)) cached for a few minutes;
// development billing answers its own plan; no price configured is a clear 503.
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { clearPricingCache, PRICING_CACHE_MS } from '../src/billing/pricing';
import { callWorker, fakeStripeRequests, stripeOverrides, uniqueId } from './billing-helpers';
import type { ErrorJson } from './helpers';

const registerPrice = (price: Record<string, unknown>) =>
  fetch(`http://127.0.0.1:${inject('fakeStripePort')}/__fake/prices`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(price) });

beforeEach(() => clearPricingCache());

describe('GET /pricing', () => {
  it('answers the price, currency and interval Stripe has for STRIPE_PRICE_ID', async () => {
    const id = uniqueId('price_test');
    await registerPrice({ id, object: 'price', currency: 'usd', unit_amount: 2450, type: 'recurring', recurring: { interval: 'year', interval_count: 1 } });
    const res = await callWorker('/pricing', {}, { ...stripeOverrides(), STRIPE_PRICE_ID: id });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, plan: { amountCents: 2450, currency: 'USD', interval: 'year', intervalCount: 1, source: 'stripe' } });
  });

  it('asks Stripe once per few minutes per isolate', async () => {
    const id = uniqueId('price_test');
    await registerPrice({ id, object: 'price', currency: 'eur', unit_amount: 1900, type: 'recurring', recurring: { interval: 'month', interval_count: 1 } });
    let now = Date.now();
    const clock = () => now;
    const overrides = { ...stripeOverrides(), STRIPE_PRICE_ID: id };
    const asked = async () => (await fakeStripeRequests()).filter((r) => r.path === `/v1/prices/${id}`).length;
    await callWorker('/pricing', {}, overrides, clock);
    await callWorker('/pricing', {}, overrides, clock);
    expect(await asked()).toBe(1);
    now += PRICING_CACHE_MS + 1;
    const later = await callWorker('/pricing', {}, overrides, clock);
    expect(((await later.json()) as { plan: { amountCents: number } }).plan.amountCents).toBe(1900);
    expect(await asked()).toBe(2);
  });

  it('development billing answers its own configuration: €20 a month', async () => {
    const res = await callWorker('/pricing');
    expect(await res.json()).toMatchObject({ plan: { amountCents: 2000, currency: 'EUR', interval: 'month', intervalCount: 1, source: 'development' } });
  });

  it('a price Stripe does not know, or no billing configured, is 503 with a message', async () => {
    const unknown = await callWorker('/pricing', {}, { ...stripeOverrides(), STRIPE_PRICE_ID: 'price_missing' });
    expect(unknown.status).toBe(503);
    const unconfigured = await callWorker('/pricing', {}, { ENVIRONMENT: 'production' });
    expect(unconfigured.status).toBe(503);
    expect(((await unconfigured.json()) as ErrorJson).error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a one-time price is refused (the plan is a subscription)', async () => {
    const id = uniqueId('price_test');
    await registerPrice({ id, object: 'price', currency: 'eur', unit_amount: 500, type: 'one_time', recurring: null });
    expect((await callWorker('/pricing', {}, { ...stripeOverrides(), STRIPE_PRICE_ID: id })).status).toBe(503);
  });
});
