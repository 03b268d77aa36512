// Shared by the billing and email tests: calling the worker with per-test bindings, signing
// webhook events like Stripe, and reading what the fake Stripe/Resend servers received.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import Stripe from 'stripe';
import { inject } from 'vitest';
import type { Env } from '../src/env';
import { randomSecret } from '../src/ids';
import { createApp } from '../src/index';
import { sha256Hex } from '../src/tokens';
import type { RecordedRequest } from './node/recorder';

export type Overrides = Partial<Env> & Record<string, unknown>;

let ipCounter = 0;
/** Each helper request comes from its own IP unless a test pins one (rate limits are per IP). */
export const freshIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

export function stripeOverrides(): Overrides {
  return {
    STRIPE_SECRET_KEY: 'sk_test_fake_key',
    STRIPE_PRICE_ID: 'price_test_monthly',
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(inject('fakeStripePort')),
    STRIPE_API_PROTOCOL: 'http',
  };
}

export function resendOverrides(): Overrides {
  return { RESEND_API_KEY: 're_test_key', RESEND_API_URL: inject('fakeResendUrl') };
}

export function testEnv(overrides: Overrides = {}): Env {
  return { ...env, ...overrides } as Env;
}

const defaultApp = createApp();
const appFor = (now?: () => number) => (now ? createApp({ now }) : defaultApp);

/** Calls the worker's fetch with the test bindings plus `overrides`. */
export async function callWorker(
  path: string,
  init: RequestInit & { json?: unknown; ip?: string } = {},
  overrides: Overrides = {},
  now?: () => number,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', init.ip ?? freshIp());
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const ctx = createExecutionContext();
  const response = await appFor(now).fetch(
    new Request(`http://worker.test${path}`, { ...init, headers, body: body ?? null, redirect: 'manual' }),
    testEnv(overrides),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

export const postJson = (path: string, json: unknown, overrides: Overrides = {}, ip?: string) =>
  callWorker(path, { method: 'POST', json, ...(ip ? { ip } : {}) }, overrides);

let uniq = 0;
/** A unique test email (tests share one D1 and one set of fake servers). */
export const uniqueEmail = (tag: string) => `${tag}-${Date.now().toString(36)}-${(++uniq).toString(36)}@example.test`;
export const uniqueId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(++uniq).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const cryptoProvider = Stripe.createSubtleCryptoProvider();

export async function stripeSignature(payload: string, options: { secret?: string; atMs?: number } = {}): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: options.secret ?? env.STRIPE_WEBHOOK_SECRET,
    timestamp: Math.floor((options.atMs ?? Date.now()) / 1000),
    cryptoProvider,
  });
}

export interface TestEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export function stripeEvent(type: string, object: Record<string, unknown>, createdS = Math.floor(Date.now() / 1000)): TestEvent {
  return { id: uniqueId('evt'), type, created: createdS, data: { object } };
}

export async function deliverWebhook(event: TestEvent, overrides: Overrides = {}, sign: { secret?: string; atMs?: number } = {}) {
  const payload = JSON.stringify({ object: 'event', livemode: false, ...event });
  return callWorker(
    '/webhooks/stripe',
    { method: 'POST', body: payload, headers: { 'Stripe-Signature': await stripeSignature(payload, sign), 'Content-Type': 'application/json' } },
    overrides,
  );
}

/** A checkout.session.completed for a new customer with its own Stripe ids. */
export function checkoutCompleted(email: string, extra: Record<string, unknown> = {}, createdS?: number) {
  const ids = { sessionId: uniqueId('cs_test'), customer: uniqueId('cus'), subscription: uniqueId('sub') };
  const event = stripeEvent(
    'checkout.session.completed',
    {
      id: ids.sessionId,
      object: 'checkout.session',
      mode: 'subscription',
      customer: ids.customer,
      subscription: ids.subscription,
      customer_details: { email, name: 'Test Owner' },
      metadata: { name: 'Test Owner', businessName: 'Test Café' },
      ...extra,
    },
    createdS,
  );
  return { event, ...ids };
}

export function invoiceEvent(
  type: 'invoice.paid' | 'invoice.payment_succeeded' | 'invoice.payment_failed',
  ids: { customer: string; subscription: string },
  options: { periodEndS?: number; createdS?: number; billingReason?: string } = {},
) {
  return stripeEvent(
    type,
    {
      id: uniqueId('in'),
      object: 'invoice',
      customer: ids.customer,
      billing_reason: options.billingReason ?? 'subscription_cycle',
      amount_due: 2000,
      currency: 'eur',
      parent: { subscription_details: { subscription: ids.subscription } },
      lines: { data: [{ period: { end: options.periodEndS ?? Math.floor(Date.now() / 1000) + 30 * 86_400 } }] },
    },
    options.createdS,
  );
}

export function subscriptionEvent(
  type: 'customer.subscription.updated' | 'customer.subscription.deleted',
  ids: { customer: string; subscription: string },
  fields: { status: string; cancelAtPeriodEnd?: boolean; periodEndS?: number; createdS?: number },
) {
  return stripeEvent(
    type,
    {
      id: ids.subscription,
      object: 'subscription',
      customer: ids.customer,
      status: fields.status,
      cancel_at_period_end: fields.cancelAtPeriodEnd ?? false,
      ended_at: fields.status === 'canceled' ? Math.floor(Date.now() / 1000) : null,
      items: { data: [{ current_period_end: fields.periodEndS ?? Math.floor(Date.now() / 1000) + 30 * 86_400 }] },
    },
    fields.createdS,
  );
}

export interface CustomerState {
  id: string;
  subscription_status: string;
  stripe_status: string | null;
  current_period_end: number | null;
  cancel_at_period_end: number;
  last_event_created_s: number;
  token_hash: string;
}

export const customerByEmail = (email: string) =>
  env.DB.prepare('SELECT * FROM customers WHERE email = ?').bind(email.toLowerCase()).first<CustomerState>();

export async function emailsTo(address: string) {
  // email_log has the unlock token redacted; the test environment keeps the full copy in dev_outbox.
  const { results } = await env.DB.prepare(
    `SELECT e.*, COALESCE(d.html, e.html) AS html, COALESCE(d.text, e.text) AS text
     FROM email_log e LEFT JOIN dev_outbox d ON d.email_log_id = e.id WHERE e.to_address = ? ORDER BY e.id`,
  )
    .bind(address.toLowerCase())
    .all<{ template: string; subject: string; html: string; text: string; status: string; provider_id: string | null; error: string | null; customer_id: string | null }>();
  return results;
}

export async function auditCount(eventId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE json_extract(details, '$.eventId') = ?`)
    .bind(eventId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export type FakeRequest = RecordedRequest;

export async function fakeStripeRequests(): Promise<FakeRequest[]> {
  const res = await fetch(`http://127.0.0.1:${inject('fakeStripePort')}/__fake/requests`);
  return ((await res.json()) as { requests: FakeRequest[] }).requests;
}

export async function fakeResendRequests(): Promise<FakeRequest[]> {
  const res = await fetch(`${inject('fakeResendUrl')}/__fake/requests`);
  return ((await res.json()) as { requests: FakeRequest[] }).requests;
}

/** Extracts the unlock token from a welcome/recovery email's text. */
export const tokenIn = (text: string): string | null => /POS(-[0-9A-Z]{5}){4}/.exec(text)?.[0] ?? null;

/** A customer subscribed through checkout.session.completed, with its token and Stripe ids. */
export async function subscribedCustomer(tag: string, createdS?: number) {
  const email = uniqueEmail(tag);
  const checkout = checkoutCompleted(email, {}, createdS);
  const res = await deliverWebhook(checkout.event);
  if (res.status !== 200) throw new Error(`checkout webhook answered ${res.status}`);
  const token = tokenIn((await emailsTo(email)).find((e) => e.template === 'welcome')?.text ?? '');
  if (!token) throw new Error('no welcome email with a token');
  return { email, token, ids: { customer: checkout.customer, subscription: checkout.subscription }, checkout };
}

/** What the app sends with /checkout: only the SHA-256 of its claim secret (issue 8, rule 2). */
export const newClaimHash = (): Promise<string> => sha256Hex(randomSecret(32));
