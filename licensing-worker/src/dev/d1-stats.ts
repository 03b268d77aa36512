// Development/test only: counts the D1 statements this isolate executed and the rows they wrote
// (the sum of D1's own `meta.rows_written`), for the benchmarks (GET /dev/d1-stats) and the
// tests. Production never wraps its D1 binding (see createWorker in ../index.ts).
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export interface D1Stats {
  statements: number;
  rowsWritten: number;
}

const stats: D1Stats = { statements: 0, rowsWritten: 0 };

/** A copy of the counters since the isolate started. */
export const d1Stats = (): D1Stats => ({ ...stats });

const record = (result: { meta?: { rows_written?: number } } | undefined, statements = 1): void => {
  stats.statements += statements;
  stats.rowsWritten += result?.meta?.rows_written ?? 0;
};

type Method = (...args: unknown[]) => Promise<unknown>;

// Each counting statement's own: batches hand D1 the statements they wrap.
const inner = new WeakMap<object, D1PreparedStatement>();

function countStatement(stmt: D1PreparedStatement): D1PreparedStatement {
  const proxy = new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as Method).bind(target);
      switch (prop) {
        case 'bind':
          return (...args: unknown[]) => countStatement(target.bind(...args));
        case 'run':
        case 'all':
          return async (...args: unknown[]) => {
            const r = (await method(...args)) as D1Result;
            record(r);
            return r;
          };
        case 'first':
          // first() hides meta: read through all() so its writes (an UPDATE … RETURNING) count.
          return async (column?: string) => {
            const r = await target.all<Record<string, unknown>>();
            record(r);
            const row = r.results[0];
            if (!row) return null;
            return column === undefined ? row : (row[column] ?? null);
          };
        case 'raw':
          return async (...args: unknown[]) => {
            stats.statements += 1;
            return await method(...args);
          };
        default:
          return method;
      }
    },
  });
  inner.set(proxy, stmt);
  return proxy;
}

const counted = new WeakMap<D1Database, D1Database>();

/** The same database, counting. Statements prepared through it count when they run or batch. */
export function countingD1(d1: D1Database): D1Database {
  let proxy = counted.get(d1);
  if (proxy) return proxy;
  proxy = new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => countStatement(target.prepare(sql));
      if (prop === 'batch')
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements.map((st) => inner.get(st) ?? st));
          for (const r of results) record(r);
          return results;
        };
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as Method).bind(target) : value;
    },
  });
  counted.set(d1, proxy);
  return proxy;
}

export const d1StatsRoutes = new Hono<AppEnv>();

// Mounted after the development billing routes, whose /dev/* guard (development or test, no
// Stripe secret key) covers this path too.
d1StatsRoutes.get('/dev/d1-stats', (c) => c.json(d1Stats(), 200, { 'Cache-Control': 'no-store' }));
