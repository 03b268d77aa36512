// Emails in the customer's language: /checkout's `language` is stored on the customer
// (migration 0008) and every later email to them is written in it; operator mail stays English.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATES, renderEmail, type AnyEmailRequest } from '../src/email';
import { randomSecret } from '../src/ids';
import { sha256Hex } from '../src/tokens';
import { callWorker, customerByEmail, emailsTo, postJson, subscribedCustomer, tokenIn, uniqueEmail } from './billing-helpers';

async function devCheckout(email: string, language?: string) {
  const body = { email, name: 'Ελένη', businessName: 'Καφέ Ήλιος', claimHash: await sha256Hex(randomSecret(32)), ...(language ? { language } : {}) };
  return postJson('/checkout', body);
}

async function paidCheckout(email: string, language?: string) {
  const res = await devCheckout(email, language);
  expect(res.status).toBe(200);
  const { sessionId } = (await res.json()) as { sessionId: string };
  const paid = await callWorker(`/dev/checkout/${sessionId}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  expect(paid.status).toBe(303);
}

const languageOf = async (email: string) =>
  (await env.DB.prepare('SELECT language FROM customers WHERE email = ?').bind(email).first<{ language: string }>())?.language;

describe('/checkout language', () => {
  it('a Greek checkout gets a Greek welcome email (with the token) and Greek emails afterwards', async () => {
    const email = uniqueEmail('greek');
    await paidCheckout(email, 'el');
    expect(await languageOf(email)).toBe('el');
    const [welcome] = await emailsTo(email);
    expect(welcome).toMatchObject({ template: 'welcome' });
    expect(welcome?.subject).toBe('Καλώς ήρθατε στο POSPal — ο κωδικός ξεκλειδώματος');
    expect(welcome?.html).toContain('<html lang="el">');
    expect(welcome?.text).toContain('Ο κωδικός ξεκλειδώματος:');
    expect(tokenIn(welcome?.text ?? '')).not.toBeNull();

    expect((await postJson('/dev/simulate', { email, event: 'payment_failed' })).status).toBe(200);
    const failed = (await emailsTo(email)).find((e) => e.template === 'payment_failed');
    expect(failed?.subject).toBe('POSPal: η πληρωμή σας απέτυχε');
    expect(failed?.text).not.toContain('payment');
  });

  it('without a language the customer is English (the default), as before', async () => {
    const email = uniqueEmail('english');
    await paidCheckout(email);
    expect(await languageOf(email)).toBe('en');
    const [welcome] = await emailsTo(email);
    expect(welcome?.subject).toBe('Welcome to POSPal — your unlock token');
    expect(welcome?.html).toContain('<html lang="en">');
  });

  it('refuses a language the app does not speak with INVALID_REQUEST naming the field', async () => {
    const res = await devCheckout(uniqueEmail('fr'), 'fr');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues?: { path: string }[] } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.issues?.map((i) => i.path)).toContain('language');
  });

  it('a checkout in Greek for an already subscribed email is answered by email in Greek', async () => {
    const { email } = await subscribedCustomer('subscribed-el');
    const res = await devCheckout(email, 'el');
    expect(res.status).toBe(200);
    await expect.poll(async () => (await emailsTo(email)).find((e) => e.template === 'checkout_already_subscribed')?.subject).toBe('POSPal: έχετε ήδη συνδρομή');
  });

  it('a returning customer takes the language of their newest checkout', async () => {
    const email = uniqueEmail('switch');
    await paidCheckout(email, 'el');
    await postJson('/dev/simulate', { email, event: 'cancel' });
    expect((await customerByEmail(email))?.subscription_status).toBe('cancelled');
    await paidCheckout(email, 'en');
    expect(await languageOf(email)).toBe('en');
    const welcomes = (await emailsTo(email)).filter((e) => e.template === 'welcome');
    expect(welcomes.map((e) => e.subject)).toEqual(['Καλώς ήρθατε στο POSPal — ο κωδικός ξεκλειδώματος', 'Welcome to POSPal — your unlock token']);
  });

  it('the operator is written to in English even about a Greek customer', async () => {
    const email = uniqueEmail('refund-el');
    await paidCheckout(email, 'el');
    const token = tokenIn((await emailsTo(email))[0]?.text ?? '');
    expect((await postJson('/refund-request', { email, token, reason: 'Έκλεισε το μαγαζί' })).status).toBe(202);
    const customer = await customerByEmail(email);
    const mail = (await emailsTo(env.OPERATOR_EMAIL)).find((e) => e.customer_id === customer?.id && e.template === 'refund_request');
    expect(mail?.subject).toBe(`POSPal refund request from ${email}`);
  });
});

const sample: { [K in AnyEmailRequest['template']]: Extract<AnyEmailRequest, { template: K }>['data'] } = {
  welcome: { name: 'Μαρία', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', businessName: 'Καφέ' },
  token_recovery: { name: 'Μαρία', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' },
  machine_changed: { machineName: 'Ταμείο 1', platform: 'win32', at: Date.UTC(2026, 0, 2, 3, 4) },
  session_taken_over: { machineName: 'Ταμείο 1', takenOverBy: 'Ταμείο 2', at: Date.UTC(2026, 0, 2) },
  payment_failed: { name: 'Μαρία', amountCents: 2050, currency: 'eur' },
  reactivated: { name: 'Μαρία', currentPeriodEnd: Date.UTC(2026, 1, 1) },
  subscription_cancelled: { name: 'Μαρία', endsAt: Date.UTC(2026, 1, 1) },
  renewal_reminder: { name: 'Μαρία', renewsAt: Date.UTC(2026, 1, 1), amountCents: 2000, currency: 'eur' },
  refund_request: { customerEmail: 'a@example.test', customerId: 'c1', reason: '<b>x</b>', requestId: 'r1' },
  refund_approved: { name: 'Μαρία', amountCents: 2000, currency: 'eur', subscriptionCancelled: true },
  refund_declined: { name: 'Μαρία', reason: '<b>x</b>' },
  operator_alert: { title: 'Webhooks', whatHappened: '<b>x</b>', whatToDo: 'Replay', screen: 'http://worker.test/admin' },
  recovery_confirm: { name: 'Μαρία', link: 'http://worker.test/recover/confirm?t=abc', expiresAt: Date.UTC(2026, 0, 2) },
  checkout_already_subscribed: { name: 'Μαρία' },
  duplicate_purchase: { name: 'Μαρία', amountCents: 2000, currency: 'eur', refunded: true },
  duplicate_purchase_operator: { customerEmail: 'a@example.test', customerId: 'c1', checkoutSessionId: 'cs_1', duplicateSubscriptionId: null, undone: false, detail: '<i>d</i>' },
  trial_welcome: { email: '<b>maria</b>@example.test', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', endsAt: Date.UTC(2026, 0, 15) },
  trial_converted: { name: 'Μαρία', currentPeriodEnd: Date.UTC(2026, 1, 1) },
};

describe('Greek templates', () => {
  it.each(EMAIL_TEMPLATES)('%s exists in Greek: its own subject and text, lang="el", user strings escaped', async (template) => {
    const en = await renderEmail(template, sample[template] as never, 'en');
    const el = await renderEmail(template, sample[template] as never, 'el');
    expect(el.subject).not.toBe(en.subject);
    expect(el.text).not.toBe(en.text);
    expect(el.html).toContain('<html lang="el">');
    expect(el.html).toContain('Λαμβάνετε αυτό το email');
    expect(el.html).not.toMatch(/<b>x<\/b>|<i>d<\/i>/);
    expect(el.text).toMatch(/[α-ω]/);
  });

  it('writes dates and money the Greek way', async () => {
    expect((await renderEmail('renewal_reminder', sample.renewal_reminder, 'el')).subject).toContain('1 Φεβρουαρίου 2026');
    expect((await renderEmail('payment_failed', sample.payment_failed, 'el')).text).toContain('20,50 €');
    expect((await renderEmail('payment_failed', sample.payment_failed, 'en')).text).toContain('€20.50');
  });
});
