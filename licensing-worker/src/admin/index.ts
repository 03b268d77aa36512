// /admin: the operator's command center. Every request (API and static assets alike) passes
// Cloudflare Access verification and the operator lookup; every change passes CSRF checks.
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { customersApi } from './api-customers';
import { emailsApi } from './api-emails';
import { offlineFilesApi } from './api-offline-files';
import { operatorsApi } from './api-operators';
import { overviewApi } from './api-overview';
import { refundsApi } from './api-refunds';
import { tokensApi } from './api-tokens';
import { webhooksApi } from './api-webhooks';
import type { AdminAppEnv, AdminDeps } from './context';
import { devSignInRoutes } from './dev-routes';
import { AdminError, renderAdminError } from './errors';
import { authenticate, csrfProtection } from './guard';

/** The console's own headers: its scripts and styles come from itself, nothing else. */
const consoleHeaders = (): MiddlewareHandler<AdminAppEnv> =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
  });

export function createAdminRoutes(deps: AdminDeps = {}): Hono<AdminAppEnv> {
  const accessFetch = deps.accessFetch ?? ((input, init) => fetch(input, init));
  const admin = new Hono<AdminAppEnv>();
  admin.onError(renderAdminError);
  admin.use('*', consoleHeaders());
  admin.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  admin.route('/dev', devSignInRoutes);
  admin.use('*', authenticate(accessFetch));
  admin.use('*', csrfProtection());
  for (const api of [operatorsApi, overviewApi, customersApi, tokensApi, webhooksApi, emailsApi, refundsApi, offlineFilesApi]) admin.route('/api', api);
  admin.all('/api/*', () => {
    throw new AdminError('NOT_FOUND', 'No such console endpoint.');
  });
  // The UI (wrangler.toml [assets], run_worker_first for /admin/*): served only past the guard.
  admin.get('*', async (c) => {
    if (!c.env.ASSETS) throw new AdminError('NOT_FOUND', 'The console UI is not deployed with this worker (wrangler.toml [assets]).');
    const url = new URL(c.req.url);
    if (url.pathname === '/admin') return c.redirect('/admin/', 302);
    const res = await c.env.ASSETS.fetch(new Request(url.toString(), { method: 'GET' }));
    return new Response(res.body, res);
  });
  return admin;
}
