// The licensing worker: one Hono app mounting the route modules, the cron handler, and the
// sessions Durable Object class. Timed-out sessions are ended by that object's alarm, not the cron.
import { Hono } from 'hono';
import { createAdminRoutes } from './admin';
import type { AdminDeps } from './admin/context';
import { runOperatorAlerts } from './admin/alerts';
import { countLicensingCalls } from './admin/metrics';
import { resendWebhookRoutes } from './admin/resend-webhook';
import { pricingRoutes } from './billing/pricing';
import { runStripeReconcile } from './billing/reconcile';
import { billingRoutes } from './billing/routes';
import { devBillingRoutes } from './billing/dev/routes';
import { runBillingCron } from './cron/billing';
import { requireValidConfig } from './config-check';
import { d1StatsRoutes, countingD1 } from './dev/d1-stats';
import { devProfileRoutes } from './dev/profile';
import { isDevelopmentEnvironment, type AppEnv, type Clock, type Env } from './env';
import { countCredentialFailures, pruneCredentialFailures } from './http/credential-failures';
import { ApiError, renderError } from './http/errors';
import { corsForAllowedOrigins, exceptPaths, limitBodySize, requestContext, securityHeaders } from './http/middleware';
import { menuRoutes } from './menu/routes';
import { trialRoutes } from './trial/routes';
import { pruneRecoveryRequests } from './recovery/requests';
import { accountRoutes } from './routes/account';
import { healthRoutes } from './routes/health';
import { licenseKeyRoutes } from './routes/license-keys';
import { validateRoutes } from './routes/validate';
import { errorText, logEvent } from './log';

// Live device sessions: one Durable Object per customer (wrangler.toml SESSIONS).
export { CustomerSessions } from './sessions/object';

export interface WorkerDeps {
  now?: Clock;
  /** The /admin console's outside world (Cloudflare Access keys). */
  admin?: AdminDeps;
}

export function createApp(deps: WorkerDeps = {}): Hono<AppEnv> {
  const now = deps.now ?? Date.now;
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(now));
  app.use('*', requireValidConfig());
  // /admin sets its own headers (its UI loads its own scripts and styles); so does the public
  // menu page /m/<slug> (its CSP allows only its own stylesheet, by hash).
  app.use('*', exceptPaths(['/admin', '/admin/*', '/m/*'], securityHeaders()));
  app.use('*', corsForAllowedOrigins());
  // Menu publishing has its own, larger limit (menu/routes.ts).
  app.use('*', exceptPaths(['/menu/publish'], limitBodySize()));
  app.use('*', countCredentialFailures());
  app.use('*', countLicensingCalls());
  app.route('/', healthRoutes);
  app.route('/', licenseKeyRoutes);
  app.route('/', validateRoutes);
  app.route('/', accountRoutes);
  app.route('/', billingRoutes);
  app.route('/', devBillingRoutes);
  app.route('/', d1StatsRoutes);
  app.route('/', devProfileRoutes(app));
  app.route('/', resendWebhookRoutes);
  app.route('/', menuRoutes);
  app.route('/', pricingRoutes);
  app.route('/', trialRoutes);
  app.route('/admin', createAdminRoutes(deps.admin) as unknown as Hono<AppEnv>);
  app.notFound((c) => renderError(new ApiError('NOT_FOUND', 'No such endpoint.'), c));
  app.onError(renderError);
  return app;
}

/** Cron: each job on its own, so one failing does not stop the others. */
export async function runScheduled(env: Env, now: number): Promise<void> {
  const jobs: Array<[string, () => Promise<unknown>]> = [
    ['billing', () => runBillingCron(env, now)],
    ['billing_reconcile', () => runStripeReconcile(env, now)],
    ['prune_credential_failures', () => pruneCredentialFailures(env, now)],
    ['prune_recovery_requests', () => pruneRecoveryRequests(env.DB, now)],
    ['operator_alerts', () => runOperatorAlerts(env, now)],
  ];
  const results = await Promise.allSettled(jobs.map(([, job]) => job()));
  results.forEach((r, i) => {
    if (r.status === 'rejected') logEvent('error', 'cron_failed', { job: jobs[i]![0], error: errorText(r.reason) });
  });
}

export function createWorker(deps: WorkerDeps = {}): ExportedHandler<Env> {
  const app = createApp(deps);
  const now = deps.now ?? Date.now;
  return {
    // Development and test count D1 statements and rows written (GET /dev/d1-stats).
    fetch: (request, env, ctx) => app.fetch(request, isDevelopmentEnvironment(env) ? countedEnv(env) : env, ctx),
    scheduled: async (_controller, env, ctx) => {
      ctx.waitUntil(runScheduled(env, now()));
    },
  };
}

/**
 * One counting wrapper per env object: what is cached per env (the config check, the circuit
 * breaker, the in-memory rate limits) must see the same object on every request.
 */
const counted = new WeakMap<Env, Env>();
function countedEnv(env: Env): Env {
  let wrapped = counted.get(env);
  if (!wrapped) {
    wrapped = { ...env, DB: countingD1(env.DB) };
    counted.set(env, wrapped);
  }
  return wrapped;
}

export default createWorker();
