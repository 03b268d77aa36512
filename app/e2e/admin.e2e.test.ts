/**
 * End-to-end: the operator console (/admin) in Chromium against a real `wrangler dev` (local
 * D1, development sign-in) whose Stripe SDK points at the local Stripe-shaped server: sign in,
 * find a customer, release a machine, replay a failed webhook, approve a refund. Screenshots at
 * 1366×768 and 1024×768 go to test-results/screenshots/admin-*.png.
 */
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './browser';

interface LocalWorker { url: string; persistDir: string; stop(): Promise<void> }
interface Recorded { method: string; path: string; form: Record<string, string> }

const lib = fileURLToPath(new URL('../../scripts/lib/local-worker.ts', import.meta.url));
const backupScript = fileURLToPath(new URL('../../scripts/backup-worker-db.mjs', import.meta.url));
const fakeStripeModule = fileURLToPath(new URL('../../licensing-worker/test/node/fake-stripe.ts', import.meta.url));

const OWNER = 'owner@pospal.e2e';
const NOW = Date.now();
const DAY = 86_400_000;

let worker: LocalWorker;
let stripe: { server: Server; port: number };
let browser: Browser;
let run: (sql: string) => string;

async function stripeRequests(): Promise<Recorded[]> {
  const res = await fetch(`http://127.0.0.1:${stripe.port}/__fake/requests`);
  return ((await res.json()) as { requests: Recorded[] }).requests;
}

function seedSql(): string {
  const rows: string[] = [];
  const customer = (id: string, email: string, business: string, status: string, createdAt: number, stripeIds = true) =>
    rows.push(`INSERT INTO customers (id, email, name, business_name, token_hash, token_issued_at, stripe_customer_id, stripe_subscription_id, subscription_status, current_period_end, created_at, updated_at, activated_at, last_validated_at)
      VALUES ('${id}', '${email}', 'Owner', '${business}', 'x', ${createdAt}, ${stripeIds ? `'cus_${id}'` : 'NULL'}, ${stripeIds ? `'sub_${id}'` : 'NULL'}, '${status}', ${NOW + 20 * DAY}, ${createdAt}, ${createdAt}, ${createdAt}, ${NOW - 600_000});`);
  customer('e2e1', 'eleni@kafeneio.e2e', 'Kafeneio Eleni', 'active', NOW - 40 * DAY);
  const others = ['Bakery Nikos', 'Taverna Sofia', 'Café Luna', 'Souvlaki Bar', 'Ouzeri Kostas', 'Pizza Marco'];
  others.forEach((b, i) => customer(`e2eo${i}`, `shop${i}@example.e2e`, b, i === 4 ? 'suspended' : 'active', NOW - (i * 4 + 1) * DAY));
  rows.push(`INSERT INTO machines (id, customer_id, fingerprint, name, platform, app_version, created_at, last_seen_at) VALUES
    ('m-front', 'e2e1', 'fp-front', 'FRONT-TILL', 'win32', '0.1.0', ${NOW - 30 * DAY}, ${NOW - 60_000}),
    ('m-office', 'e2e1', 'fp-office', 'OFFICE-PC', 'linux', '0.1.0', ${NOW - 20 * DAY}, ${NOW - 3 * DAY});`);
  rows.push(`INSERT INTO sessions (id_hash, ref, customer_id, machine_id, started_at, last_heartbeat_at) VALUES ('h-office', 'sessoffice', 'e2e1', 'm-office', ${NOW - 3600_000}, ${NOW});`);
  rows.push(`INSERT INTO email_log (at, customer_id, to_address, template, subject, html, text, status, provider_id, delivery_status) VALUES
    (${NOW - 40 * DAY}, 'e2e1', 'eleni@kafeneio.e2e', 'welcome', 'Welcome to POSPal — your unlock token', '<p>POS-ABCDE-FGHJK-MNPQR-STVWX</p>', 'Your unlock token: POS-ABCDE-FGHJK-MNPQR-STVWX', 'sent', 're_1', 'delivered'),
    (${NOW - 2 * DAY}, 'e2e1', 'eleni@kafeneio.e2e', 'payment_failed', 'POSPal: your payment failed', '<p>Your payment failed</p>', 'Your payment failed', 'sent', 're_2', 'bounced');`);
  rows.push(`INSERT INTO webhook_events (id, type, created_s, status, attempts, last_error, payload, received_at, processed_at) VALUES
    ('evt_e2e_failed1', 'invoice.paid', ${Math.floor(NOW / 1000) - 3600}, 'failed', 3, 'Error: D1_ERROR: Network connection lost.', '{}', ${NOW - 3600_000}, ${NOW - 3000_000}),
    ('evt_e2e_ok1', 'checkout.session.completed', ${Math.floor(NOW / 1000) - 40 * 86400}, 'applied', 1, NULL, '{}', ${NOW - 40 * DAY}, ${NOW - 40 * DAY});`);
  rows.push(`INSERT INTO refund_requests (id, customer_id, reason, status, created_at) VALUES ('rr-e2e-1', 'e2e1', 'We closed the café for the winter and forgot to cancel.', 'open', ${NOW - DAY});`);
  const hour = Math.floor(NOW / 3600_000) * 3600_000;
  const counters = Array.from({ length: 24 }, (_, i) => {
    const h = hour - (23 - i) * 3600_000;
    const busy = Math.round(40 + 30 * Math.sin((i / 24) * Math.PI * 2));
    return `(${h}, 'validate', ${busy}), (${h}, 'heartbeat', ${busy * 6}), (${h}, 'validate_error', ${i === 20 ? 3 : 0})`;
  });
  rows.push(`INSERT INTO metric_counters (hour, name, count) VALUES ${counters.join(', ')};`);
  rows.push(`INSERT INTO backup_reports (at, verified, file, bytes, tables, reported_by) VALUES (${NOW - 5 * 3600_000}, 1, 'backups/pospal-licensing-e2e.sql', 48213, '{}', 'service:backup');`);
  return rows.join('\n');
}

async function newPage(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 768 } });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  return page;
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${worker.url}/admin/`); // not signed in: the development sign-in page
  await page.getByLabel('Operator email').fill(OWNER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

beforeAll(async () => {
  const { startFakeStripe } = (await import(/* @vite-ignore */ fakeStripeModule)) as { startFakeStripe(): Promise<{ server: Server; port: number }> };
  stripe = await startFakeStripe();
  const mod = (await import(/* @vite-ignore */ lib)) as { startLocalWorker(o: object): Promise<LocalWorker>; wrangler(args: string[]): string };
  worker = await mod.startLocalWorker({
    vars: {
      OPERATOR_OWNER_EMAIL: OWNER,
      STRIPE_SECRET_KEY: 'sk_test_e2e_console',
      STRIPE_PRICE_ID: 'price_e2e',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(stripe.port),
      STRIPE_API_PROTOCOL: 'http',
    },
  });
  run = (sql) => {
    // wrangler prints --json results at log level, which the starter's default (warn) hides.
    const level = process.env.WRANGLER_LOG;
    process.env.WRANGLER_LOG = 'log';
    try {
      return mod.wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', worker.persistDir, '--json', '--command', sql]);
    } finally {
      if (level === undefined) delete process.env.WRANGLER_LOG;
      else process.env.WRANGLER_LOG = level;
    }
  };
  run(seedSql());
  // Stripe keeps the event; the replay fetches it from there by id.
  const event = {
    id: 'evt_e2e_failed1', object: 'event', type: 'invoice.paid', created: Math.floor(NOW / 1000) - 3600, livemode: false,
    data: { object: { id: 'in_e2e1', object: 'invoice', customer: 'cus_e2e1', billing_reason: 'subscription_cycle', amount_paid: 2000, currency: 'eur',
      parent: { subscription_details: { subscription: 'sub_e2e1' } }, lines: { data: [{ period: { end: Math.floor(NOW / 1000) + 30 * 86400 } }] } } },
  };
  await fetch(`http://127.0.0.1:${stripe.port}/__fake/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await new Promise((r) => (stripe ? stripe.server.close(r) : r(null)));
}, 60_000);

describe('operator console (e2e)', () => {
  it('refuses the console before sign-in and signs in with the development sign-in', async () => {
    const res = await fetch(`${worker.url}/admin/api/overview`);
    expect(res.status).toBe(401);
    const page = await newPage(1366);
    await signIn(page);
    await page.getByText('Active subscriptions').waitFor();
    await expect.poll(() => page.locator('.card', { hasText: 'MRR' }).innerText()).toContain('120.00');
    await screenshot(page, 'admin-overview-1366');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'admin-overview-1024');
  }, 120_000);

  it('the backup script reports its verified result to the console (POST /admin/api/backups)', async () => {
    const { reportBackup } = (await import(/* @vite-ignore */ backupScript)) as { reportBackup(url: string, r: object, o?: object): Promise<number> };
    const file = `backups/pospal-licensing-reported-${Date.now()}.sql`;
    expect(await reportBackup(worker.url, { verified: true, file, bytes: 777, tables: { customers: 7 } }, { env: { POSPAL_ADMIN_EMAIL: OWNER } })).toBe(201);
    expect(run(`SELECT file FROM backup_reports ORDER BY id DESC LIMIT 1`)).toContain(file);
  }, 60_000);

  it('finds a customer and releases a machine', async () => {
    const page = await newPage(1366);
    await signIn(page);
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Search customers').fill('kafeneio');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'eleni@kafeneio.e2e' }).click();
    await page.getByRole('heading', { name: 'Kafeneio Eleni' }).waitFor();
    // The welcome email's token is never shown.
    expect(await page.locator('main').innerText()).not.toContain('POS-ABCDE');
    await screenshot(page, 'admin-customer-1366');
    const office = page.locator('tr', { hasText: 'OFFICE-PC' }).first();
    await office.getByRole('button', { name: 'Release' }).click();
    await page.getByText(/Released OFFICE-PC/).waitFor();
    await page.locator('tr', { hasText: 'OFFICE-PC' }).first().getByText('released').waitFor();
    expect(run(`SELECT deactivated_at FROM machines WHERE id = 'm-office'`)).toMatch(/"deactivated_at":\s*\d{13}/);
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'admin-customer-released-1024');
  }, 120_000);

  it('replays a failed webhook: fetched again from the Stripe-shaped server and applied', async () => {
    const page = await newPage(1366);
    await signIn(page);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Status').selectOption('failed');
    const row = page.locator('tr', { hasText: 'evt_e2e_failed1' });
    await row.waitFor();
    await screenshot(page, 'admin-webhooks-failed-1366');
    await row.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replayed: applied.').waitFor();
    expect((await stripeRequests()).some((r) => r.method === 'GET' && r.path === '/v1/events/evt_e2e_failed1')).toBe(true);
    await page.getByLabel('Status').selectOption('all');
    await page.locator('tr', { hasText: 'evt_e2e_failed1' }).getByText('applied').waitFor();
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'admin-webhooks-replayed-1024');
  }, 120_000);

  it('approves a refund through the Stripe-shaped server', async () => {
    const page = await newPage(1366);
    await signIn(page);
    await page.getByRole('link', { name: 'Refund requests' }).click();
    const row = page.locator('tr', { hasText: 'We closed the café' });
    await row.waitFor();
    await screenshot(page, 'admin-refunds-1366');
    await row.getByLabel('Amount in cents (empty: full invoice)').fill('1500');
    await row.getByRole('button', { name: 'Approve refund' }).click();
    await page.getByText(/Refunded €15\.00/).waitFor();
    const refund = (await stripeRequests()).find((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(refund?.form).toMatchObject({ amount: '1500', payment_intent: 'pi_in_paid_cus_e2e1', 'metadata[refundRequestId]': 'rr-e2e-1' });
    expect((await stripeRequests()).some((r) => r.method === 'DELETE')).toBe(false);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByLabel('Status').selectOption('approved');
    await page.locator('tr', { hasText: 'We closed the café' }).getByText('approved').waitFor();
    await screenshot(page, 'admin-refunds-approved-1024');
    await page.getByRole('link', { name: 'Flags' }).click();
    await page.getByLabel('Flag key').fill('qr_menu');
    await page.getByLabel('Rollout percent').fill('25');
    await page.getByRole('button', { name: 'Save flag' }).click();
    await page.locator('tr', { hasText: 'qr_menu' }).waitFor();
    await screenshot(page, 'admin-flags-1024');
    await page.getByRole('link', { name: 'Operators' }).click();
    await page.getByLabel('Operator email').fill('support@pospal.e2e');
    await page.getByLabel('Role').selectOption('support');
    await page.getByRole('button', { name: 'Save operator' }).click();
    await page.locator('tr', { hasText: 'support@pospal.e2e' }).waitFor();
    await screenshot(page, 'admin-operators-1024');
  }, 120_000);
});
