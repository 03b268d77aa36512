// Console tests: a local Cloudflare Access key set (real RS256 JWTs), signed-in operators of
// each role with their CSRF token, calls through the whole worker app on the real local D1.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { AdminEnv } from '../src/admin/config';
import type { FetchLike } from '../src/admin/access';
import type { Role } from '../src/admin/operators';
import { createApp } from '../src/index';
import { freshIp, uniqueEmail, type Overrides } from './billing-helpers';

export const TEAM = 'https://pospal-test.cloudflareaccess.com';
export const OTHER_TEAM = 'https://intruder.cloudflareaccess.com';
export const AUD = 'aud-console-test-0123456789';
export const OWNER = 'owner@pospal.test';

export interface KeySet {
  kid: string;
  privateKey: CryptoKey;
  jwks: { keys: JWK[] };
}

export async function makeKeySet(kid: string): Promise<KeySet> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwks: { keys: [jwk] } };
}

/**
 * Cloudflare's side: answers <team>/cdn-cgi/access/certs from the key sets given per team
 * (and counts the fetches, so caching is observable).
 */
export function accessNetwork(teams: Record<string, KeySet[]>) {
  const fetches: string[] = [];
  const fetchImpl: FetchLike = async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    fetches.push(url);
    const team = Object.keys(teams).find((t) => url === `${t}/cdn-cgi/access/certs`);
    if (!team) return new Response('not found', { status: 404 });
    return Response.json({ keys: teams[team]!.flatMap((k) => k.jwks.keys) });
  };
  return { fetch: fetchImpl, fetches, teams };
}

export interface AssertionOptions {
  email?: string;
  commonName?: string;
  aud?: string;
  iss?: string;
  /** Seconds from now; negative for an expired assertion. */
  expiresIn?: number;
  kid?: string;
}

export async function signAssertion(keys: KeySet, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { type: 'app', identity_nonce: 'n' };
  if (o.commonName) claims.common_name = o.commonName;
  else claims.email = o.email ?? OWNER;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? keys.kid })
    .setIssuer(o.iss ?? TEAM)
    .setAudience(o.aud ?? AUD)
    .setSubject('sub-' + (o.email ?? o.commonName ?? 'x'))
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (o.expiresIn ?? 3600))
    .sign(keys.privateKey);
}

export const adminOverrides = (extra: Overrides = {}): Overrides => ({
  ADMIN_ACCESS_TEAM_DOMAIN: TEAM,
  ADMIN_ACCESS_AUD: AUD,
  OPERATOR_OWNER_EMAIL: OWNER,
  ...extra,
});

export interface AdminCall {
  method?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

/** A console on the real worker app with its own Access network and bindings. */
export function consoleHarness(options: { network: ReturnType<typeof accessNetwork>; overrides?: Overrides; now?: () => number }) {
  const app = createApp({ admin: { accessFetch: options.network.fetch }, ...(options.now ? { now: options.now } : {}) });
  const bindings = { ...env, ...adminOverrides(options.overrides) } as AdminEnv;
  async function call(path: string, init: AdminCall = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('CF-Connecting-IP')) headers.set('CF-Connecting-IP', freshIp());
    let body: string | null = init.body ?? null;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`http://worker.test${path}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' }), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }
  return { call, bindings, app };
}

export type Harness = ReturnType<typeof consoleHarness>;

export async function seedOperator(role: Role, email = uniqueEmail(`op-${role}`)): Promise<string> {
  await env.DB.prepare(`INSERT INTO operators (email, role, created_at, created_by) VALUES (?, ?, ?, 'test') ON CONFLICT(email) DO UPDATE SET role = excluded.role, disabled_at = NULL`)
    .bind(email.toLowerCase(), role, Date.now())
    .run();
  return email.toLowerCase();
}

/** An operator signed in through Access, with the CSRF token the console's page would send. */
export async function signIn(h: Harness, keys: KeySet, email: string) {
  const assertion = await signAssertion(keys, { email });
  const res = await h.call('/admin/api/session', { headers: { 'Cf-Access-Jwt-Assertion': assertion } });
  if (res.status !== 200) throw new Error(`sign-in for ${email} answered ${res.status}: ${await res.text()}`);
  const { csrfToken } = await res.json<{ csrfToken: string }>();
  const auth = { 'Cf-Access-Jwt-Assertion': assertion, Cookie: `pospal_admin_csrf=${csrfToken}`, 'X-Admin-CSRF': csrfToken, Origin: 'http://worker.test' };
  return {
    email,
    csrfToken,
    assertion,
    get: (path: string) => h.call(path, { headers: auth }),
    post: (path: string, json: unknown = {}, extraHeaders: Record<string, string> = {}) => h.call(path, { method: 'POST', json, headers: { ...auth, ...extraHeaders } }),
  };
}

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

export interface AdminErrorJson {
  success: false;
  error: { code: string; message: string; [k: string]: unknown };
}
