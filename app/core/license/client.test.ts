import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AxiosError, type AxiosAdapter } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { createLicenseClient, retryAfterMs } from './client';
import type { LicenseRequest } from './client';
import { workerFailureError } from './billing-client';

const request: LicenseRequest = {
  operation: 'session', action: 'heartbeat', credentials: { sessionId: 'x'.repeat(43) },
  device: { machineFingerprint: 'a'.repeat(64), components: {}, name: 'TILL', platform: 'linux', appVersion: '0.1.0' },
};
const okBody = {
  success: true, requestId: 'r', serverTime: 1,
  validation: { valid: true, status: 'active' },
  subscription: { status: 'active', currentPeriodEnd: 2, cancelAtPeriodEnd: false, plan: 'monthly' },
  machine: { id: 'm', matchedBy: 'fingerprint' },
  session: { id: 's'.repeat(43), heartbeatIntervalSeconds: 60, timeoutSeconds: 120 },
  caching: { strategy: 'standard', ttlSeconds: 1800, nextCheckAt: 3 },
  license: '{}',
};
const errBody = (code: string) => ({ success: false, requestId: 'r', error: { code, message: code, retryable: false } });

/** An adapter answering from a list; 'down' = connection refused. */
function scripted(replies: ({ status: number; body: unknown; headers?: Record<string, string> } | 'down')[]) {
  const seen: string[] = [];
  const adapter: AxiosAdapter = async (config) => {
    seen.push(String(config.url));
    const r = replies.shift() ?? 'down';
    if (r === 'down') throw new AxiosError('connect ECONNREFUSED', 'ECONNREFUSED', config);
    return { status: r.status, statusText: '', headers: r.headers ?? {}, config, data: JSON.stringify(r.body), request: {} };
  };
  return { adapter, seen };
}

function client(adapter: AxiosAdapter, sleeps: number[] = [], random = () => 0.5) {
  return createLicenseClient({ baseUrl: 'http://worker.test', adapter, sleep: async (ms) => { sleeps.push(ms); }, random });
}

describe('license client', () => {
  it('retries network errors, 5xx and 429 with exponential backoff and jitter, then succeeds', async () => {
    const { adapter, seen } = scripted(['down', { status: 503, body: errBody('SERVICE_UNAVAILABLE') }, { status: 429, body: errBody('RATE_LIMITED') }, { status: 200, body: okBody }]);
    const sleeps: number[] = [];
    const res = await client(adapter, sleeps).unified(request);
    expect(res.ok).toBe(true);
    expect(seen).toHaveLength(4);
    // base 500 ms doubling; half fixed + half jitter (random 0.5 → 3/4 of the step)
    expect(sleeps).toEqual([375, 750, 1500]);
  });

  it('spreads retries with jitter', async () => {
    const a = [] as number[];
    const b = [] as number[];
    await client(scripted(['down', { status: 200, body: okBody }]).adapter, a, () => 0).unified(request);
    await client(scripted(['down', { status: 200, body: okBody }]).adapter, b, () => 0.99).unified(request);
    expect(a[0]).toBeLessThan(b[0] ?? 0);
  });

  it('honours Retry-After on 429 (seconds and HTTP dates)', async () => {
    const { adapter } = scripted([{ status: 429, body: errBody('RATE_LIMITED'), headers: { 'retry-after': '7' } }, { status: 200, body: okBody }]);
    const sleeps: number[] = [];
    expect((await client(adapter, sleeps).unified(request)).ok).toBe(true);
    expect(sleeps).toEqual([7000]);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:50 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('gives up as unreachable after the retries (never a verdict)', async () => {
    const { adapter, seen } = scripted(['down', 'down', 'down', 'down', 'down']);
    const res = await client(adapter).unified(request);
    expect(res).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
    expect(seen).toHaveLength(4);
  });

  it('never retries other 4xx: the error body is the answer, with its code and details', async () => {
    for (const [status, code] of [[400, 'INVALID_REQUEST'], [401, 'INVALID_CREDENTIALS'], [409, 'SESSION_CONFLICT'], [410, 'SESSION_ENDED']] as const) {
      const body = { success: false, requestId: 'r', error: { code, message: 'm', retryable: false, reason: 'taken_over' } };
      const { adapter, seen } = scripted([{ status, body }, { status: 200, body: okBody }]);
      const res = await client(adapter).unified(request);
      expect(res).toMatchObject({ ok: false, failure: { kind: 'rejected', status, code, details: { reason: 'taken_over' } } });
      expect(seen).toHaveLength(1);
    }
  });

  it('validates answers: a 200 of the wrong shape or an error without a body is a protocol failure', async () => {
    expect(await client(scripted([{ status: 200, body: { hello: 'world' } }]).adapter).unified(request)).toMatchObject({ ok: false, failure: { kind: 'protocol' } });
    expect(await client(scripted([{ status: 404, body: '<html>' }]).adapter).unified(request)).toMatchObject({ ok: false, failure: { kind: 'protocol' } });
  });

  describe('over real HTTP', () => {
    let server: Server | undefined;
    afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

    it('times out a silent server and counts it as unreachable', async () => {
      server = createServer(() => { /* never answers */ });
      await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const c = createLicenseClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 100, maxRetries: 1, sleep: async () => {} });
      const res = await c.unified(request);
      expect(res).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
      server.closeAllConnections();
    });

    it('sends JSON to /validate-unified', async () => {
      let got: unknown;
      server = createServer((req, res) => {
        let data = '';
        req.on('data', (c: Buffer) => { data += c.toString(); });
        req.on('end', () => {
          got = { url: req.url, method: req.method, body: JSON.parse(data) };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(okBody));
        });
      });
      await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const res = await createLicenseClient({ baseUrl: `http://127.0.0.1:${port}` }).unified(request);
      expect(res.ok).toBe(true);
      expect(got).toEqual({ url: '/validate-unified', method: 'POST', body: request });
    });
  });
});

describe('one client for the licensing worker: the account endpoints too', () => {
  const checkoutBody = { success: true, requestId: 'r', checkoutUrl: 'http://worker.test/checkout/open/cs_1', sessionId: 'cs_1' };
  const checkoutInput = { email: 'a@b.gr', name: 'A', businessName: 'B', claimHash: '0'.repeat(64) };

  it('retries a checkout on 5xx with the same policy as validation, and validates the answer', async () => {
    const { adapter, seen } = scripted([{ status: 503, body: errBody('SERVICE_UNAVAILABLE') }, { status: 200, body: checkoutBody }]);
    const sleeps: number[] = [];
    const res = await client(adapter, sleeps).checkout(checkoutInput);
    expect(res).toMatchObject({ ok: true, data: { sessionId: 'cs_1' } });
    expect(seen).toEqual(['/checkout', '/checkout']);
    expect(sleeps).toEqual([375]);
  });

  it('answers every endpoint with the same failure type, which becomes a code a person can act on', async () => {
    const rejected = await client(scripted([{ status: 404, body: errBody('NOT_FOUND') }]).adapter).portal({ email: 'a@b.gr', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' });
    expect(rejected).toMatchObject({ ok: false, failure: { kind: 'rejected', code: 'NOT_FOUND' } });
    const down = await client(scripted(['down', 'down', 'down', 'down']).adapter).recover({ email: 'a@b.gr' });
    expect(down).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
    const skewed = await client(scripted([{ status: 200, body: { nope: true } }]).adapter).checkout(checkoutInput);
    expect(skewed).toMatchObject({ ok: false, failure: { kind: 'protocol' } });
    if (rejected.ok || down.ok || skewed.ok) throw new Error('expected failures');
    expect(workerFailureError(rejected.failure)).toMatchObject({ code: 'NOT_FOUND' });
    expect(workerFailureError(down.failure)).toMatchObject({ code: 'OFFLINE' });
    expect(workerFailureError(skewed.failure)).toMatchObject({ code: 'WORKER_ERROR' });
  });

  it('sends through an injected fetch without following redirects', async () => {
    const sent: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      sent.push(`${init?.method} ${String(input)} ${String(init?.body)}`);
      return new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } });
    };
    const res = await createLicenseClient({ baseUrl: 'http://worker.test', fetch: fetchImpl, sleep: async () => {} }).recover({ email: 'a@b.gr' });
    expect(sent).toEqual(['POST http://worker.test/recover {"email":"a@b.gr"}']);
    expect(res).toMatchObject({ ok: false, failure: { kind: 'protocol', status: 302 } });
  });
});
