// Wrong credentials are counted per (email, address) in D1 and per address with the
// RL_FAILURES_IP binding, and only AFTER the credential was checked: a request carrying the right
// credentials is never refused because someone else guessed wrong for that email. Counters are
// written only on failures, so a good validate stays one D1 read.
//
// Route handlers name the email a request authenticates as (`expectCredentials`); the
// middleware sees the INVALID_CREDENTIALS the handler threw, counts it, and turns the answer
// into 429 RATE_LIMITED when the address (or the address for that email) is over its limit.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Env } from '../env';
import { isProduction } from '../env';
import { normalizeEmail } from '../tokens';
import { ApiError, renderError } from './errors';
import { clientIp, countHit, parseLimitOverrides, rateLimited, type Limit } from './rate-limit';

/** Wrong credentials allowed per (email, address) per window. */
export const PAIR_FAILURE_LIMIT: Limit = { limit: 10, windowSeconds: 900 };

/** The (email, address) limit; `RATE_LIMITS="failures:pair=n/seconds"` overrides it outside production. */
export const pairFailureLimit = (env: Pick<Env, 'ENVIRONMENT' | 'RATE_LIMITS'>): Limit =>
  (!isProduction(env) ? parseLimitOverrides(env.RATE_LIMITS)['failures:pair'] : undefined) ?? PAIR_FAILURE_LIMIT;

const presentedEmail = new WeakMap<Request, string>();

/** Call before checking the credential: names the email whose failures a 401 counts against. */
export function expectCredentials(c: Context<AppEnv>, email: string): void {
  presentedEmail.set(c.req.raw, normalizeEmail(email));
}

/** Counts one failure for (email, address); returns the seconds to wait when over, else 0. */
export async function recordPairFailure(c: Context<AppEnv>, email: string, address: string): Promise<number> {
  const now = c.get('now')();
  const limit = pairFailureLimit(c.env);
  const windowMs = limit.windowSeconds * 1000;
  const row = await c.get('db').first<{ failures: number; window_start: number }>(
    `INSERT INTO credential_failures (email, address, window_start, failures) VALUES (?1, ?2, ?3, 1)
     ON CONFLICT (email, address) DO UPDATE SET
       failures = CASE WHEN window_start <= ?3 - ?4 THEN 1 ELSE failures + 1 END,
       window_start = CASE WHEN window_start <= ?3 - ?4 THEN ?3 ELSE window_start END
     RETURNING failures, window_start`,
    email,
    address,
    now,
    windowMs,
  );
  if (!row || row.failures <= limit.limit) return 0;
  return Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000));
}

export function countCredentialFailures(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!(c.error instanceof ApiError) || c.error.code !== 'INVALID_CREDENTIALS') return;
    const address = clientIp(c);
    const email = presentedEmail.get(c.req.raw);
    const [addressWait, pairWait] = await Promise.all([
      countHit(c.env, c.get('now')(), 'failures:ip', address),
      email === undefined ? Promise.resolve(0) : recordPairFailure(c, email, address),
    ]);
    const wait = Math.max(addressWait, pairWait);
    if (wait > 0) c.res = renderError(rateLimited(wait, 'Too many wrong unlock tokens from this address. Please wait and try again.'), c);
  };
}

/** Cron: forget failure windows that ended (the table holds only live counters). */
export async function pruneCredentialFailures(env: Pick<Env, 'DB' | 'ENVIRONMENT' | 'RATE_LIMITS'>, now: number): Promise<number> {
  const windowMs = pairFailureLimit(env).windowSeconds * 1000;
  const r = await env.DB.prepare('DELETE FROM credential_failures WHERE window_start <= ?').bind(now - windowMs).run();
  return r.meta.changes;
}
