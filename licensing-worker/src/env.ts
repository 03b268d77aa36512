// Bindings, vars and secrets of the worker, and the Hono environment every route module uses.
import type { Database } from './db/database';

/**
 * Bindings and vars come from `worker-configuration.d.ts`, generated from wrangler.toml by
 * `npx wrangler types --include-runtime=false --strict-vars=false --env-interface WranglerEnv`
 * (rerun it after changing wrangler.toml). Secrets (`wrangler secret put`) and optional
 * settings are declared here; `config-check.ts` validates them at the first request.
 */
// The /admin console's bindings stay optional here (admin/config.ts AdminBindings).
type Generated = Omit<WranglerEnv, 'ENVIRONMENT' | `RL_${string}` | 'ASSETS' | 'OPERATOR_OWNER_EMAIL' | `ADMIN_${string}` | `OFFLINE_${string}`>;

export interface Env extends Generated {
  /**
   * `production`, `development` or `test` as configured; typed as any string because a deploy
   * may carry anything. Only exactly `development` and `test` enable development routes and
   * billing; anything else (or unset) is production-like.
   */
  ENVIRONMENT?: string;
  /** Ed25519 private key, PKCS8, base64 (secret). */
  LICENSE_SIGNING_KEY: string;
  /** Extra published keys for rotation: `kid=base64spki,kid2=...`. */
  LICENSE_PUBLIC_KEYS?: string;
  /** Offline license files (src/offline-files): their own Ed25519 key (PKCS8 base64, secret) and kid. */
  OFFLINE_LICENSE_SIGNING_KEY?: string;
  OFFLINE_LICENSE_KEY_ID?: string;
  STRIPE_SECRET_KEY?: string;
  /** Secret. */
  STRIPE_WEBHOOK_SECRET: string;
  STRIPE_PRICE_ID?: string;
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: string;
  STRIPE_API_PROTOCOL?: string;
  RESEND_API_KEY?: string;
  RESEND_API_URL?: string;
  /** Workers Rate Limiting bindings (wrangler.toml [[ratelimits]]); see http/rate-limit.ts. */
  RL_VALIDATE_IP?: RateLimit;
  RL_SESSION_IP?: RateLimit;
  RL_RECOVER_IP?: RateLimit;
  RL_ACCOUNT_IP?: RateLimit;
  RL_CHECKOUT_IP?: RateLimit;
  RL_FAILURES_IP?: RateLimit;
  RL_TRIAL_IP?: RateLimit;
  /** Length of a free trial in seconds (default 14 days; development may set minutes). */
  TRIAL_SECONDS?: string;
  /** Test only: overrides rate limits as `name=limit/windowSeconds,...` (ignored in production). */
  RATE_LIMITS?: string;
}

/** Time source; injected so tests can move the clock (session timeouts, caching, cron). */
export type Clock = () => number;

export interface AppVariables {
  requestId: string;
  now: Clock;
  /** D1 behind the circuit breaker. */
  db: Database;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };

/** Explicitly development or test (the value is checked, not assumed: a missing var is production-like). */
export const isDevelopmentEnvironment = (env: { ENVIRONMENT?: string | undefined }): boolean =>
  env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test';

/** Production-like: every environment that is not explicitly development or test. */
export const isProduction = (env: { ENVIRONMENT?: string | undefined }): boolean => !isDevelopmentEnvironment(env);

/**
 * Development billing (fake checkout page, simulated events, /dev/*): only in an explicit
 * development/test environment and never when a Stripe secret key is configured.
 */
export const isDevelopmentBillingEnv = (env: { ENVIRONMENT?: string | undefined; STRIPE_SECRET_KEY?: string | undefined }): boolean =>
  isDevelopmentEnvironment(env) && !env.STRIPE_SECRET_KEY;
