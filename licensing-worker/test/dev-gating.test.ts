// Issue 8, rule 12: development routes and development billing exist only when ENVIRONMENT is
// explicitly development or test, and never with a Stripe secret key. Anything else, a missing
// or misspelt value included, is production-like.
import { describe, expect, it } from 'vitest';
import { callWorker, newClaimHash, postJson, stripeOverrides, uniqueEmail, type Overrides } from './billing-helpers';

const DEV_ROUTES: Array<[string, string]> = [
  ['GET', '/dev/outbox'],
  ['GET', '/dev/billing'],
  ['GET', '/dev/checkout/cs_dev_aaaaaaaaaaaaaaaa'],
  ['POST', '/dev/checkout/cs_dev_aaaaaaaaaaaaaaaa/pay'],
  ['POST', '/dev/simulate'],
  ['GET', '/dev/d1-stats'],
  ['POST', '/dev/profile'],
  ['GET', '/dev/profile/noop'],
];

const call = (method: string, path: string, overrides: Overrides) =>
  callWorker(path, { method, ...(method === 'POST' ? { json: { email: 'a@b.test', event: 'cancel' } } : {}) }, overrides);

const PRODUCTION_LIKE: Array<[string, Overrides]> = [
  ['unset', { ENVIRONMENT: undefined }],
  ['empty', { ENVIRONMENT: '' }],
  ['"staging"', { ENVIRONMENT: 'staging' }],
  ['"Development"', { ENVIRONMENT: 'Development' }],
  ['"production"', { ENVIRONMENT: 'production' }],
];

describe('/dev/* only in an explicit development or test environment', () => {
  it.each(PRODUCTION_LIKE)('ENVIRONMENT %s: every /dev route is 404 and /checkout without Stripe keys is a 503 configuration error', async (_label, overrides) => {
    for (const [method, path] of DEV_ROUTES) expect((await call(method, path, overrides)).status, `${method} ${path}`).toBe(404);
    const checkout = await postJson('/checkout', { email: uniqueEmail('prodlike'), name: 'P', claimHash: await newClaimHash() }, overrides);
    expect(checkout.status).toBe(503);
    const body = (await checkout.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.message).toMatch(/not configured/);
    expect(JSON.stringify(body)).not.toContain('/dev/');
  });

  it.each(['development', 'test'])('ENVIRONMENT %s with STRIPE_SECRET_KEY set: every /dev route is 404', async (environment) => {
    for (const [method, path] of DEV_ROUTES) {
      expect((await call(method, path, { ENVIRONMENT: environment, ...stripeOverrides() })).status, `${method} ${path}`).toBe(404);
    }
  });

  it.each(['development', 'test'])('ENVIRONMENT %s without Stripe keys: development billing and /dev/* are served', async (environment) => {
    expect((await call('GET', '/dev/outbox', { ENVIRONMENT: environment })).status).toBe(200);
    const checkout = await postJson('/checkout', { email: uniqueEmail('devenv'), name: 'D', claimHash: await newClaimHash() }, { ENVIRONMENT: environment });
    expect(checkout.status).toBe(200);
    const { checkoutUrl } = (await checkout.json()) as { checkoutUrl: string };
    // Every checkoutUrl is the worker's /checkout/open/<id>; a new checkout goes on to the dev page.
    expect(checkoutUrl).toContain('/checkout/open/cs_dev_');
    const open = await callWorker(new URL(checkoutUrl).pathname, { method: 'GET' }, { ENVIRONMENT: environment });
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toContain('/dev/checkout/cs_dev_');
  });
});
