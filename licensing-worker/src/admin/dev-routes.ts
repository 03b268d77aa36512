// /admin/dev/sign-in: the development stand-in for Cloudflare Access (development/test only;
// in production these paths do not exist and the cookie is never read).
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { html } from '../email/layout';
import { allowsDevSignIn } from './config';
import type { AdminAppEnv } from './context';
import { DEV_COOKIE, devCookieMaxAge, issueDevSession } from './dev-sign-in';
import { AdminError } from './errors';
import { isSameOrigin } from './guard';
import { operatorEmailSchema } from './operators';

export const devSignInRoutes = new Hono<AdminAppEnv>();

devSignInRoutes.use('*', async (c, next) => {
  if (!allowsDevSignIn(c.env)) throw new AdminError('NOT_FOUND', 'No such page.');
  await next();
});

devSignInRoutes.get('/sign-in', (c) =>
  c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>POSPal console — development sign-in</title>
<link rel="stylesheet" href="/admin/dev/style.css"></head><body class="signin"><main class="card">
<h1>Development sign-in</h1><p>Stands in for Cloudflare Access on this development worker. Production has no such page.</p>
<form method="post" action="/admin/dev/sign-in"><label>Operator email <input name="email" type="email" required autofocus></label>
<button type="submit">Sign in</button></form></main></body></html>`,
  ),
);

// The sign-in page's stylesheet (the console's own is behind the sign-in).
devSignInRoutes.get('/style.css', async (c) => {
  if (!c.env.ASSETS) return c.body('', 200, { 'Content-Type': 'text/css' });
  const res = await c.env.ASSETS.fetch(new Request(new URL('/admin/style.css', c.req.url).toString()));
  return new Response(res.body, res);
});

const emailSchema = operatorEmailSchema;

devSignInRoutes.post('/sign-in', async (c) => {
  if (!isSameOrigin(c)) throw new AdminError('CSRF_REJECTED', 'Sign in from the console itself.');
  const type = c.req.header('Content-Type') ?? '';
  const raw = type.includes('json') ? ((await c.req.json().catch(() => ({}))) as { email?: unknown }).email : (await c.req.parseBody()).email;
  const email = emailSchema.safeParse(raw);
  if (!email.success) throw new AdminError('INVALID_REQUEST', 'Enter the operator email to sign in as.', { issues: [{ path: 'email', message: 'an email address' }] });
  const token = await issueDevSession(email.data, c.env.LICENSE_SIGNING_KEY, c.get('now'));
  setCookie(c, DEV_COOKIE, token, { path: '/admin', httpOnly: true, sameSite: 'Strict', maxAge: devCookieMaxAge });
  return type.includes('json') ? c.json({ success: true, email: email.data }) : c.redirect('/admin/', 303);
});

devSignInRoutes.post('/sign-out', (c) => {
  deleteCookie(c, DEV_COOKIE, { path: '/admin' });
  return c.redirect('/admin/dev/sign-in', 303);
});
