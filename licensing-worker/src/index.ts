// The licensing worker: one Hono app mounting the route modules, plus the cron handler.
import { Hono } from 'hono';
import type { AppEnv, Clock, Env } from './env';
import { renderError, ApiError } from './http/errors';
import { corsForAllowedOrigins, limitBodySize, requestContext, securityHeaders } from './http/middleware';
import { healthRoutes } from './routes/health';

export interface WorkerDeps {
  now?: Clock;
}

export function createApp(deps: WorkerDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? Date.now;
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(now));
  app.use('*', securityHeaders());
  app.use('*', corsForAllowedOrigins());
  app.use('*', limitBodySize());
  app.route('/', healthRoutes);
  app.notFound((c) => renderError(new ApiError('NOT_FOUND', 'No such endpoint.'), c));
  app.onError(renderError);
  return app;
}

export async function runScheduled(env: Env, now: number): Promise<void> {
  void env;
  void now;
}

export function createWorker(deps: WorkerDeps = {}): ExportedHandler<Env> {
  const app = createApp(deps);
  const now = deps.now ?? Date.now;
  return {
    fetch: (request, env, ctx) => app.fetch(request, env, ctx),
    scheduled: async (_controller, env, ctx) => {
      ctx.waitUntil(runScheduled(env, now()));
    },
  };
}

export default createWorker();
