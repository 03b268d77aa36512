// Issue 12, item 3: the per-request CPU cuts that carry a rule, and the development profile
// endpoint (POST /dev/profile, read by scripts/profile-worker.mjs) running the real code paths.
import { SELF } from 'cloudflare:test';
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { describe, expect, it } from 'vitest';
import { PROFILE_PHASES } from '../src/dev/profile';
import { exceptPaths } from '../src/http/middleware';
import { keyImportCount, signatureCount } from '../src/license/signing';
import { errorBodySchema, validateSuccessSchema } from '../src/protocol';
import { makeDevice, seedCustomer, validateBody, workerWithClock } from './helpers';

describe('the signing key is imported once per isolate', () => {
  it('many signing validates, one key import', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const device = await makeDevice('cpu-key');
    // The first answer imports the key (unless an earlier test in this isolate did).
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    const imports = keyImportCount();
    const signed = signatureCount();
    expect(imports).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) {
      const res = await w.post('/validate-unified', validateBody(customer, device));
      expect(validateSuccessSchema.parse(await res.json()).license).toBeDefined();
    }
    expect(signatureCount()).toBe(signed + 5);
    expect(keyImportCount()).toBe(imports);
  });
});

describe('POST /dev/profile (development only)', () => {
  const profile = (w: ReturnType<typeof workerWithClock>, body: unknown) => w.post('/dev/profile', body);

  it('runs every phase of the real request path', async () => {
    const w = workerWithClock(Date.now(), { ENVIRONMENT: 'development' });
    for (const phase of PROFILE_PHASES) {
      const res = await profile(w, { phase, iterations: 2 });
      expect(res.status, phase).toBe(200);
      expect(await res.json()).toMatchObject({ phase, iterations: 2 });
    }
    // The middleware phases' trivial route, through the whole chain.
    expect(await (await w.get('/dev/profile/noop')).text()).toBe('ok');
  });

  it('refuses an unknown phase or too many iterations with 400 INVALID_REQUEST', async () => {
    const w = workerWithClock(Date.now(), { ENVIRONMENT: 'development' });
    for (const body of [{ phase: 'rm -rf', iterations: 1 }, { phase: 'none', iterations: 1_000_000 }, { phase: 'none' }]) {
      const res = await profile(w, body);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('INVALID_REQUEST');
    }
  });
});

describe('cheap middleware for the hot routes', () => {
  it('exceptPaths skips exactly the paths hono/combine except() skips', async () => {
    const patterns = ['/admin', '/admin/*', '/m/*', '/menu/publish'];
    const marked = (wrap: (mw: Parameters<typeof exceptPaths>[1]) => Parameters<typeof exceptPaths>[1]) => {
      const app = new Hono();
      app.use('*', wrap(async (c, next) => {
        await next();
        c.header('X-Marked', '1');
      }));
      app.all('*', (c) => c.text('ok'));
      return app;
    };
    const ours = marked((mw) => exceptPaths(patterns, mw));
    const hono = marked((mw) => except(patterns, mw as never) as never);
    const paths = ['/', '/admin', '/admin/', '/admin/api/x', '/adminx', '/m', '/m/', '/m/cafe', '/mx', '/menu', '/menu/publish', '/menu/publish/', '/menu/publishx', '/validate-unified', '/health'];
    for (const path of paths) {
      const [a, b] = await Promise.all([ours.request(path), hono.request(path)]);
      expect(a.headers.get('X-Marked'), path).toBe(b.headers.get('X-Marked'));
    }
  });

  it('CORS follows each configured ALLOWED_ORIGINS value (built once per value, not shared)', async () => {
    const a = workerWithClock(Date.now(), { ALLOWED_ORIGINS: 'http://a.test' });
    const b = workerWithClock(Date.now(), { ALLOWED_ORIGINS: 'http://b.test, http://a2.test' });
    const origin = async (w: ReturnType<typeof workerWithClock>, o: string) =>
      (await w.post('/dev/profile/noop', {}, { headers: { Origin: o } })).headers.get('Access-Control-Allow-Origin');
    for (let i = 0; i < 2; i++) {
      expect(await origin(a, 'http://a.test')).toBe('http://a.test');
      expect(await origin(a, 'http://b.test')).toBeNull();
      expect(await origin(b, 'http://b.test')).toBe('http://b.test');
      expect(await origin(b, 'http://a2.test')).toBe('http://a2.test');
      expect(await origin(b, 'http://a.test')).toBeNull();
    }
  });

  it('a route reads the very body the size limit read, declared or chunked, in UTF-8', async () => {
    const body = { name: 'Καφενείο «Ωμέγα» ☕', note: 'x'.repeat(5000) };
    const declared = await SELF.fetch('http://worker.test/dev/profile/noop', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(await declared.json()).toEqual(body);
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        // Split inside a multi-byte character: the text is decoded from all the bytes at once.
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const streamed = await SELF.fetch('http://worker.test/dev/profile/noop', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: chunked });
    expect(await streamed.json()).toEqual(body);
  });
});
