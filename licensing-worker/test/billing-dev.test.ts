import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runBillingCron } from '../src/cron/billing';
import { randomSecret } from '../src/ids';
import { hashToken, sha256Hex } from '../src/tokens';
import { callWorker, customerByEmail, emailsTo, postJson, stripeOverrides, testEnv, tokenIn, uniqueEmail } from './billing-helpers';

const fingerprint = (seed: number) => seed.toString(16).padStart(2, '0').repeat(32);
const device = (seed: number) => ({ machineFingerprint: fingerprint(seed), components: {}, name: 'Till 1', platform: 'win32', appVersion: '1.0.0' });

async function devCheckout(email: string, name = 'Maria', businessName = 'Cafe') {
  const claimSecret = randomSecret(32);
  const res = await postJson('/checkout', { email, name, businessName, claimHash: await sha256Hex(claimSecret) });
  expect(res.status).toBe(200);
  return { ...((await res.json()) as { checkoutUrl: string; sessionId: string }), claimSecret };
}

const pay = (sessionId: string) => callWorker(`/dev/checkout/${sessionId}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });

interface Outbox {
  emails: { to: string; template: string; subject: string; text: string; html: string; status: string }[];
}

describe('development billing: checkout', () => {
  it('is served by the deployed worker (default export)', async () => {
    const res = await SELF.fetch('http://worker.test/checkout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '198.51.100.7' },
      body: JSON.stringify({ email: uniqueEmail('self'), name: 'Self', claimHash: await sha256Hex(randomSecret(32)) }),
    });
    expect(res.status).toBe(200);
    const { checkoutUrl } = (await res.json()) as { checkoutUrl: string };
    const open = await SELF.fetch(checkoutUrl.replace(env.PUBLIC_BASE_URL, 'http://worker.test'), { redirect: 'manual' });
    expect(open.status).toBe(303);
    expect((await SELF.fetch(open.headers.get('Location')!.replace(env.PUBLIC_BASE_URL, 'http://worker.test'))).status).toBe(200);
  });

  it('/checkout returns a checkout page served by the worker', async () => {
    const email = uniqueEmail('devpage');
    const { checkoutUrl, sessionId } = await devCheckout(email, 'Maria <script>alert(1)</script>', 'Καφέ "Ήλιος"');
    expect(sessionId).toMatch(/^cs_dev_[A-Za-z0-9_-]{20,}$/);
    expect(checkoutUrl).toBe(`${env.PUBLIC_BASE_URL}/checkout/open/${sessionId}`);
    const open = await callWorker(new URL(checkoutUrl).pathname);
    expect(open.status).toBe(303);
    expect(open.headers.get('Location')).toBe(`${env.PUBLIC_BASE_URL}/dev/checkout/${sessionId}`);
    const page = await callWorker(new URL(open.headers.get('Location')!).pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'self'");
    const html = await page.text();
    expect(html).toContain('POSPal monthly');
    expect(html).toContain('€20.00/month');
    expect(html).toContain(email);
    expect(html).toContain(`action="/dev/checkout/${sessionId}/pay"`);
    expect(html).toContain('Simulate billing events');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Maria &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Καφέ &quot;Ήλιος&quot;');
  });

  it('Pay completes the checkout through the signed webhook path: customer, welcome email with token in /dev/outbox, success page', async () => {
    const email = uniqueEmail('devpay');
    const { sessionId } = await devCheckout(email);
    const paid = await pay(sessionId);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('Location')).toBe(`/dev/checkout/${sessionId}`);

    const customer = await customerByEmail(email);
    expect(customer?.subscription_status).toBe('active');
    expect(customer?.current_period_end).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // It went through the webhook handler: a verified event row exists.
    const event = await env.DB.prepare(`SELECT type, status FROM webhook_events WHERE json_extract(payload, '$.data.object.id') = ?`).bind(sessionId).first();
    expect(event).toEqual({ type: 'checkout.session.completed', status: 'applied' });

    const outbox = (await (await callWorker(`/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as Outbox;
    expect(outbox.emails).toHaveLength(1);
    expect(outbox.emails[0]).toMatchObject({ to: email, template: 'welcome', status: 'logged' });
    const token = tokenIn(outbox.emails[0]!.text);
    expect(token).not.toBeNull();
    expect(customer?.token_hash).toBe(await hashToken(token!));

    const done = await callWorker(`/dev/checkout/${sessionId}`);
    const html = await done.text();
    expect(html).toContain('Payment complete — check your email');
    expect(html).toContain(sessionId);
    expect(html).toContain(`href="/dev/outbox?to=${encodeURIComponent(email)}"`);

    // Paying twice changes nothing.
    expect((await pay(sessionId)).status).toBe(303);
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
  });

  it('a double-clicked Pay (concurrent) completes the checkout once', async () => {
    const email = uniqueEmail('doublepay');
    const { sessionId } = await devCheckout(email);
    const answers = await Promise.all([pay(sessionId), pay(sessionId), pay(sessionId)]);
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303]);
    expect((await emailsTo(email)).filter((e) => e.template === 'welcome')).toHaveLength(1);
  });

  it("the app's instant activation claims the token once, with its claim secret", async () => {
    const email = uniqueEmail('instant');
    const { sessionId, claimSecret } = await devCheckout(email);
    const instant = () =>
      postJson('/validate-unified', { operation: 'instant', credentials: { email, stripeSessionId: sessionId, claimSecret }, device: device(7) });
    const pending = await instant();
    expect(pending.status).not.toBe(200); // not paid yet
    await pay(sessionId);
    const first = await instant();
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { token?: string; validation: { valid: boolean } };
    expect(firstBody.validation.valid).toBe(true);
    expect(firstBody.token).toBe(tokenIn((await emailsTo(email))[0]!.text));
    const second = await instant();
    expect(second.status).toBe(410);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('TOKEN_ALREADY_CLAIMED');
    const row = await env.DB.prepare('SELECT pending_token FROM checkout_sessions WHERE id = ?').bind(sessionId).first();
    expect(row).toEqual({ pending_token: null });
  });

  it('unknown or malformed checkout ids are 404', async () => {
    expect((await callWorker('/dev/checkout/cs_dev_doesnotexist123')).status).toBe(404);
    expect((await callWorker('/dev/checkout/..%2F..%2Fetc')).status).toBe(404);
    expect((await pay('cs_dev_doesnotexist123')).status).toBe(404);
  });

  it('with real Stripe keys none of /dev/* exists (not even the outbox)', async () => {
    expect((await callWorker('/dev/checkout/cs_dev_aaaaaaaaaaaaaaaaaa', {}, stripeOverrides())).status).toBe(404);
    expect((await callWorker('/dev/simulate', { method: 'POST', json: { email: 'a@b.test', event: 'cancel' } }, stripeOverrides())).status).toBe(404);
    expect((await callWorker('/dev/outbox', {}, stripeOverrides())).status).toBe(404);
  });
});

describe('development billing: simulations', () => {
  async function paidCustomer(tag: string) {
    const email = uniqueEmail(tag);
    const { sessionId } = await devCheckout(email);
    await pay(sessionId);
    return email;
  }

  const simulate = (email: string, event: string) => postJson('/dev/simulate', { email, event });

  it('payment failed suspends and emails; renewal reactivates, extends the period and emails; cancel cancels and emails', async () => {
    const email = await paidCustomer('sim');
    const periodBefore = (await customerByEmail(email))!.current_period_end!;

    const failed = await simulate(email, 'payment_failed');
    expect(failed.status).toBe(200);
    expect(await failed.json()).toMatchObject({ success: true, status: 'applied' });
    expect((await customerByEmail(email))?.subscription_status).toBe('suspended');

    expect((await simulate(email, 'renewal')).status).toBe(200);
    const renewed = await customerByEmail(email);
    expect(renewed?.subscription_status).toBe('active');
    expect(renewed?.current_period_end).toBe(periodBefore + 30 * 86_400_000);

    expect((await simulate(email, 'cancel')).status).toBe(200);
    expect((await customerByEmail(email))?.subscription_status).toBe('cancelled');

    const outbox = (await (await callWorker(`/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as Outbox;
    expect(outbox.emails.map((e) => e.template)).toEqual(['subscription_cancelled', 'reactivated', 'payment_failed', 'welcome']);
  });

  it('the simulate form on the page posts back and shows the result', async () => {
    const email = await paidCustomer('simform');
    const res = await callWorker('/dev/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, event: 'payment_failed' }).toString(),
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    const page = await (await callWorker(location)).text();
    expect(page).toContain('Simulated: payment failed.');
    expect(page).toContain('suspended');
  });

  it('rejects unknown customers and unknown events with 400', async () => {
    expect((await simulate(uniqueEmail('ghost'), 'renewal')).status).toBe(400);
    expect((await simulate(await paidCustomer('badevent'), 'refund')).status).toBe(400);
  });

  it('the renewal reminder goes out once, 5 days before the period ends (cron)', async () => {
    const email = await paidCustomer('reminder');
    const periodEnd = (await customerByEmail(email))!.current_period_end!;
    const early = await runBillingCron(testEnv(), periodEnd - 6 * 86_400_000);
    void early;
    expect((await emailsTo(email)).filter((e) => e.template === 'renewal_reminder')).toHaveLength(0);
    await runBillingCron(testEnv(), periodEnd - 5 * 86_400_000 + 60_000);
    await runBillingCron(testEnv(), periodEnd - 4 * 86_400_000);
    const reminders = (await emailsTo(email)).filter((e) => e.template === 'renewal_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain('€20.00');
  });

  it('the cron clears instant-activation tokens nobody claimed within the hour they could be claimed', async () => {
    const email = uniqueEmail('unclaimed');
    const { sessionId } = await devCheckout(email);
    await pay(sessionId);
    await runBillingCron(testEnv(), Date.now() + 50 * 60_000);
    expect((await env.DB.prepare('SELECT pending_token FROM checkout_sessions WHERE id = ?').bind(sessionId).first<{ pending_token: string | null }>())?.pending_token).not.toBeNull();
    await runBillingCron(testEnv(), Date.now() + 65 * 60_000);
    expect(await env.DB.prepare('SELECT pending_token FROM checkout_sessions WHERE id = ?').bind(sessionId).first()).toEqual({ pending_token: null });
  });
});
