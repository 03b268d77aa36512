/**
 * The worker's account endpoints the app calls directly (the license agent covers validation
 * and sessions): start a checkout, open the billing portal, recover a lost token. Answers are
 * validated with the worker's own protocol schemas; failures come back as error values.
 */
import type { z } from 'zod';
import { checkoutResponseSchema, errorBodySchema, portalResponseSchema, recoverResponseSchema } from 'licensing-worker/protocol';

export type BillingFailure = { code: string; message: string; details?: Record<string, unknown> };
export type BillingResult<T> = { ok: true; value: T } | { ok: false; error: BillingFailure };

export interface BillingClient {
  /** `claimHash`: SHA-256 hex of the claim secret the app keeps (core/license/claim.ts). */
  checkout(input: { email: string; name: string; businessName: string; claimHash: string; language?: 'en' | 'el' }): Promise<BillingResult<{ checkoutUrl: string; sessionId: string }>>;
  portal(input: { email: string; token: string }): Promise<BillingResult<{ url: string }>>;
  recover(input: { email: string }): Promise<BillingResult<null>>;
}

export function createBillingClient(baseUrl: string, fetchImpl: typeof fetch = fetch, timeoutMs = 8000): BillingClient {
  async function post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<BillingResult<z.infer<S>>> {
    let res: Response;
    try {
      res = await fetchImpl(new URL(path, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch {
      return { ok: false, error: { code: 'OFFLINE', message: 'Cannot reach the POSPal license service; check the internet connection' } };
    }
    const json: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, error: { code: 'WORKER_ERROR', message: 'The license service answered in an unexpected way' } };
    }
    const err = errorBodySchema.safeParse(json);
    if (!err.success) return { ok: false, error: { code: 'WORKER_ERROR', message: `The license service answered ${res.status}` } };
    const { code, message, ...rest } = err.data.error;
    return { ok: false, error: { code, message, details: rest } };
  }

  return {
    async checkout(input) {
      const r = await post('/checkout', input, checkoutResponseSchema);
      return r.ok ? { ok: true, value: { checkoutUrl: r.value.checkoutUrl, sessionId: r.value.sessionId } } : r;
    },
    async portal(input) {
      const r = await post('/portal', input, portalResponseSchema);
      return r.ok ? { ok: true, value: { url: r.value.url } } : r;
    },
    async recover(input) {
      const r = await post('/recover', input, recoverResponseSchema);
      return r.ok ? { ok: true, value: null } : r;
    },
  };
}
