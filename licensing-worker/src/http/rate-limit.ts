// Per-address limits, answered 429 RATE_LIMITED with Retry-After.
//
// In production each address limit is a Workers Rate Limiting binding ([[ratelimits]] in
// wrangler.toml): a fixed limit per 10 s or 60 s period, counted per Cloudflare location. The
// binding reports only "over or not", so Retry-After is the period. Without the binding (or with
// a RATE_LIMITS override outside production, for tests) the same limit is counted in isolate
// memory against the injected clock. Per-email request limits (checkout) stay in memory; wrong
// credentials are counted per (email, address) in D1 by ./credential-failures.ts.
import type { Context } from 'hono';
import type { AppEnv, Env } from '../env';
import { isProduction } from '../env';
import { ApiError } from './errors';

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export type RateLimitBindingName = 'RL_VALIDATE_IP' | 'RL_SESSION_IP' | 'RL_RECOVER_IP' | 'RL_ACCOUNT_IP' | 'RL_CHECKOUT_IP' | 'RL_FAILURES_IP' | 'RL_TRIAL_IP';

export interface AddressLimit extends Limit {
  binding: RateLimitBindingName;
  windowSeconds: 10 | 60;
}

/** Keep in step with the [[ratelimits]] of wrangler.toml (test/rate-limit-config.test.ts checks). */
export const ADDRESS_LIMITS = {
  'validate:ip': { binding: 'RL_VALIDATE_IP', limit: 300, windowSeconds: 60 },
  'session:ip': { binding: 'RL_SESSION_IP', limit: 300, windowSeconds: 60 },
  'recover:ip': { binding: 'RL_RECOVER_IP', limit: 5, windowSeconds: 60 },
  'account:ip': { binding: 'RL_ACCOUNT_IP', limit: 30, windowSeconds: 60 },
  'checkout:ip': { binding: 'RL_CHECKOUT_IP', limit: 10, windowSeconds: 60 },
  /** Wrong credentials from one address, whatever the email (counted only on failures). */
  'failures:ip': { binding: 'RL_FAILURES_IP', limit: 20, windowSeconds: 60 },
  /** Free trial starts from one address. */
  'trial:ip': { binding: 'RL_TRIAL_IP', limit: 5, windowSeconds: 60 },
} as const satisfies Record<string, AddressLimit>;

/** Per-email request limits that need longer windows than the binding allows (isolate memory). */
export const EMAIL_LIMITS = {
  'checkout:email': { limit: 5, windowSeconds: 3600 },
  'trial:email': { limit: 3, windowSeconds: 3600 },
} as const satisfies Record<string, Limit>;

export type AddressLimitName = keyof typeof ADDRESS_LIMITS;
export type LimitName = AddressLimitName | keyof typeof EMAIL_LIMITS;

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

/** `RATE_LIMITS="validate:ip=5/60,checkout:email=1/3600"` overrides defaults outside production. */
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

export const rateLimited = (retryAfterSeconds: number, message = 'Too many requests. Please wait and try again.'): ApiError =>
  new ApiError('RATE_LIMITED', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });

const isAddressLimit = (name: LimitName): name is AddressLimitName => name in ADDRESS_LIMITS;

/** Seconds to wait (0 = allowed) after counting one hit of `name` for `key`. */
export async function countHit(env: Env, now: number, name: LimitName, key: string): Promise<number> {
  const override = !isProduction(env) ? parseLimitOverrides(env.RATE_LIMITS)[name] : undefined;
  if (!override && isAddressLimit(name)) {
    const spec = ADDRESS_LIMITS[name];
    const binding = env[spec.binding];
    if (binding) {
      const { success } = await binding.limit({ key: `${name}|${key}` });
      return success ? 0 : spec.windowSeconds;
    }
  }
  const limit = override ?? (isAddressLimit(name) ? ADDRESS_LIMITS[name] : EMAIL_LIMITS[name]);
  return limiterFor(env.DB).hit(`${name}|${key}`, limit, now);
}

/** Counts a request against `name` for `key`; throws RATE_LIMITED when over. */
export async function enforceRateLimit(c: Context<AppEnv>, name: LimitName, key: string): Promise<void> {
  const retryAfter = await countHit(c.env, c.get('now')(), name, key);
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

/** The per-address request limit of a route family, keyed by the client's address. */
export function enforceAddressLimit(c: Context<AppEnv>, name: AddressLimitName): Promise<void> {
  return enforceRateLimit(c, name, clientIp(c));
}
