import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../src/protocol';
import { makeDevice, post, seedCustomer, validateBody, workerWithClock } from './helpers';

const expectInvalid = async (res: Response) => {
  expect(res.status).toBe(400);
  const body = errorBodySchema.parse(await res.json());
  expect(body.error.code).toBe('INVALID_REQUEST');
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  return body.error;
};

describe('request validation and limits', () => {
  it('answers malformed JSON with 400', async () => {
    await expectInvalid(await post('/validate-unified', '{"operation": "validate",'));
    await expectInvalid(await post('/recover', ''));
  });

  it('answers wrong types with 400 and the field paths', async () => {
    const device = await makeDevice('h1');
    const err = await expectInvalid(await post('/validate-unified', { operation: 'validate', credentials: { email: 42, token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA' }, device }));
    expect(err.issues?.map((i) => i.path).join(' ')).toContain('credentials.email');
    const bad = await expectInvalid(await post('/validate-unified', { operation: 'validate', credentials: { email: 'a@b.co', token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA' }, device: { ...device, machineFingerprint: 'zz' } }));
    expect(bad.issues?.some((i) => i.path.includes('machineFingerprint'))).toBe(true);
    await expectInvalid(await post('/validate-unified', [1, 2, 3]));
    await expectInvalid(await post('/validate-unified', { operation: 'launch' }));
    await expectInvalid(await post('/machines/deactivate', { email: 'a@b.co', token: null, machineId: 'x' }));
  });

  it('answers unknown fields with 400 naming them', async () => {
    const customer = await seedCustomer();
    const err = await expectInvalid(await post('/validate-unified', { ...validateBody(customer, await makeDevice('h2')), admin: true }));
    expect(err.issues?.map((i) => i.path)).toContain('admin');
    await expectInvalid(await post('/recover', { email: customer.email, extra: 1 }));
  });

  it('answers a huge body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post('/validate-unified', JSON.stringify({ operation: 'validate', pad: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('never answers 500 to garbage (property: random JSON values)', async () => {
    const samples: unknown[] = [null, 0, 'x', true, {}, { operation: null }, { operation: 'session', action: 'heartbeat', credentials: {} },
      { operation: 'session', action: 'fly', credentials: { sessionId: 'a'.repeat(40) } }, { operation: 'instant', credentials: { email: 'a@b.co', stripeSessionId: '../../etc' }, device: {} },
      { operation: 'validate', credentials: { email: 'a@b.co', token: 'x'.repeat(10_000) }, device: {} }, { __proto__: { polluted: true } }];
    for (const s of samples) {
      for (const path of ['/validate-unified', '/validate', '/instant-validate', '/session/start', '/session/heartbeat', '/recover', '/machines/deactivate']) {
        const res = await post(path, s);
        expect(res.status, `${path} ${JSON.stringify(s)}`).toBe(400);
      }
    }
  });

  it('rate-limits validation per IP with 429 and Retry-After', async () => {
    const w = workerWithClock(Date.now(), { RATE_LIMITS: 'validate:ip=3/60' });
    const customer = await seedCustomer();
    const device = await makeDevice('rl');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await w.post('/validate-unified', validateBody(customer, device), { ip: '192.0.2.77' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await w.post('/validate-unified', validateBody(customer, device), { ip: '192.0.2.77' });
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect(errorBodySchema.parse(await limited.json()).error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    // Another IP is not affected; the window passes.
    expect((await w.post('/validate-unified', validateBody(customer, device), { ip: '192.0.2.78' })).status).toBe(200);
    w.advance(60_000);
    expect((await w.post('/validate-unified', validateBody(customer, device), { ip: '192.0.2.77' })).status).toBe(200);
  });

  it('ignores the RATE_LIMITS test override in production', async () => {
    const w = workerWithClock(Date.now(), { ENVIRONMENT: 'production', RATE_LIMITS: 'recover:ip=1/60' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await w.post('/recover', { email: `prod${i}@example.com` }, { ip: '203.0.113.9' })).status);
    expect(statuses).toEqual([202, 202, 202]);
  });
  // Per-email limits on the right credentials are gone (issue 8 rule 5): test/failures.test.ts.
});

describe('response headers', () => {
  it('carries a request id (also in error bodies) and security headers', async () => {
    const res = await post('/validate-unified', '{');
    const id = res.headers.get('X-Request-Id');
    expect(id).toBeTruthy();
    expect(errorBodySchema.parse(await res.json()).requestId).toBe(id);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Strict-Transport-Security')).toContain('max-age=');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(res.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await SELF.fetch('http://worker.test/health', { headers: { Origin: 'app://pospal' } });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('app://pospal');
    const preflight = await SELF.fetch('http://worker.test/validate-unified', {
      method: 'OPTIONS',
      headers: { Origin: 'http://allowed.test', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('http://allowed.test');
    const denied = await SELF.fetch('http://worker.test/health', { headers: { Origin: 'https://evil.example' } });
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
