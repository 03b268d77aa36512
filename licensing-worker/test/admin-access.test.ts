// /admin access: Cloudflare Access JWTs verified against the team's key set, operators and
// roles from D1, the development sign-in only outside production, CSRF on every change.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from './billing-helpers';
import {
  accessNetwork, consoleHarness, makeKeySet, OTHER_TEAM, OWNER, seedOperator, signAssertion, signIn, TEAM,
  type AdminErrorJson, type KeySet,
} from './admin-helpers';

let keys: KeySet;
let intruder: KeySet;
let network: ReturnType<typeof accessNetwork>;

beforeAll(async () => {
  keys = await makeKeySet('team-k1');
  intruder = await makeKeySet('intruder-k1');
  network = accessNetwork({ [TEAM]: [keys], [OTHER_TEAM]: [intruder] });
});

const prod = { ENVIRONMENT: 'production' as const };
const codeOf = async (res: Response) => (await res.json<AdminErrorJson>()).error.code;

describe('Cloudflare Access assertion', () => {
  it('lets a valid assertion of the configured owner in and seeds them as owner', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { email: OWNER }) } });
    expect(res.status).toBe(200);
    const body = await res.json<{ operator: { email: string; role: string } }>();
    expect(body.operator).toEqual({ email: OWNER, role: 'owner' });
    const row = await env.DB.prepare('SELECT role, created_by FROM operators WHERE email = ?').bind(OWNER).first();
    expect(row).toEqual({ role: 'owner', created_by: 'config' });
  });

  it('refuses a request without the header, on the API and on the UI assets (production)', async () => {
    const h = consoleHarness({ network, overrides: prod });
    for (const path of ['/admin/api/session', '/admin/', '/admin/index.html', '/admin/api/overview']) {
      const res = await h.call(path, { headers: { Host: 'pospal-licensing.example.workers.dev' } });
      expect(res.status, path).toBe(401);
      expect(await codeOf(res)).toBe('ACCESS_REQUIRED');
    }
  });

  it('refuses a wrong audience, an expired assertion, another team and a forged key', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const cases = {
      wrongAudience: await signAssertion(keys, { aud: 'some-other-app' }),
      expired: await signAssertion(keys, { expiresIn: -120 }),
      otherTeamIssuer: await signAssertion(intruder, { iss: OTHER_TEAM }),
      otherTeamKeysOurIssuer: await signAssertion(intruder, { kid: 'team-k1' }),
      garbage: 'not.a.jwt',
    };
    for (const [name, assertion] of Object.entries(cases)) {
      const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
      expect(res.status, name).toBe(401);
      expect(await codeOf(res), name).toBe('ACCESS_REQUIRED');
    }
  });

  it('refuses a verified person who is not an operator, and a disabled operator', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const stranger = uniqueEmail('stranger');
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { email: stranger }) } });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('NOT_AN_OPERATOR');
    const gone = await seedOperator('admin');
    await env.DB.prepare('UPDATE operators SET disabled_at = 1 WHERE email = ?').bind(gone).run();
    const res2 = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { email: gone }) } });
    expect(res2.status).toBe(403);
  });

  it('fetches the key set once and caches it; a rotated key is fetched when first seen (after the cooldown)', async () => {
    const k1 = await makeKeySet('rot-k1');
    const team = 'https://rotating.cloudflareaccess.com';
    const net = accessNetwork({ [team]: [k1] });
    let now = Date.now();
    const h = consoleHarness({ network: net, overrides: { ...prod, ADMIN_ACCESS_TEAM_DOMAIN: team, OPERATOR_OWNER_EMAIL: OWNER }, now: () => now });
    const session = async (k: KeySet) => (await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(k, { iss: team }) } })).status;
    for (let i = 0; i < 3; i++) expect(await session(k1)).toBe(200);
    expect(net.fetches).toHaveLength(1);
    // Cloudflare rotates: the new key appears in the published set.
    const k2 = await makeKeySet('rot-k2');
    net.teams[team] = [k1, k2];
    expect(await session(k2)).toBe(401); // within the cooldown: an unknown kid does not hammer the certs URL
    expect(net.fetches).toHaveLength(1);
    now += 31_000;
    expect(await session(k2)).toBe(200);
    expect(net.fetches).toHaveLength(2);
    // The old key, once Cloudflare drops it, stops working when the cache refreshes.
    net.teams[team] = [k2];
    now += 11 * 60_000;
    expect(await session(k1)).toBe(401);
    expect(await session(k2)).toBe(200);
  });

  it('refuses (503, not in) when the key set cannot be fetched', async () => {
    const net = accessNetwork({});
    const h = consoleHarness({ network: net, overrides: { ...prod, ADMIN_ACCESS_TEAM_DOMAIN: 'https://down.cloudflareaccess.com' } });
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { iss: 'https://down.cloudflareaccess.com' }) } });
    expect(res.status).toBe(503);
  });

  it('serves the console UI only past the check, with its own same-origin CSP', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const res = await h.call('/admin/index.html', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { email: OWNER }) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(await res.text()).toContain('POSPal console');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('answers CONSOLE_NOT_CONFIGURED in production when the team domain or audience is missing', async () => {
    const h = consoleHarness({ network, overrides: { ...prod, ADMIN_ACCESS_AUD: '' } });
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys) } });
    expect(res.status).toBe(503);
    expect(await codeOf(res)).toBe('CONSOLE_NOT_CONFIGURED');
  });

  it('does not change the public API: /health keeps its headers and body', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const res = await h.call('/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
  });
});

describe('development sign-in', () => {
  it('works in development/test and sets a cookie the console accepts', async () => {
    const h = consoleHarness({ network });
    const res = await h.call('/admin/dev/sign-in', { method: 'POST', json: { email: OWNER } });
    expect(res.status).toBe(200);
    const cookie = (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^pospal_admin_dev=/);
    const session = await h.call('/admin/api/session', { headers: { Cookie: cookie } });
    expect(session.status).toBe(200);
    expect((await session.json<{ operator: { role: string } }>()).operator.role).toBe('owner');
  });

  it('does not exist in production, and a development cookie is never accepted there', async () => {
    const dev = consoleHarness({ network });
    const signed = await dev.call('/admin/dev/sign-in', { method: 'POST', json: { email: OWNER } });
    const cookie = (signed.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    const h = consoleHarness({ network, overrides: prod });
    expect((await h.call('/admin/dev/sign-in', { method: 'POST', json: { email: OWNER } })).status).toBe(404);
    expect((await h.call('/admin/dev/sign-in')).status).toBe(404);
    const res = await h.call('/admin/api/session', { headers: { Cookie: cookie } });
    expect(res.status).toBe(401);
  });

  it('refuses a forged development cookie', async () => {
    const h = consoleHarness({ network });
    const res = await h.call('/admin/api/session', { headers: { Cookie: 'pospal_admin_dev=eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6Im93bmVyQHBvc3BhbC50ZXN0In0.AAAA' } });
    expect(res.status).toBe(401);
  });

  it('still verifies an Access header when one is sent in development', async () => {
    const h = consoleHarness({ network });
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { aud: 'wrong' }) } });
    expect(res.status).toBe(401);
  });
});

describe('roles and CSRF', () => {
  it('only an owner manages operators; each change is audited with the operator', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const adminEmail = await seedOperator('admin');
    const admin = await signIn(h, keys, adminEmail);
    const newcomer = uniqueEmail('newcomer');
    const refused = await admin.post('/admin/api/operators', { email: newcomer, role: 'support' });
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('ROLE_REQUIRED');

    const owner = await signIn(h, keys, OWNER);
    const saved = await owner.post('/admin/api/operators', { email: newcomer, role: 'support' });
    expect(saved.status).toBe(200);
    const audit = await env.DB.prepare(`SELECT operator, details FROM audit_log WHERE action = 'admin_operator_saved' AND json_extract(details, '$.email') = ?`).bind(newcomer).first<{ operator: string; details: string }>();
    expect(audit?.operator).toBe(OWNER);
    expect(JSON.parse(audit!.details)).toMatchObject({ role: 'owner', newRole: 'support' });

    const support = await signIn(h, keys, newcomer);
    expect((await support.get('/admin/api/session')).status).toBe(200);
  });

  it('refuses a change without the CSRF token, with a wrong one, or from another origin', async () => {
    const h = consoleHarness({ network, overrides: prod });
    const owner = await signIn(h, keys, OWNER);
    const body = { email: uniqueEmail('csrf'), role: 'viewer' };
    const attempts: Record<string, Record<string, string>> = {
      noToken: { 'Cf-Access-Jwt-Assertion': owner.assertion },
      cookieOnly: { 'Cf-Access-Jwt-Assertion': owner.assertion, Cookie: `pospal_admin_csrf=${owner.csrfToken}` },
      wrongHeader: { 'Cf-Access-Jwt-Assertion': owner.assertion, Cookie: `pospal_admin_csrf=${owner.csrfToken}`, 'X-Admin-CSRF': 'f'.repeat(64) },
      otherOrigin: { 'Cf-Access-Jwt-Assertion': owner.assertion, Cookie: `pospal_admin_csrf=${owner.csrfToken}`, 'X-Admin-CSRF': owner.csrfToken, Origin: 'https://evil.example' },
      crossSite: { 'Cf-Access-Jwt-Assertion': owner.assertion, Cookie: `pospal_admin_csrf=${owner.csrfToken}`, 'X-Admin-CSRF': owner.csrfToken, 'Sec-Fetch-Site': 'cross-site' },
    };
    for (const [name, headers] of Object.entries(attempts)) {
      const res = await h.call('/admin/api/operators', { method: 'POST', json: body, headers });
      expect(res.status, name).toBe(403);
      expect(await codeOf(res), name).toBe('CSRF_REJECTED');
    }
    const row = await env.DB.prepare('SELECT 1 FROM operators WHERE email = ?').bind(body.email).first();
    expect(row).toBeNull();
    expect((await owner.post('/admin/api/operators', body)).status).toBe(200);
  });

  it('a service token is refused everywhere but the backup report', async () => {
    const h = consoleHarness({ network, overrides: { ...prod, ADMIN_BACKUP_SERVICE_TOKEN_ID: 'svc-backup.access' } });
    const assertion = await signAssertion(keys, { commonName: 'svc-backup.access' });
    const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
    expect(res.status).toBe(403);
    const other = await signAssertion(keys, { commonName: 'svc-other.access' });
    const res2 = await h.call('/admin/api/backups', { method: 'POST', json: {}, headers: { 'Cf-Access-Jwt-Assertion': other } });
    expect(res2.status).toBe(403);
  });
});
