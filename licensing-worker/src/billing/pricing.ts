// GET /pricing: the plan's price, currency and interval. With Stripe: prices.retrieve of
// STRIPE_PRICE_ID, cached per isolate for a few minutes; development billing answers its own plan.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import { isDevelopmentBillingEnv, type AppEnv, type Env } from '../env';
import { ApiError } from '../http/errors';
import type { PlanPrice } from '../protocol/billing';
import { MONTHLY_PLAN } from './plan';
import { createStripeClient } from './stripe';

export const PRICING_CACHE_MS = 5 * 60_000;

/** The parts of a Stripe Price we read. */
const stripePriceSchema = z.looseObject({
  id: z.string(),
  unit_amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/),
  recurring: z.looseObject({ interval: z.enum(['day', 'week', 'month', 'year']), interval_count: z.number().int().positive() }),
});

const cache = new Map<string, { plan: PlanPrice; until: number }>();

/** Test only: forget the cached prices. */
export const clearPricingCache = (): void => cache.clear();

export const DEVELOPMENT_PLAN: PlanPrice = { amountCents: MONTHLY_PLAN.amountCents, currency: MONTHLY_PLAN.currency.toUpperCase(), interval: 'month', intervalCount: 1, source: 'development' };

async function fromStripe(stripe: Stripe, priceId: string): Promise<PlanPrice> {
  let raw: unknown;
  try {
    raw = await stripe.prices.retrieve(priceId);
  } catch {
    throw new ApiError('SERVICE_UNAVAILABLE', 'The price could not be read from the payment provider. Try again in a minute.');
  }
  const price = stripePriceSchema.safeParse(raw);
  if (!price.success) throw new ApiError('SERVICE_UNAVAILABLE', 'The configured price is not a recurring price. The operator has to fix STRIPE_PRICE_ID.');
  const p = price.data;
  return { amountCents: p.unit_amount, currency: p.currency.toUpperCase(), interval: p.recurring.interval, intervalCount: p.recurring.interval_count, source: 'stripe' };
}

export async function currentPlanPrice(env: Env, now: number): Promise<PlanPrice> {
  if (isDevelopmentBillingEnv(env)) return DEVELOPMENT_PLAN;
  const stripe = createStripeClient(env);
  if (!stripe || !env.STRIPE_PRICE_ID) throw new ApiError('SERVICE_UNAVAILABLE', 'Billing is not configured on the license service.');
  const key = `${env.STRIPE_API_HOST ?? ''}:${env.STRIPE_API_PORT ?? ''}:${env.STRIPE_PRICE_ID}`;
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.plan;
  const plan = await fromStripe(stripe, env.STRIPE_PRICE_ID);
  cache.set(key, { plan, until: now + PRICING_CACHE_MS });
  return plan;
}

export const pricingRoutes = new Hono<AppEnv>();

pricingRoutes.get('/pricing', async (c) => {
  const plan = await currentPlanPrice(c.env, c.get('now')());
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({ success: true as const, requestId: c.get('requestId'), plan }, 200);
});
