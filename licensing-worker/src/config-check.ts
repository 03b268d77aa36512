// The worker's configuration, validated once per env object at the first request: a missing
// secret or var answers 503 SERVICE_UNAVAILABLE (reason CONFIG_INVALID) naming the variables,
// instead of an INTERNAL error (or a stack) deep inside a route. Values are never echoed.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv, Env } from './env';
import { ApiError } from './http/errors';
import { logEvent } from './log';

const text = z.string().trim().min(1);

/** Every variable a request may need, in the order they are reported. */
const requiredConfig = z.object({
  LICENSE_SIGNING_KEY: text,
  LICENSE_KEY_ID: text,
  STRIPE_WEBHOOK_SECRET: text,
  EMAIL_FROM: text,
  OPERATOR_EMAIL: text,
  ALLOWED_ORIGINS: text,
  PUBLIC_BASE_URL: text,
  APP_VERSION: text,
});
const ORDER = Object.keys(requiredConfig.shape);

/** The names of the missing or empty variables (and `DB` when the binding is absent). */
export function missingConfig(env: Partial<Env>): string[] {
  const result = requiredConfig.safeParse(env);
  const missing = result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))];
  missing.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (!env.DB) missing.push('DB');
  return missing;
}

const checked = new WeakMap<object, string[]>();

export const requireValidConfig = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  let missing = checked.get(c.env);
  if (!missing) {
    missing = missingConfig(c.env);
    checked.set(c.env, missing);
    if (missing.length > 0) logEvent('error', 'config_invalid', { requestId: c.get('requestId'), missing });
  }
  if (missing.length > 0) {
    throw new ApiError('SERVICE_UNAVAILABLE', `The licensing service is not configured: set ${missing.join(', ')}.`, {
      reason: 'CONFIG_INVALID',
      missing,
    });
  }
  await next();
};
