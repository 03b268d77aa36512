// POST /menu/publish and /menu/unpublish (the shop's email + unlock token; publishing needs a
// live subscription and has its own body limit), and the public page GET /m/<slug>.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { expectCredentials } from '../http/credential-failures';
import { ApiError } from '../http/errors';
import { limitBodySize } from '../http/middleware';
import { enforceAddressLimit } from '../http/rate-limit';
import { readJson } from '../http/validation';
import { authenticate } from '../license/customers';
import { menuSlugSchema, publishMenuRequestSchema, unpublishMenuRequestSchema } from '../protocol/menu';
import { menuStyleHash, renderMenuPage, renderNoticePage } from './page';
import { lookupMenu, menuStatusAt, publishMenu, unpublishMenu, type MenuScope } from './store';

/** Menus are bigger than the API's 64 KiB (photos are not sent; hundreds of items with options are). */
export const MENU_MAX_BODY_BYTES = 512 * 1024;
/** Browsers may keep the page a minute, Cloudflare's cache five (a republish shows within that). */
export const MENU_CACHE_CONTROL = 'public, max-age=60, s-maxage=300';

export const menuRoutes = new Hono<AppEnv>();

const scopeOf = (c: Context<AppEnv>): MenuScope => ({ db: c.get('db'), now: c.get('now')(), requestId: c.get('requestId') });

menuRoutes.post('/menu/publish', limitBodySize(MENU_MAX_BODY_BYTES), async (c) => {
  await enforceAddressLimit(c, 'account:ip');
  const body = await readJson(c, publishMenuRequestSchema);
  expectCredentials(c, body.email);
  const customer = await authenticate(c.get('db'), body.email, body.token);
  const { live, status } = menuStatusAt(customer, c.get('now')());
  if (!live) {
    throw new ApiError('SUBSCRIPTION_INACTIVE', 'The menu can be published while the subscription is active. Renew it, then publish again.', {
      subscriptionStatus: status,
    });
  }
  await publishMenu(scopeOf(c), customer.id, body.slug, body.menu);
  const itemCount = body.menu.categories.reduce((n, cat) => n + cat.items.length, 0);
  const url = `${c.env.PUBLIC_BASE_URL.replace(/\/+$/, '')}/m/${body.slug}`;
  return c.json({ success: true as const, requestId: c.get('requestId'), slug: body.slug, url, itemCount }, 200);
});

menuRoutes.post('/menu/unpublish', async (c) => {
  await enforceAddressLimit(c, 'account:ip');
  const body = await readJson(c, unpublishMenuRequestSchema);
  expectCredentials(c, body.email);
  const customer = await authenticate(c.get('db'), body.email, body.token);
  const slug = await unpublishMenu(scopeOf(c), customer.id);
  return c.json({ success: true as const, requestId: c.get('requestId'), slug }, 200);
});

async function pageHeaders(): Promise<Record<string, string>> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    // No scripts, no frames, no forms, no connections: only the page's own stylesheet.
    'Content-Security-Policy': `default-src 'none'; style-src ${await menuStyleHash()}; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  };
}

menuRoutes.get('/m/:slug', async (c) => {
  const slug = menuSlugSchema.safeParse(c.req.param('slug'));
  const headers = await pageHeaders();
  if (!slug.success) return c.body(renderNoticePage('missing'), 404, { ...headers, 'Cache-Control': 'public, max-age=60' });
  const found = await lookupMenu(c.get('db'), slug.data, c.get('now')());
  if (found.kind === 'live') return c.body(renderMenuPage(found.menu), 200, { ...headers, 'Cache-Control': MENU_CACHE_CONTROL });
  const status = found.kind === 'missing' ? 404 : 200;
  return c.body(renderNoticePage(found.kind === 'missing' ? 'missing' : 'unavailable'), status, { ...headers, 'Cache-Control': 'public, max-age=60' });
});
