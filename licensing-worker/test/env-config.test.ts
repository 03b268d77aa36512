// The worker's configuration is checked at the first request: a missing secret answers 503
// naming the variable (never a stack, never INTERNAL), so the operator knows what to set.
import { describe, expect, it } from 'vitest';
import type { Env } from '../src/env';
import { type ErrorJson, makeDevice, seedCustomer, validateBody, workerWithClock } from './helpers';

describe('worker configuration check', () => {
  it('a missing LICENSE_SIGNING_KEY answers 503 SERVICE_UNAVAILABLE naming the variable, on every route', async () => {
    const w = workerWithClock(Date.now(), { LICENSE_SIGNING_KEY: undefined } as unknown as Partial<Env>);
    const c = await seedCustomer();
    for (const res of [await w.post('/validate', validateBody(c, await makeDevice('cfg'))), await w.get('/health')]) {
      expect(res.status).toBe(503);
      const body = await res.json<ErrorJson>();
      expect(body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'CONFIG_INVALID', missing: ['LICENSE_SIGNING_KEY'] });
      expect(body.error.message).toContain('LICENSE_SIGNING_KEY');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
    }
  });

  it('names every missing or empty variable, and never echoes a configured secret', async () => {
    const w = workerWithClock(Date.now(), { STRIPE_WEBHOOK_SECRET: '', ALLOWED_ORIGINS: undefined } as unknown as Partial<Env>);
    const res = await w.get('/health');
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text) as ErrorJson;
    expect(body.error.missing).toEqual(['STRIPE_WEBHOOK_SECRET', 'ALLOWED_ORIGINS']);
    expect(text).not.toContain(w.env.LICENSE_SIGNING_KEY);
  });

  it('a configured worker answers normally', async () => {
    const w = workerWithClock();
    expect((await w.get('/health')).status).toBe(200);
  });
});
