// GET /health: database round trip, circuit breaker state, version. 503 while D1 is unhealthy.
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/health', async (c) => {
  const db = c.get('db');
  const now = c.get('now');
  const started = Date.now();
  let dbStatus: 'healthy' | 'unhealthy' = 'healthy';
  try {
    await db.guard((d1) => d1.prepare('SELECT 1 AS ok').first());
  } catch {
    dbStatus = 'unhealthy';
  }
  const responseTimeMs = Date.now() - started;
  const breakerState = db.breaker.state(now());
  const healthy = dbStatus === 'healthy' && breakerState === 'closed';
  return c.json(
    {
      status: healthy ? 'healthy' : 'unhealthy',
      services: { database: { status: dbStatus, responseTimeMs } },
      circuitBreaker: { state: breakerState, failures: db.breaker.consecutiveFailures },
      system: { version: c.env.APP_VERSION, environment: c.env.ENVIRONMENT },
    },
    healthy ? 200 : 503,
  );
});
