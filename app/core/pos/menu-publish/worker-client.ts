/**
 * The worker's menu and pricing endpoints, as the app calls them: POST /menu/publish,
 * POST /menu/unpublish (the shop's email + unlock token) and GET /pricing. Answers are checked
 * with the worker's protocol schemas; failures come back as values with the worker's code.
 */
import type { z } from 'zod';
import {
  errorBodySchema,
  pricingResponseSchema,
  publishMenuResponseSchema,
  unpublishMenuResponseSchema,
  type PlanPrice,
  type PublishedMenu,
} from 'licensing-worker/protocol';

export type WorkerFailure = { code: string; message: string; details?: Record<string, unknown> };
export type WorkerResult<T> = { ok: true; value: T } | { ok: false; error: WorkerFailure };

export interface MenuWorkerClient {
  publish(input: { email: string; token: string; slug: string; menu: PublishedMenu }): Promise<WorkerResult<{ slug: string; url: string; itemCount: number }>>;
  unpublish(input: { email: string; token: string }): Promise<WorkerResult<{ slug: string | null }>>;
  pricing(): Promise<WorkerResult<PlanPrice>>;
}

export function createMenuWorkerClient(baseUrl: string, fetchImpl: typeof fetch = fetch, timeoutMs = 15_000): MenuWorkerClient {
  async function call<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<WorkerResult<z.infer<S>>> {
    let res: Response;
    try {
      res = await fetchImpl(new URL(path, baseUrl), {
        method: body === undefined ? 'GET' : 'POST',
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
    async publish(input) {
      const r = await call('/menu/publish', input, publishMenuResponseSchema);
      return r.ok ? { ok: true, value: { slug: r.value.slug, url: r.value.url, itemCount: r.value.itemCount } } : r;
    },
    async unpublish(input) {
      const r = await call('/menu/unpublish', input, unpublishMenuResponseSchema);
      return r.ok ? { ok: true, value: { slug: r.value.slug } } : r;
    },
    async pricing() {
      const r = await call('/pricing', undefined, pricingResponseSchema);
      return r.ok ? { ok: true, value: r.value.plan } : r;
    },
  };
}
