// Overview numbers, flags (rollout, per-isolate cache), backup reports, Resend delivery events
// (Svix signatures) and the request counters (never a D1 write per request).
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { Database, breakerFor } from '../src/db/database';
import { flagEnabled, rolloutBucket } from '../src/admin/flags';
import { svixSignature } from '../src/admin/resend-webhook';
import { createApp } from '../src/index';
import { uuidv7 } from '../src/ids';
import { freshIp, uniqueEmail } from './billing-helpers';
import { accessNetwork, consoleHarness, makeKeySet, signAssertion, seedOperator, signIn, TEAM, type Harness, type KeySet, type SignedIn } from './admin-helpers';

let keys: KeySet;
let h: Harness;
let viewer: SignedIn;
let admin: SignedIn;
const SVC = 'backup-svc.access';
const RESEND_SECRET = `whsec_${btoa('resend-test-secret-0123456789abcdef')}`;

beforeAll(async () => {
  keys = await makeKeySet('overview-k1');
  h = consoleHarness({ network: accessNetwork({ [TEAM]: [keys] }), overrides: { ENVIRONMENT: 'production', ADMIN_BACKUP_SERVICE_TOKEN_ID: SVC, RESEND_WEBHOOK_SECRET: RESEND_SECRET } });
  viewer = await signIn(h, keys, await seedOperator('viewer'));
  admin = await signIn(h, keys, await seedOperator('admin'));
});

describe('overview', () => {
  it('counts active and trial subscriptions, MRR in cents, live sessions, failures in 24 h, and reports the breaker', async () => {
    const before = (await (await viewer.get('/admin/api/overview')).json<{ overview: { subscriptions: { active: number; trial: number }; mrrCents: number; failed24h: { webhooks: number } } }>()).overview;
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO customers (id, email, token_hash, token_issued_at, subscription_status, created_at, updated_at) VALUES (?, ?, 'h', 1, 'active', ?, ?)`).bind(uuidv7(), uniqueEmail('ov-a'), now, now),
      env.DB.prepare(`INSERT INTO customers (id, email, token_hash, token_issued_at, subscription_status, created_at, updated_at) VALUES (?, ?, 'h', 1, 'trial', ?, ?)`).bind(uuidv7(), uniqueEmail('ov-t'), now, now),
      env.DB.prepare(`INSERT INTO webhook_events (id, type, created_s, status, payload, received_at) VALUES (?, 'invoice.paid', 1, 'failed', '{}', ?)`).bind(`evt_ov${now}`, now),
    ]);
    const res = await viewer.get('/admin/api/overview');
    const body = await res.json<{ health: { circuitBreaker: { state: string } }; overview: { subscriptions: { active: number; trial: number }; mrrCents: number; failed24h: { webhooks: number }; timeTravelWindowDays: number } }>();
    expect(body.health.circuitBreaker.state).toBe('closed');
    expect(body.overview.subscriptions.active).toBe(before.subscriptions.active + 1);
    expect(body.overview.subscriptions.trial).toBe(before.subscriptions.trial + 1);
    expect(body.overview.mrrCents).toBe(before.mrrCents + 2000);
    expect(Number.isInteger(body.overview.mrrCents)).toBe(true);
    expect(body.overview.failed24h.webhooks).toBe(before.failed24h.webhooks + 1);
    expect(body.overview.timeTravelWindowDays).toBe(30);
  });
});

describe('backups', () => {
  it('the backup service token reports a verified backup; the overview shows it; a viewer cannot report', async () => {
    const report = { verified: true, file: 'backups/pospal-licensing-test.sql', bytes: 12345, tables: { customers: 3 } };
    expect((await viewer.post('/admin/api/backups', report)).status).toBe(403);
    const res = await h.call('/admin/api/backups', { method: 'POST', json: report, headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { commonName: SVC }) } });
    expect(res.status).toBe(201);
    const { overview } = await (await viewer.get('/admin/api/overview')).json<{ overview: { lastVerifiedBackup: { file: string } } }>();
    expect(overview.lastVerifiedBackup.file).toBe(report.file);
    const audit = await env.DB.prepare(`SELECT operator FROM audit_log WHERE action = 'admin_backup_reported' ORDER BY id DESC LIMIT 1`).first<{ operator: string }>();
    expect(audit?.operator).toBe(`service:${SVC}`);
  });

  it('rejects a malformed report', async () => {
    const res = await admin.post('/admin/api/backups', { verified: 'yes', file: '', bytes: -1 });
    expect(res.status).toBe(400);
  });
});

describe('flags', () => {
  it('an admin edits a flag (a viewer cannot); rollout by customer id is stable and near the percentage', async () => {
    const refused = await h.call('/admin/api/flags/qr_menu', { method: 'PUT', json: { enabled: true }, headers: { 'Cf-Access-Jwt-Assertion': viewer.assertion, Cookie: `pospal_admin_csrf=${viewer.csrfToken}`, 'X-Admin-CSRF': viewer.csrfToken } });
    expect(refused.status).toBe(403);
    const put = await h.call('/admin/api/flags/qr_menu', { method: 'PUT', json: { enabled: true, rolloutPercent: 30, description: 'QR menu' }, headers: { 'Cf-Access-Jwt-Assertion': admin.assertion, Cookie: `pospal_admin_csrf=${admin.csrfToken}`, 'X-Admin-CSRF': admin.csrfToken } });
    expect(put.status).toBe(200);
    const db = new Database(env.DB, breakerFor(env.DB), Date.now);
    const now = Date.now();
    let on = 0;
    for (let i = 0; i < 400; i++) if (await flagEnabled(db, 'qr_menu', `cust-${i}`, now)) on++;
    expect(on).toBeGreaterThan(80);
    expect(on).toBeLessThan(160);
    const bucket = await rolloutBucket('qr_menu', 'cust-7');
    expect(await flagEnabled(db, 'qr_menu', 'cust-7', now)).toBe(bucket < 30);
    expect(await flagEnabled(db, 'unknown_flag', 'cust-7', now)).toBe(false);
  });

  it('is cached per isolate: a change in D1 shows after the cache minute, not per request', async () => {
    const db = new Database(env.DB, breakerFor(env.DB), Date.now);
    const t0 = Date.now() + 10 * 60_000; // past any earlier cache
    await env.DB.prepare(`INSERT INTO feature_flags (key, enabled, rollout_percent, updated_at) VALUES ('trials', 1, 100, 1) ON CONFLICT(key) DO UPDATE SET enabled = 1, rollout_percent = 100`).run();
    expect(await flagEnabled(db, 'trials', null, t0)).toBe(true);
    await env.DB.prepare(`UPDATE feature_flags SET enabled = 0 WHERE key = 'trials'`).run();
    expect(await flagEnabled(db, 'trials', null, t0 + 30_000)).toBe(true);
    expect(await flagEnabled(db, 'trials', null, t0 + 61_000)).toBe(false);
  });
});

describe('Resend delivery webhook', () => {
  async function deliver(event: unknown, o: { secret?: string; atS?: number } = {}) {
    const body = JSON.stringify(event);
    const id = `msg_${Math.random().toString(36).slice(2)}`;
    const ts = String(o.atS ?? Math.floor(Date.now() / 1000));
    const sig = await svixSignature(o.secret ?? RESEND_SECRET, id, ts, body);
    return h.call('/webhooks/resend', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'svix-id': id, 'svix-timestamp': ts, 'svix-signature': `v1,bogus v1,${sig}` } });
  }

  it('a signed email.bounced marks the email bounced; forged, stale or unsigned events change nothing', async () => {
    const providerId = `re_${Date.now()}`;
    await env.DB.prepare(`INSERT INTO email_log (at, to_address, template, subject, html, text, status, provider_id) VALUES (?, 'x@example.test', 'payment_failed', 's', 'h', 't', 'sent', ?)`).bind(Date.now(), providerId).run();
    const event = { type: 'email.bounced', created_at: new Date().toISOString(), data: { email_id: providerId } };
    expect((await deliver(event, { secret: `whsec_${btoa('another-secret-entirely')}` })).status).toBe(400);
    expect((await deliver(event, { atS: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400);
    expect((await h.call('/webhooks/resend', { method: 'POST', json: event })).status).toBe(400);
    const status = () => env.DB.prepare('SELECT delivery_status FROM email_log WHERE provider_id = ?').bind(providerId).first<{ delivery_status: string | null }>();
    expect((await status())?.delivery_status).toBeNull();
    expect((await deliver(event)).status).toBe(200);
    expect((await status())?.delivery_status).toBe('bounced');
    // A late "delivered" does not hide the bounce.
    await deliver({ ...event, type: 'email.delivered' });
    expect((await status())?.delivery_status).toBe('bounced');
    const failedList = await (await viewer.get('/admin/api/emails?status=bounced')).json<{ emails: Array<{ delivery_status: string }> }>();
    expect(failedList.emails.some((e) => e.delivery_status === 'bounced')).toBe(true);
  });
});

describe('request counters', () => {
  it('counts validations in memory and writes D1 at most once per flush window', async () => {
    let now = Date.UTC(2031, 0, 1, 10, 0, 0);
    const app = createApp({ now: () => now });
    const call = async (body: unknown) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request('http://worker.test/validate-unified', { method: 'POST', headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': freshIp() }, body: JSON.stringify(body) }), env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const bad = { operation: 'validate', credentials: { email: 'nobody@example.test', token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA' }, device: { machineFingerprint: 'a'.repeat(64) } };
    const hour = Math.floor(now / 3_600_000) * 3_600_000;
    const counted = async () => (await env.DB.prepare(`SELECT COALESCE(SUM(count), 0) AS n FROM metric_counters WHERE hour = ? AND name LIKE 'validate%'`).bind(hour).first<{ n: number }>())!.n;
    await call(bad); // first call in this isolate's window flushes
    const afterFirst = await counted();
    for (let i = 0; i < 4; i++) await call(bad);
    expect(await counted()).toBe(afterFirst); // four more requests, no D1 write
    now += 3 * 60_000 + 1;
    await call(bad);
    expect(await counted()).toBe(afterFirst + 10); // 5 more validate + 5 validate_refused, in one flush
  });
});
