import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATES, renderEmail, sendEmail, type AnyEmailRequest } from '../src/email';
import { emailsTo, fakeResendRequests, resendOverrides, testEnv, uniqueEmail } from './billing-helpers';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;

const sampleData: { [K in AnyEmailRequest['template']]: Extract<AnyEmailRequest, { template: K }>['data'] } = {
  welcome: { name: HOSTILE, token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', businessName: HOSTILE },
  token_recovery: { name: HOSTILE, token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' },
  machine_changed: { machineName: HOSTILE, platform: HOSTILE, at: Date.UTC(2026, 0, 2, 3, 4) },
  session_taken_over: { machineName: HOSTILE, platform: HOSTILE, takenOverBy: HOSTILE, at: Date.UTC(2026, 0, 2) },
  payment_failed: { name: HOSTILE, amountCents: 2000, currency: 'eur' },
  reactivated: { name: HOSTILE, currentPeriodEnd: Date.UTC(2026, 1, 1) },
  subscription_cancelled: { name: HOSTILE, endsAt: Date.UTC(2026, 1, 1) },
  renewal_reminder: { name: HOSTILE, renewsAt: Date.UTC(2026, 1, 1), amountCents: 2000, currency: 'eur' },
  refund_request: { customerEmail: 'a@example.test', customerId: 'c1', reason: HOSTILE, requestId: 'r1' },
  refund_approved: { name: HOSTILE, amountCents: 1500, currency: 'eur', subscriptionCancelled: false },
  refund_declined: { name: HOSTILE, reason: HOSTILE },
  operator_alert: { title: HOSTILE, whatHappened: HOSTILE, whatToDo: HOSTILE, screen: 'https://licensing.pospal.app/admin/#/webhooks' },
  recovery_confirm: { name: HOSTILE, link: 'http://worker.test/recover/confirm?t=abc', expiresAt: Date.UTC(2026, 0, 2) },
  checkout_already_subscribed: { name: HOSTILE },
  duplicate_purchase: { name: HOSTILE, amountCents: 2000, currency: 'eur', refunded: true },
  duplicate_purchase_operator: { customerEmail: 'a@example.test', customerId: 'c1', checkoutSessionId: 'cs_1', duplicateSubscriptionId: 'sub_1', undone: true, detail: HOSTILE },
  trial_welcome: { email: HOSTILE, token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', endsAt: Date.UTC(2026, 0, 15) },
  trial_converted: { name: HOSTILE, currentPeriodEnd: Date.UTC(2026, 1, 1) },
};

describe('email templates', () => {
  it.each(EMAIL_TEMPLATES)('%s renders subject, html and text with every user string escaped', async (template) => {
    const email = await renderEmail(template, sampleData[template] as never);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.html).toContain('<!doctype html>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    // The text part is plain text: the user's words as they are.
    expect(email.text).toContain(template === 'welcome' || template === 'token_recovery' ? 'POS-AAAAA-BBBBB-CCCCC-DDDDD' : HOSTILE);
  });

  it('puts the token in the welcome email and money as euros', async () => {
    const welcome = await renderEmail('welcome', { name: 'Maria', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', businessName: 'Καφέ' });
    expect(welcome.html).toContain('POS-AAAAA-BBBBB-CCCCC-DDDDD');
    expect(welcome.html).toContain('Καφέ');
    const failed = await renderEmail('payment_failed', { amountCents: 2050, currency: 'eur' });
    expect(failed.text).toContain('€20.50');
    const reminder = await renderEmail('renewal_reminder', { renewsAt: Date.UTC(2026, 1, 1) });
    expect(reminder.subject).toContain('1 February 2026');
  });
});

describe('sendEmail', () => {
  it('without RESEND_API_KEY writes email_log as logged and sends nothing', async () => {
    const to = uniqueEmail('logged');
    const before = (await fakeResendRequests()).length;
    const outcome = await sendEmail({ env: testEnv(), requestId: 'req-1' }, { to, template: 'welcome', data: { name: 'A', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' } });
    expect(outcome.status).toBe('logged');
    const [row] = await emailsTo(to);
    expect(row).toMatchObject({ template: 'welcome', status: 'logged', provider_id: null });
    expect(row?.text).toContain('POS-AAAAA-BBBBB-CCCCC-DDDDD');
    const sent = (await fakeResendRequests()).slice(before).filter((r) => JSON.stringify(r.json).includes(to));
    expect(sent).toHaveLength(0);
  });

  it('with RESEND_API_KEY posts to RESEND_API_URL/emails with the key, from, to, subject, html and text', async () => {
    const to = uniqueEmail('resend');
    const outcome = await sendEmail(
      { env: testEnv(resendOverrides()), requestId: 'req-2', customerId: undefined } as never,
      { to, template: 'payment_failed', data: { name: '<b>Bob</b>', amountCents: 2000, currency: 'eur' }, customerId: 'cust-1' },
    );
    expect(outcome.status).toBe('sent');
    expect(outcome.providerId).toMatch(/^re_fake_/);
    const request = (await fakeResendRequests()).find((r) => JSON.stringify(r.json).includes(to));
    expect(request).toBeDefined();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/emails');
    expect(request?.headers.authorization).toBe('Bearer re_test_key');
    const body = request?.json as { from: string; to: string[]; subject: string; html: string; text: string };
    expect(body.from).toBe(env.EMAIL_FROM);
    expect(body.to).toEqual([to]);
    expect(body.subject).toBe('POSPal: your payment failed');
    expect(body.html).toContain('&lt;b&gt;Bob&lt;/b&gt;');
    expect(body.text).toContain('€20.00');
    const [row] = await emailsTo(to);
    expect(row).toMatchObject({ status: 'sent', provider_id: outcome.providerId, customer_id: 'cust-1' });
  });

  it('records a provider rejection as failed without throwing', async () => {
    const to = `bounce-${uniqueEmail('x')}`;
    const outcome = await sendEmail({ env: testEnv(resendOverrides()) }, { to, template: 'reactivated', data: {} });
    expect(outcome.status).toBe('failed');
    const [row] = await emailsTo(to);
    expect(row?.status).toBe('failed');
    expect(row?.error).toContain('422');
  });

  it('records an unreachable provider as failed', async () => {
    const to = uniqueEmail('down');
    const outcome = await sendEmail(
      { env: testEnv({ RESEND_API_KEY: 're_test_key', RESEND_API_URL: 'http://127.0.0.1:1' }) },
      { to, template: 'reactivated', data: {} },
    );
    expect(outcome.status).toBe('failed');
    expect((await emailsTo(to))[0]?.error).toMatch(/unreachable/);
  });
});
