import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  callWorker,
  checkoutCompleted,
  customerByEmail,
  deliverWebhook,
  emailsTo,
  fakeStripeRequests,
  postJson,
  resendOverrides,
  stripeOverrides,
  subscribedCustomer,
  subscriptionEvent,
  tokenIn,
  uniqueEmail,
} from './billing-helpers';
import { randomSecret } from '../src/ids';
import { sha256Hex } from '../src/tokens';

/** The app sends only the SHA-256 of its claim secret. */
const claimHash = () => sha256Hex(randomSecret(32));

interface Ok {
  success: true;
  requestId: string;
  [key: string]: unknown;
}
interface Failure {
  success: false;
  error: { code: string; message: string; issues?: { path: string }[] };
}

describe('POST /checkout with Stripe', () => {
  it('creates a subscription-mode Checkout session with the price, email, URLs and metadata, and records it', async () => {
    const email = uniqueEmail('Checkout');
    const hash = await claimHash();
    const res = await postJson('/checkout', { email, name: 'Eleni <Owner>', businessName: 'Ταβέρνα & Co', claimHash: hash }, stripeOverrides());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Ok & { checkoutUrl: string; sessionId: string };
    expect(body.success).toBe(true);
    expect(body.sessionId).toMatch(/^cs_test_/);
    // The worker's own link, which goes on to Stripe's payment page.
    expect(body.checkoutUrl).toBe(`${env.PUBLIC_BASE_URL}/checkout/open/${body.sessionId}`);
    const open = await callWorker(new URL(body.checkoutUrl).pathname);
    expect(open.status).toBe(303);
    expect(open.headers.get('Location')).toBe(`https://checkout.stripe.test/c/pay/${body.sessionId}`);

    const sent = (await fakeStripeRequests()).find((r) => r.path === '/v1/checkout/sessions' && r.form.customer_email === email.toLowerCase());
    expect(sent).toBeDefined();
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe('Bearer sk_test_fake_key');
    expect(sent?.form).toMatchObject({
      mode: 'subscription',
      'line_items[0][price]': 'price_test_monthly',
      'line_items[0][quantity]': '1',
      customer_email: email.toLowerCase(),
      success_url: `${env.PUBLIC_BASE_URL}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.PUBLIC_BASE_URL}/checkout/cancelled`,
      'metadata[name]': 'Eleni <Owner>',
      'metadata[businessName]': 'Ταβέρνα & Co',
    });

    const row = await env.DB.prepare('SELECT email, name, business_name, status, claim_hash, kind FROM checkout_sessions WHERE id = ?').bind(body.sessionId).first();
    expect(row).toEqual({ email: email.toLowerCase(), name: 'Eleni <Owner>', business_name: 'Ταβέρνα & Co', status: 'open', claim_hash: hash, kind: 'new' });
  });

  it('answers a subscribed email exactly like an unknown one; its link says "check your email" and the email explains (rule 6)', async () => {
    const { email } = await subscribedCustomer('already');
    const unknown = uniqueEmail('unknown');
    const answers = [];
    for (const address of [email.toUpperCase(), unknown]) {
      const res = await postJson('/checkout', { email: address, name: 'X', claimHash: await claimHash() }, stripeOverrides());
      answers.push({ status: res.status, body: (await res.json()) as Ok & { checkoutUrl: string; sessionId: string } });
    }
    const [subscribed, fresh] = answers as [(typeof answers)[0], (typeof answers)[0]];
    expect(subscribed.status).toBe(200);
    expect(fresh.status).toBe(200);
    expect(Object.keys(subscribed.body).sort()).toEqual(Object.keys(fresh.body).sort());
    for (const a of answers) {
      expect(a.body.sessionId).toMatch(/^cs_test_/);
      expect(a.body.checkoutUrl).toBe(`${env.PUBLIC_BASE_URL}/checkout/open/${a.body.sessionId}`);
    }
    // The same work either way (the timing class): a Stripe session was created for both...
    const created = (await fakeStripeRequests()).filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    expect(created.filter((r) => r.form.customer_email === unknown)).toHaveLength(1);
    // ...and the subscribed one's is expired after the answer, never shown.
    expect((await fakeStripeRequests()).some((r) => r.path === `/v1/checkout/sessions/${subscribed.body.sessionId}/expire`)).toBe(true);
    expect((await fakeStripeRequests()).some((r) => r.path === `/v1/checkout/sessions/${fresh.body.sessionId}/expire`)).toBe(false);

    const page = await callWorker(new URL(subscribed.body.checkoutUrl).pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Check your email');
    expect(html).not.toContain('checkout.stripe.test');
    expect((await callWorker(new URL(fresh.body.checkoutUrl).pathname)).status).toBe(303);

    // The account's owner is told, with the way to the billing portal; the unknown email gets nothing.
    const mail = (await emailsTo(email)).find((e) => e.template === 'checkout_already_subscribed');
    expect(mail?.text).toMatch(/Manage billing/);
    expect(await emailsTo(unknown)).toHaveLength(0);
  });

  it('an unknown checkout link is a 404 page', async () => {
    expect((await callWorker('/checkout/open/cs_test_nothing_here')).status).toBe(404);
    expect((await callWorker('/checkout/open/..%2Fetc')).status).toBe(404);
  });

  it('lets a cancelled customer subscribe again, reusing its Stripe customer', async () => {
    const { email, ids } = await subscribedCustomer('comeback');
    await deliverWebhook(subscriptionEvent('customer.subscription.deleted', ids, { status: 'canceled' }));
    const res = await postJson('/checkout', { email, name: 'Back', claimHash: await claimHash() }, stripeOverrides());
    expect(res.status).toBe(200);
    const sent = (await fakeStripeRequests()).find((r) => r.path === '/v1/checkout/sessions' && r.form.customer === ids.customer);
    expect(sent?.form.customer_email).toBeUndefined();
  });

  it('rejects bad bodies with 400 and the field paths', async () => {
    const hash = await claimHash();
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', name: 'A', claimHash: hash }, 'email'],
      [{ email: uniqueEmail('x'), name: 42, claimHash: hash }, 'name'],
      [{ email: uniqueEmail('x'), name: 'A', admin: true, claimHash: hash }, 'admin'],
      [{ email: uniqueEmail('x'), name: 'A' }, 'claimHash'],
      [{ email: uniqueEmail('x'), name: 'A', claimHash: hash.toUpperCase() }, 'claimHash'],
      [{ email: uniqueEmail('x'), name: 'A', claimHash: randomSecret(32) }, 'claimHash'],
    ];
    for (const [json, path] of cases) {
      const res = await postJson('/checkout', json, stripeOverrides());
      expect(res.status).toBe(400);
      const body = (await res.json()) as Failure;
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.issues?.map((i) => i.path).join(',')).toContain(path);
    }
    const malformed = await callWorker('/checkout', { method: 'POST', body: '{"email":', headers: { 'Content-Type': 'application/json' } }, stripeOverrides());
    expect(malformed.status).toBe(400);
  });

  it('rate limits per IP with 429 and Retry-After', async () => {
    const limits = { ...stripeOverrides(), RATE_LIMITS: 'checkout:ip=2/60' };
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 3; i++) {
      last = await postJson('/checkout', { email: uniqueEmail('rl'), name: 'R', claimHash: await claimHash() }, limits, ip);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last?.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await last!.json()) as Failure).error.code).toBe('RATE_LIMITED');
  });

  it('rate limits per email', async () => {
    const limits = { ...stripeOverrides(), RATE_LIMITS: 'checkout:email=1/3600' };
    const email = uniqueEmail('rl-email');
    expect((await postJson('/checkout', { email, name: 'R', claimHash: await claimHash() }, limits)).status).toBe(200);
    expect((await postJson('/checkout', { email: email.toUpperCase(), name: 'R', claimHash: await claimHash() }, limits)).status).toBe(429);
  });

  it('the success page shows the session id, escaped', async () => {
    const res = await callWorker('/checkout/success?session_id=cs_test_abc123');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Payment complete — check your email');
    expect(page).toContain('cs_test_abc123');
    expect((await callWorker('/checkout/success?session_id=<script>')).status).toBe(400);
  });
});

describe('POST /portal', () => {
  it('creates the missing Stripe customer first, then a billing portal session for it', async () => {
    const email = uniqueEmail('portal');
    // A customer without a Stripe customer id (e.g. created before billing existed).
    const checkout = checkoutCompleted(email, { customer: null });
    expect((await deliverWebhook(checkout.event)).status).toBe(200);
    const token = tokenIn((await emailsTo(email))[0]?.text ?? '')!;
    const res = await postJson('/portal', { email, token }, stripeOverrides());
    expect(res.status).toBe(200);
    const body = (await res.json()) as Ok & { url: string };
    expect(body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\/bps_/);

    const requests = await fakeStripeRequests();
    const created = requests.find((r) => r.path === '/v1/customers' && r.method === 'POST' && r.form.email === email);
    expect(created?.form).toMatchObject({ email, name: 'Test Owner' });
    const customer = await customerByEmail(email);
    expect(created?.form['metadata[customerId]']).toBe(customer?.id);
    const stored = await env.DB.prepare('SELECT stripe_customer_id FROM customers WHERE email = ?').bind(email).first<{ stripe_customer_id: string }>();
    expect(stored?.stripe_customer_id).toMatch(/^cus_fake/);
    const portal = requests.find((r) => r.path === '/v1/billing_portal/sessions' && r.form.customer === stored?.stripe_customer_id);
    expect(portal?.form.return_url).toBe(`${env.PUBLIC_BASE_URL}/billing/return`);

    // Second time: the stored Stripe customer is reused, not created again.
    expect((await postJson('/portal', { email, token }, stripeOverrides())).status).toBe(200);
    const creations = (await fakeStripeRequests()).filter((r) => r.path === '/v1/customers' && r.method === 'POST' && r.form.email === email);
    expect(creations).toHaveLength(1);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong token or unknown email', async () => {
    const { email } = await subscribedCustomer('portal-bad');
    const wrong = await postJson('/portal', { email, token: 'POS-00000-00000-00000-00000' }, stripeOverrides());
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Failure).error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await postJson('/portal', { email: uniqueEmail('nobody'), token: 'POS-00000-00000-00000-00000' }, stripeOverrides());
    expect(unknown.status).toBe(401);
  });

  it('in development billing points to the development billing page', async () => {
    const { email, token } = await subscribedCustomer('portal-dev');
    const res = await postJson('/portal', { email: email.toUpperCase(), token: token.toLowerCase() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { url: string }).url).toBe(`${env.PUBLIC_BASE_URL}/dev/billing?email=${encodeURIComponent(email)}`);
  });
});

describe('POST /refund-request', () => {
  it('answers 202, records the request, audits it and emails the operator (escaped) through Resend', async () => {
    const { email, token } = await subscribedCustomer('refund');
    const reason = 'Closed the shop <b>early</b>';
    const res = await postJson('/refund-request', { email, token, reason }, resendOverrides());
    expect(res.status).toBe(202);
    const body = (await res.json()) as Ok & { refundRequestId: string; status: string };
    expect(body.status).toBe('received');
    const customer = await customerByEmail(email);
    const row = await env.DB.prepare('SELECT customer_id, reason, status, request_id FROM refund_requests WHERE id = ?').bind(body.refundRequestId).first();
    expect(row).toEqual({ customer_id: customer?.id, reason, status: 'open', request_id: body.requestId });
    const audited = await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refund_requested' AND request_id = ?`).bind(body.requestId).first<{ n: number }>();
    expect(audited?.n).toBe(1);
    const mail = (await emailsTo(env.OPERATOR_EMAIL)).find((e) => e.customer_id === customer?.id && e.template === 'refund_request');
    expect(mail?.status).toBe('sent');
    expect(mail?.html).toContain('Closed the shop &lt;b&gt;early&lt;/b&gt;');
    expect(mail?.html).toContain(email);
  });

  it('needs valid credentials and a reason', async () => {
    const { email } = await subscribedCustomer('refund-bad');
    expect((await postJson('/refund-request', { email, token: 'POS-00000-00000-00000-00000', reason: 'x' })).status).toBe(401);
    expect((await postJson('/refund-request', { email, token: 'POS-00000-00000-00000-00000', reason: '' })).status).toBe(400);
  });
});

describe('production without development billing', () => {
  const production = { ENVIRONMENT: 'production' as const };

  it('/checkout without STRIPE_SECRET_KEY is a clear 503 configuration error, not the dev page', async () => {
    const res = await postJson('/checkout', { email: uniqueEmail('prod'), name: 'P', claimHash: await claimHash() }, production);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Failure;
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.message).toMatch(/not configured/);
    expect(JSON.stringify(body)).not.toContain('/dev/');
  });

  it('/checkout with a key but no price is the same configuration error', async () => {
    const res = await postJson('/checkout', { email: uniqueEmail('noprice'), name: 'P', claimHash: await claimHash() }, { ...production, ...stripeOverrides(), STRIPE_PRICE_ID: '' });
    expect(res.status).toBe(503);
  });

  it.each([
    ['GET', '/dev/outbox'],
    ['GET', '/dev/billing'],
    ['GET', '/dev/checkout/cs_dev_aaaaaaaaaaaaaaaa'],
    ['POST', '/dev/checkout/cs_dev_aaaaaaaaaaaaaaaa/pay'],
    ['POST', '/dev/simulate'],
  ])('%s %s is 404', async (method, path) => {
    const res = await callWorker(path, { method, ...(method === 'POST' ? { json: { email: 'a@b.test', event: 'cancel' } } : {}) }, production);
    expect(res.status).toBe(404);
  });
});
