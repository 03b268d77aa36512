// GET /.well-known/license-keys: the public keys licenses are signed with (current + rotation).
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { publishedKeys } from '../license/signing';
import { publishedOfflineKeys } from '../offline-files/signing';
import { currentRevocationList } from '../offline-files/store';

export const licenseKeyRoutes = new Hono<AppEnv>();

licenseKeyRoutes.get('/.well-known/license-keys', async (c) => {
  c.header('Cache-Control', 'public, max-age=300');
  const [keys, offlineKeys, offlineRevocations] = await Promise.all([publishedKeys(c.env), publishedOfflineKeys(c.env), currentRevocationList(c.get('db'))]);
  return c.json({ keys, offlineKeys, ...(offlineRevocations ? { offlineRevocations } : {}) });
});
