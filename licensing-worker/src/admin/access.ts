// Cloudflare Access: every /admin request carries `Cf-Access-Jwt-Assertion`, a JWT signed by the
// team's keys (published at <team domain>/cdn-cgi/access/certs, rotated by Cloudflare). We
// verify signature, issuer (the team domain), audience (the application's AUD tag) and expiry.
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Clock } from '../env';
import type { AdminConfig } from './config';
import { AdminError } from './errors';

export const ACCESS_HEADER = 'Cf-Access-Jwt-Assertion';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Who Cloudflare Access says is calling: a person (email) or a service token (common_name). */
export type AccessIdentity = { kind: 'person'; email: string } | { kind: 'service'; clientId: string };

/** How long a fetched key set is trusted, and how soon an unknown key id may trigger a refetch. */
export const KEYS_MAX_AGE_MS = 10 * 60_000;
export const KEYS_COOLDOWN_MS = 30_000;

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })).min(1) });

interface CachedKeys {
  fetchedAt: number;
  kids: Set<string>;
  keySet: ReturnType<typeof createLocalJWKSet>;
}

// Per (fetch, certs URL), per isolate: fetched on first use, refreshed after 10 minutes, and
// refetched at once (at most every 30 s) when a token names a key id we have not seen: that is
// how a rotation by Cloudflare shows up.
const cache = new WeakMap<FetchLike, Map<string, CachedKeys>>();

async function fetchKeys(fetchImpl: FetchLike, certsUrl: string, now: number): Promise<CachedKeys> {
  const res = await fetchImpl(certsUrl, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`Access certs answered ${res.status}`);
  const jwks = jwksSchema.parse(await res.json());
  return { fetchedAt: now, kids: new Set(jwks.keys.flatMap((k) => (k.kid ? [k.kid] : []))), keySet: createLocalJWKSet(jwks as JSONWebKeySet) };
}

async function keysFor(fetchImpl: FetchLike, certsUrl: string, kid: string | undefined, now: number): Promise<CachedKeys> {
  let byUrl = cache.get(fetchImpl);
  if (!byUrl) {
    byUrl = new Map();
    cache.set(fetchImpl, byUrl);
  }
  const cached = byUrl.get(certsUrl);
  const stale = !cached || now - cached.fetchedAt >= KEYS_MAX_AGE_MS;
  const unknownKid = cached !== undefined && kid !== undefined && !cached.kids.has(kid) && now - cached.fetchedAt >= KEYS_COOLDOWN_MS;
  if (!stale && !unknownKid) return cached;
  const fresh = await fetchKeys(fetchImpl, certsUrl, now);
  byUrl.set(certsUrl, fresh);
  return fresh;
}

export const certsUrlOf = (teamDomain: string): string => `${teamDomain}/cdn-cgi/access/certs`;

const refused = (why: string) =>
  new AdminError('ACCESS_REQUIRED', `Sign in through Cloudflare Access to use the console (${why}).`);

export async function verifyAccessAssertion(
  assertion: string | undefined,
  config: Pick<AdminConfig, 'teamDomain' | 'audience'>,
  fetchImpl: FetchLike,
  now: Clock,
): Promise<AccessIdentity> {
  if (!config.teamDomain || !config.audience) {
    throw new AdminError('CONSOLE_NOT_CONFIGURED', 'The console is not configured: set ADMIN_ACCESS_TEAM_DOMAIN and ADMIN_ACCESS_AUD (see docs/operations/deploying.md).');
  }
  if (!assertion) throw refused('no Access assertion on the request');
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(assertion).kid;
  } catch {
    throw refused('the assertion is not a JWT');
  }
  let keys: CachedKeys;
  try {
    keys = await keysFor(fetchImpl, certsUrlOf(config.teamDomain), kid, now());
  } catch {
    // Not the caller's fault, and never a reason to let them in.
    throw new AdminError('SERVICE_UNAVAILABLE', 'Cloudflare Access keys could not be fetched; try again in a minute.');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, keys.keySet, {
      issuer: config.teamDomain,
      audience: config.audience,
      algorithms: ['RS256'],
      currentDate: new Date(now()),
      clockTolerance: 30,
      requiredClaims: ['exp', 'iat'],
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw refused('the Access session expired');
    if (e instanceof errors.JWTClaimValidationFailed) throw refused(`the assertion's ${e.claim} does not match`);
    throw refused('the assertion could not be verified');
  }
  if (typeof payload.email === 'string' && payload.email) return { kind: 'person', email: payload.email.toLowerCase() };
  if (typeof payload.common_name === 'string' && payload.common_name) return { kind: 'service', clientId: payload.common_name };
  throw refused('the assertion names no person or service token');
}
