// GET /.well-known/license-keys: the public keys licenses are signed with (current + rotation).
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { publishedKeys } from '../license/signing';

export const licenseKeyRoutes = new Hono<AppEnv>();

licenseKeyRoutes.get('/.well-known/license-keys', async (c) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.json({ keys: await publishedKeys(c.env) });
});
