import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /health', () => {
  it('reports a healthy database, a closed breaker and the environment, with a request id', async () => {
    const res = await SELF.fetch('http://worker.test/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      status: 'healthy',
      services: { database: { status: 'healthy' } },
      circuitBreaker: { state: 'closed', failures: 0 },
      system: { environment: 'test' },
    });
  });

  it('answers unknown paths with a JSON 404 and no stack trace', async () => {
    const res = await SELF.fetch('http://worker.test/nope');
    expect(res.status).toBe(404);
    const body = await res.json<{ success: boolean; error: { code: string } }>();
    expect(body.success).toBe(false);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});
