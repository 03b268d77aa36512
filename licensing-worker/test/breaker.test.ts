import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/db/breaker';
import { errorBodySchema, healthResponseSchema } from '../src/protocol';
import { makeDevice, seedCustomer, validateBody, workerWithClock } from './helpers';

/** The real local D1, with a switch that makes every call fail like an outage. */
function switchableD1(real: D1Database) {
  const state = { broken: false };
  const fail = () => Promise.reject(new Error('D1_ERROR: network connection lost'));
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (['first', 'all', 'run', 'raw'].includes(String(prop))) return (...args: unknown[]) => (state.broken ? fail() : (target as never as Record<string, (...a: unknown[]) => unknown>)[String(prop)]!(...args));
        return Reflect.get(target, prop);
      },
    });
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === 'batch') return (stmts: D1PreparedStatement[]) => (state.broken ? fail() : target.batch(stmts));
      return Reflect.get(target, prop);
    },
  });
  return { db, state };
}

describe('D1 circuit breaker', () => {
  it('opens after 5 consecutive failures (503 SERVICE_UNAVAILABLE, reported by /health) and closes after a good trial 30 s later', async () => {
    const { db, state } = switchableD1(env.DB);
    const w = workerWithClock(Date.now(), { DB: db });
    const customer = await seedCustomer();
    const device = await makeDevice('cb');
    state.broken = true;
    for (let i = 0; i < 5; i++) {
      const res = await w.post('/validate-unified', validateBody(customer, device));
      expect(res.status).toBe(500);
      expect(JSON.stringify(await res.json())).not.toContain('network connection lost');
    }
    const open = await w.post('/validate-unified', validateBody(customer, device));
    expect(open.status).toBe(503);
    expect(errorBodySchema.parse(await open.json()).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(Number(open.headers.get('Retry-After'))).toBeGreaterThan(0);
    const health = await w.get('/health');
    expect(health.status).toBe(503);
    expect(healthResponseSchema.parse(await health.json()).circuitBreaker).toEqual({ state: 'open', failures: 5 });

    state.broken = false;
    // Still open before 30 s, although the database is back.
    w.advance(29_000);
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(503);
    w.advance(1_000);
    const healthy = await w.get('/health');
    expect(healthy.status).toBe(200);
    expect(healthResponseSchema.parse(await healthy.json()).circuitBreaker).toEqual({ state: 'closed', failures: 0 });
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
  });

  it('re-opens when the half-open trial fails, and does not count constraint errors as outages', async () => {
    let now = 0;
    const b = new CircuitBreaker();
    const clock = () => now;
    const boom = () => Promise.reject(new Error('D1_ERROR: timeout'));
    for (let i = 0; i < 5; i++) await expect(b.run(clock, boom)).rejects.toThrow();
    expect(b.state(now)).toBe('open');
    now += 30_000;
    expect(b.state(now)).toBe('half_open');
    await expect(b.run(clock, boom)).rejects.toThrow('timeout');
    expect(b.state(now)).toBe('open');

    const c = new CircuitBreaker();
    const constraint = () => Promise.reject(new Error('UNIQUE constraint failed'));
    const isOutage = (e: unknown) => !(e instanceof Error && /constraint/i.test(e.message));
    for (let i = 0; i < 10; i++) await expect(c.run(clock, constraint, isOutage)).rejects.toThrow();
    expect(c.state(now)).toBe('closed');
  });
});
