// D1 bills reads and writes: the hot paths must stay at one statement each.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { d1Stats } from '../src/dev/d1-stats';
import { validateSuccessSchema } from '../src/protocol';
import { bearerBody, makeDevice, seedCustomer, sessionBody, validateBody, workerWithClock } from './helpers';

/** The real local D1, counting every statement executed (batches count their statements). */
function countingD1(real: D1Database) {
  const log: string[] = [];
  const sqlOf = new WeakMap<object, string>();
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxied = new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (['first', 'all', 'run', 'raw'].includes(String(prop))) {
          return (...args: unknown[]) => {
            log.push(sql.trim().split(/\s+/).slice(0, 3).join(' '));
            return (target as never as Record<string, (...a: unknown[]) => unknown>)[String(prop)]!(...args);
          };
        }
        return Reflect.get(target, prop);
      },
    });
    sqlOf.set(proxied, sql);
    return proxied;
  };
  const unwrapped = new WeakMap<object, D1PreparedStatement>();
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => {
          const raw = target.prepare(sql);
          const proxied = wrap(raw, sql);
          unwrapped.set(proxied, raw);
          return proxied;
        };
      if (prop === 'batch')
        return (stmts: D1PreparedStatement[]) => {
          // The console's request counters (src/admin/metrics.ts) flush at most every few
          // minutes per isolate, never per request: logged apart so each request's cost stays exact.
          const flush = stmts.every((st) => (sqlOf.get(st) ?? '').trim().startsWith('INSERT INTO metric_counters'));
          log.push(flush ? 'metric_counters flush' : `batch(${stmts.length})`);
          return target.batch(stmts);
        };
      return Reflect.get(target, prop);
    },
  });
  return { db, log, perRequest: () => log.filter((l) => l !== 'metric_counters flush') };
}

describe('D1 cost of the hot paths', () => {
  it('a validate of a known machine is one read; it writes only when last_seen is over an hour old', async () => {
    const { db, log, perRequest } = countingD1(env.DB);
    const w = workerWithClock(Date.now(), { DB: db });
    const customer = await seedCustomer();
    const device = await makeDevice('cost1');
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    log.length = 0;
    w.advance(30 * 60_000);
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    expect(perRequest()).toEqual(['SELECT c.id, c.email,']);
    log.length = 0;
    w.advance(31 * 60_000);
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    expect(perRequest()).toEqual(['SELECT c.id, c.email,', 'batch(2)']);
    // Many requests within one flush window: no counter write at all.
    log.length = 0;
    for (let i = 0; i < 5; i++) expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    expect(log).toEqual(Array(5).fill('SELECT c.id, c.email,'));
  });

  it('a steady-state heartbeat performs no D1 statement (the customer\'s sessions object answers it)', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const started = validateSuccessSchema.parse(await (await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('cost2')))).json());
    w.advance(60_000);
    const before = d1Stats(); // the worker's and the object's statements, counted in this isolate
    expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200);
    expect(d1Stats()).toEqual(before);
  });
});
