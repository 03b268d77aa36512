// Rate limits per IP and per credential, answered 429 with Retry-After.
// Fixed windows in isolate memory: cheap (no D1 writes on the hot path) and good enough against
// bursts from one client; Cloudflare routes one client to few isolates.
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { isProduction } from '../env';
import { ApiError } from './errors';

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_LIMITS = {
  'validate:ip': { limit: 300, windowSeconds: 60 },
  'validate:credential': { limit: 60, windowSeconds: 60 },
  'session:ip': { limit: 300, windowSeconds: 60 },
  'recover:ip': { limit: 10, windowSeconds: 900 },
  'recover:email': { limit: 3, windowSeconds: 3600 },
  'account:ip': { limit: 30, windowSeconds: 60 },
  'checkout:ip': { limit: 10, windowSeconds: 60 },
  'checkout:email': { limit: 5, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof DEFAULT_LIMITS;

const MAX_KEYS = 50_000;

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  /** Returns 0 when allowed, else the seconds until the window resets. */
  hit(key: string, limit: Limit, now: number): number {
    const windowMs = limit.windowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      if (this.windows.size >= MAX_KEYS) this.windows.clear(); // bounded memory under a flood of keys
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= limit.limit) return 0;
    return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
  }
}

// One limiter per env (per DB binding): isolate state, separate for per-test environments.
const limiters = new WeakMap<object, RateLimiter>();
function limiterFor(env: object): RateLimiter {
  let l = limiters.get(env);
  if (!l) {
    l = new RateLimiter();
    limiters.set(env, l);
  }
  return l;
}

/** `RATE_LIMITS="validate:ip=5/60,recover:email=1/3600"` overrides defaults outside production. */
export function parseLimitOverrides(spec: string | undefined): Partial<Record<string, Limit>> {
  const out: Partial<Record<string, Limit>> = {};
  for (const part of (spec ?? '').split(',')) {
    const m = /^\s*([\w:]+)=(\d+)\/(\d+)\s*$/.exec(part);
    if (m) out[m[1]!] = { limit: Number(m[2]), windowSeconds: Number(m[3]) };
  }
  return out;
}

export function clientIp(c: Context): string {
  return c.req.header('CF-Connecting-IP') ?? c.req.header('X-Real-IP') ?? 'local';
}

/** Counts a request against `name` for `key`; throws RATE_LIMITED when over. */
export function enforceRateLimit(c: Context<AppEnv>, name: LimitName, key: string): void {
  const limit = (!isProduction(c.env) ? parseLimitOverrides(c.env.RATE_LIMITS)[name] : undefined) ?? DEFAULT_LIMITS[name];
  const retryAfter = limiterFor(c.env.DB).hit(`${name}|${key}`, limit, c.get('now')());
  if (retryAfter > 0) {
    throw new ApiError('RATE_LIMITED', 'Too many requests. Please wait and try again.', { retryAfterSeconds: retryAfter }, {
      'Retry-After': String(retryAfter),
    });
  }
}
