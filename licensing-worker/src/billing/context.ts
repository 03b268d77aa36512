import type Stripe from 'stripe';
import type { Database } from '../db/database';
import type { Clock, Env } from '../env';
import type { EmailContext } from '../email';

/** What billing code needs from a request (or from the cron): handed in, never global. */
export interface BillingContext {
  env: Env;
  db: Database;
  now: Clock;
  requestId: string | null;
  /** Null in development billing (no STRIPE_SECRET_KEY). */
  stripe: Stripe | null;
}

/** An absolute URL on this worker (checkout pages, Stripe return URLs). */
export const publicUrl = (ctx: Pick<BillingContext, 'env'>, path: string): string => `${ctx.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}${path}`;

export const emailContextOf = (ctx: BillingContext): EmailContext => ({
  env: ctx.env,
  requestId: ctx.requestId ?? undefined,
  now: ctx.now,
});
