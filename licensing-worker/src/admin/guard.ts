// The console's front door: who is calling (Cloudflare Access, or the development sign-in where
// allowed), which operator that is, and CSRF protection on every change.
import { getCookie, setCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual } from '../tokens';
import { ACCESS_HEADER, verifyAccessAssertion, type FetchLike } from './access';
import { adminConfigOf, allowsDevSignIn } from './config';
import type { AdminAppEnv, AdminContext } from './context';
import { DEV_COOKIE, verifyDevSession } from './dev-sign-in';
import { AdminError } from './errors';
import { resolveOperator } from './operators';

export const CSRF_COOKIE = 'pospal_admin_csrf';
export const CSRF_HEADER = 'X-Admin-CSRF';

/**
 * Routes a service token (not a person) may call, each with the one token allowed there:
 * `npm run backup:worker` reporting, and `npm run license:issue` issuing offline license files.
 */
const SERVICE_ROUTES: Record<string, 'backupServiceTokenId' | 'issuerServiceTokenId'> = {
  'POST /admin/api/backups': 'backupServiceTokenId',
  'POST /admin/api/offline-files': 'issuerServiceTokenId',
};

export function authenticate(accessFetch: FetchLike): MiddlewareHandler<AdminAppEnv> {
  return async (c, next) => {
    const config = adminConfigOf(c.env);
    const now = c.get('now');
    const assertion = c.req.header(ACCESS_HEADER);
    let email: string | null = null;
    c.set('serviceClientId', null);
    c.set('operator', null);
    if (assertion || !allowsDevSignIn(c.env)) {
      const identity = await verifyAccessAssertion(assertion, config, accessFetch, now);
      if (identity.kind === 'service') {
        const route = `${c.req.method} ${c.req.path.replace(/\/+$/, '')}`;
        const allowed = Object.hasOwn(SERVICE_ROUTES, route) ? config[SERVICE_ROUTES[route]!] : undefined;
        if (!allowed || identity.clientId !== allowed) {
          throw new AdminError('NOT_AN_OPERATOR', 'This Access service token may not call this route (backups: ADMIN_BACKUP_SERVICE_TOKEN_ID; offline license files: ADMIN_ISSUER_SERVICE_TOKEN_ID).');
        }
        c.set('serviceClientId', identity.clientId);
        return next();
      }
      email = identity.email;
    } else {
      email = await verifyDevSession(getCookie(c, DEV_COOKIE), c.env.LICENSE_SIGNING_KEY, now);
      if (!email) {
        // A browser opening the console in development goes to the stand-in sign-in page.
        if (c.req.method === 'GET' && (c.req.header('Accept') ?? '').includes('text/html')) return c.redirect('/admin/dev/sign-in', 302);
        throw new AdminError('ACCESS_REQUIRED', 'Not signed in. Use the development sign-in at /admin/dev/sign-in.');
      }
    }
    c.set('operator', await resolveOperator(c.get('db'), email, config.ownerEmail, now()));
    await next();
  };
}

/**
 * The browser's word on where a request comes from: Sec-Fetch-Site when sent (all current
 * browsers), else Origin. "Origin: null" (privacy contexts) counts only with Sec-Fetch-Site.
 */
export function isSameOrigin(c: AdminContext): boolean {
  const origin = c.req.header('Origin');
  const site = c.req.header('Sec-Fetch-Site');
  if (site && site !== 'same-origin') return false;
  if (origin === 'null') return site === 'same-origin';
  return !origin || origin === new URL(c.req.url).origin;
}

const isSafe = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

/**
 * Double-submit token (cookie + header the page's script copies; another site can set neither)
 * plus an Origin / Sec-Fetch-Site check, on every state-changing request of a person.
 */
export const csrfProtection = (): MiddlewareHandler<AdminAppEnv> => async (c, next) => {
  if (isSafe(c.req.method) || c.get('serviceClientId')) return next();
  if (!isSameOrigin(c)) throw new AdminError('CSRF_REJECTED', 'This change came from another site and was refused. Use the console itself.');
  const cookie = getCookie(c, CSRF_COOKIE) ?? '';
  const header = c.req.header(CSRF_HEADER) ?? '';
  if (!cookie || !header || !constantTimeEqual(cookie, header)) {
    throw new AdminError('CSRF_REJECTED', 'The console session token is missing or stale. Reload the page and try again.');
  }
  await next();
};

/** The CSRF token of this browser, issued (cookie) when it has none yet. */
export function csrfTokenFor(c: AdminContext): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[0-9a-f]{64}$/.test(existing)) return existing;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  setCookie(c, CSRF_COOKIE, token, { path: '/admin', sameSite: 'Strict', httpOnly: false, secure: new URL(c.req.url).protocol === 'https:' });
  return token;
}
