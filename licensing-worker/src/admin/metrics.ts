// Request counters for the overview (validations and heartbeats per hour) and the error-spike
// alert. Counted in memory per isolate and added to D1 (metric_counters) at most every few
// minutes in the background: never a D1 write per request. An isolate that is evicted before
// its flush loses at most that window's counts, which is fine for a dashboard.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

export const FLUSH_EVERY_MS = 3 * 60_000;
const HOUR = 3_600_000;

const pending = new Map<string, number>();
let lastFlushAt = 0;

const LEGACY: Record<string, string> = {
  '/validate': 'validate',
  '/instant-validate': 'instant',
  '/session/start': 'session',
  '/session/takeover': 'session',
  '/session/end': 'session',
  '/session/heartbeat': 'heartbeat',
};

async function operationOf(path: string, readBody: () => Promise<string>): Promise<string | null> {
  if (LEGACY[path]) return LEGACY[path];
  if (path !== '/validate-unified') return null;
  try {
    // The route already read the body; Hono hands back its cached text.
    const body = JSON.parse(await readBody()) as { operation?: unknown; action?: unknown };
    if (body.operation === 'session') return body.action === 'heartbeat' ? 'heartbeat' : 'session';
    if (body.operation === 'validate' || body.operation === 'instant') return body.operation;
  } catch {
    /* malformed bodies are counted as refused validations */
  }
  return 'validate';
}

export function count(name: string, at: number, by = 1): void {
  const key = `${Math.floor(at / HOUR) * HOUR}|${name}`;
  pending.set(key, (pending.get(key) ?? 0) + by);
}

/** Adds this isolate's counts to D1 in one batch. */
export async function flushCounters(d1: D1Database, now: number): Promise<void> {
  if (pending.size === 0) return;
  const entries = [...pending.entries()];
  pending.clear();
  lastFlushAt = now;
  try {
    await d1.batch(
      entries.map(([key, n]) => {
        const [hour, name] = key.split('|') as [string, string];
        return d1
          .prepare('INSERT INTO metric_counters (hour, name, count) VALUES (?, ?, ?) ON CONFLICT(hour, name) DO UPDATE SET count = count + excluded.count')
          .bind(Number(hour), name, n);
      }),
    );
  } catch {
    for (const [key, n] of entries) pending.set(key, (pending.get(key) ?? 0) + n); // next time
  }
}

/** Middleware for the public API: counts licensing calls by operation and outcome. */
export const countLicensingCalls = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next();
  if (c.req.method !== 'POST') return;
  const op = await operationOf(c.req.path, () => c.req.text());
  if (!op) return;
  const now = c.get('now')();
  count(op, now);
  if (c.res.status >= 500) count(`${op}_error`, now);
  else if (c.res.status >= 400 && c.res.status !== 409 && c.res.status !== 410) count(`${op}_refused`, now);
  if (now - lastFlushAt >= FLUSH_EVERY_MS) {
    lastFlushAt = now;
    const flush = flushCounters(c.env.DB, now);
    try {
      c.executionCtx.waitUntil(flush);
    } catch {
      await flush; // no execution context (some tests): flush inline
    }
  }
};
