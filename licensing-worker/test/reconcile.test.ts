// The daily reconciliation against Stripe's paginated subscriptions list: drift is fixed and
// audited, the pass is chunked across cron runs with the cursor in D1, and it runs once a day.
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { reconcileWithStripe, RECONCILE_INTERVAL_MS, runStripeReconcile } from '../src/billing/reconcile';
import { createStripeClient } from '../src/billing/stripe';
import { breakerFor, Database } from '../src/db/database';
import { fakeStripeRequests, stripeOverrides, testEnv, uniqueId } from './billing-helpers';
import { seedCustomer } from './helpers';

const DAY_S = 86_400;

async function stripeWithSubscriptions(subs: Array<Record<string, unknown>>) {
  const apiKey = `sk_test_${uniqueId('reconcile')}`;
  await fetch(`http://127.0.0.1:${inject('fakeStripePort')}/__fake/subscriptions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey, subscriptions: subs }),
  });
  return { ...stripeOverrides(), STRIPE_SECRET_KEY: apiKey };
}

const subscription = (id: string, status: string, periodEndS: number, cancelAtPeriodEnd = false) => ({
  id, object: 'subscription', status, cancel_at_period_end: cancelAtPeriodEnd, customer: `cus_${id}`,
  items: { object: 'list', data: [{ id: `si_${id}`, object: 'subscription_item', current_period_end: periodEndS }] },
});

async function customerWith(subId: string, status: string, periodEndMs: number, cancel = 0) {
  const c = await seedCustomer({ status });
  await env.DB.prepare('UPDATE customers SET stripe_subscription_id = ?, stripe_status = ?, current_period_end = ?, cancel_at_period_end = ? WHERE id = ?')
    .bind(subId, status === 'active' ? 'active' : 'past_due', periodEndMs, cancel, c.id)
    .run();
  return c;
}

const row = (id: string) =>
  env.DB.prepare('SELECT subscription_status, stripe_status, current_period_end, cancel_at_period_end FROM customers WHERE id = ?').bind(id).first<Record<string, unknown>>();
const audits = (id: string) => env.DB.prepare(`SELECT action, details FROM audit_log WHERE customer_id = ? AND action = 'billing_reconciled'`).bind(id).all<{ details: string }>();

beforeEach(async () => {
  await env.DB.prepare('DELETE FROM billing_reconcile_state').run();
});

describe('reconciliation with Stripe', () => {
  it('fixes a drifted customer (status, period end, cancel at period end) and writes it to the audit log', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const drifted = uniqueId('sub');
    const inStep = uniqueId('sub');
    const overrides = await stripeWithSubscriptions([subscription(drifted, 'past_due', nowS + 20 * DAY_S, true), subscription(inStep, 'active', nowS + 9 * DAY_S)]);
    const a = await customerWith(drifted, 'active', (nowS + 3 * DAY_S) * 1000);
    const b = await customerWith(inStep, 'active', (nowS + 9 * DAY_S) * 1000);

    const report = await runStripeReconcile(testEnv(overrides), Date.now());
    expect(report).toMatchObject({ ran: true, checked: 2, fixed: 1, passCompleted: true });
    expect(await row(a.id)).toMatchObject({ subscription_status: 'suspended', stripe_status: 'past_due', current_period_end: (nowS + 20 * DAY_S) * 1000, cancel_at_period_end: 1 });
    const logged = (await audits(a.id)).results;
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!.details)).toMatchObject({
      subscriptionId: drifted,
      changes: { subscription_status: { from: 'active', to: 'suspended' }, cancel_at_period_end: { from: 0, to: 1 } },
    });
    expect((await audits(b.id)).results).toHaveLength(0);
  });

  it('walks the list in chunks across cron runs, resuming from the cursor kept in D1', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const ids = Array.from({ length: 5 }, () => uniqueId('sub'));
    const overrides = await stripeWithSubscriptions(ids.map((id) => subscription(id, 'canceled', nowS)));
    const customers = await Promise.all(ids.map((id) => customerWith(id, 'active', (nowS + DAY_S) * 1000)));
    const stripe = createStripeClient(testEnv(overrides))!;
    const db = new Database(env.DB, breakerFor(env.DB), Date.now);
    const run = () => reconcileWithStripe({ db, stripe, now: Date.now(), requestId: 'test', pageSize: 2, pagesPerRun: 1 });

    expect(await run()).toMatchObject({ pages: 1, checked: 2, fixed: 2, passCompleted: false });
    const cursor = await env.DB.prepare('SELECT cursor FROM billing_reconcile_state').first<{ cursor: string }>();
    expect(cursor?.cursor).toBe(ids[1]);
    expect((await row(customers[2]!.id))?.subscription_status).toBe('active');
    expect(await run()).toMatchObject({ checked: 2, fixed: 2, passCompleted: false });
    expect(await run()).toMatchObject({ checked: 1, fixed: 1, passCompleted: true });
    for (const c of customers) expect((await row(c.id))?.subscription_status).toBe('cancelled');
    const lists = (await fakeStripeRequests()).filter((r) => r.path === '/v1/subscriptions' && r.headers.authorization === `Bearer ${overrides.STRIPE_SECRET_KEY}`);
    expect(lists.map((r) => r.query.starting_after ?? null)).toEqual([null, ids[1], ids[3]]);
  });

  it('runs once a day: after a completed pass the next runs are idle until a day has passed', async () => {
    const overrides = await stripeWithSubscriptions([]);
    const start = Date.now();
    expect(await runStripeReconcile(testEnv(overrides), start)).toMatchObject({ ran: true, passCompleted: true });
    expect(await runStripeReconcile(testEnv(overrides), start + 5 * 60_000)).toMatchObject({ ran: false });
    expect(await runStripeReconcile(testEnv(overrides), start + RECONCILE_INTERVAL_MS)).toMatchObject({ ran: true });
  });

  it('a pass that spans many runs still starts daily (a day after the previous pass started)', async () => {
    const overrides = await stripeWithSubscriptions([subscription(uniqueId('sub'), 'active', 1), subscription(uniqueId('sub'), 'active', 1)]);
    const stripe = createStripeClient(testEnv(overrides))!;
    const db = new Database(env.DB, breakerFor(env.DB), Date.now);
    const start = Date.now();
    const runAt = (now: number) => reconcileWithStripe({ db, stripe, now, requestId: 'test', pageSize: 1, pagesPerRun: 1 });
    expect(await runAt(start)).toMatchObject({ ran: true, passCompleted: false });
    expect(await runAt(start + 17 * 3_600_000)).toMatchObject({ ran: true, passCompleted: true });
    expect(await runAt(start + 23 * 3_600_000)).toMatchObject({ ran: false });
    expect(await runAt(start + RECONCILE_INTERVAL_MS)).toMatchObject({ ran: true });
  });

  it('does nothing with development billing (no Stripe key)', async () => {
    expect(await runStripeReconcile(testEnv(), Date.now())).toBeNull();
  });
});
