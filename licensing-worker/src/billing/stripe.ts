// The Stripe SDK as a Worker uses it: fetch for HTTP, SubtleCrypto for webhook signatures.
// host/port/protocol point it at a local Stripe-like server in tests.
import Stripe from 'stripe';
import type { Env } from '../env';

export type StripeEnv = Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_HOST' | 'STRIPE_API_PORT' | 'STRIPE_API_PROTOCOL'>;

/** Null when no secret key is configured (development billing, or a misconfigured production). */
export function createStripeClient(env: StripeEnv): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const protocol = env.STRIPE_API_PROTOCOL === 'http' ? 'http' : 'https';
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(env.STRIPE_API_PORT ? { port: Number(env.STRIPE_API_PORT) } : {}),
    protocol,
    maxNetworkRetries: 1,
    timeout: 10_000,
  });
}

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** Five minutes, Stripe's recommended tolerance against replayed signed payloads. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies the Stripe-Signature header against the raw body with SubtleCrypto.
 * Returns the parsed event, or null for a missing/forged/expired signature.
 */
export async function verifyStripeSignature(
  rawBody: string,
  signature: string | undefined,
  secret: string,
  nowMs: number,
): Promise<unknown> {
  if (!signature || !secret) return null;
  try {
    return await Stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      cryptoProvider,
      nowMs, // milliseconds: the SDK divides by 1000
    );
  } catch {
    return null;
  }
}

/** Signs a payload the way Stripe does (development billing feeds its events through the real handler). */
export function signStripePayload(payload: string, secret: string, nowMs: number): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    timestamp: Math.floor(nowMs / 1000),
    cryptoProvider,
  });
}
