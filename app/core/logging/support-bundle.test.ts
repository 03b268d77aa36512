// "Save support bundle": logs, versions and the license state in a .tar.gz, owner or manager
// only, with no secret inside (not from the logs, the license state or the secret file).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../api';
import { createTestShop, type TestShop } from '../api/test-shop';
import { fileSecretStore, secretsFileOf } from '../secrets/file-store';
import { createAppLogs, logsDirOf } from './logger';
import { supportCommands } from './support-bundle';

const unlockToken = 'POS-7K2QM-9XW4B-ZT8RH-3NC5P';
const claimSecret = 'Zq3-x_8yQ2mKp0Lr5vN7sT9wB1cD4eF6gH8jJ0kL2mN';
const sessionId = 'c2Vzc2lvbi1pZC0zMi1ieXRlcy1vZi1yYW5kb21uZXNz'.slice(0, 43);

let shop: TestShop | undefined;
afterEach(() => shop?.cleanup());

async function setup() {
  shop = await createTestShop();
  const license = () => ({ state: 'active', canSell: true, customerEmail: 'shop@example.com', machine: { id: 'm1', name: 'Till 1', platform: 'linux' }, sessionId, token: unlockToken });
  const api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: supportCommands({ versions: { app: '0.1.0', electron: '45.4.1' }, license }) });
  return { shop, api };
}

type Bundle = { fileName: string; path: string; files: string[]; bytesBase64: string };

describe('support bundle', () => {
  it('holds the logs, the versions and the license state, and opens with a standard tar', async () => {
    const { shop, api } = await setup();
    const logs = createAppLogs({ dataDir: shop.dir, clock: shop.clock });
    logs.core.warn('backup_failed', { message: 'disk full' });
    logs.server.info('listening', { port: 4173 });
    logs.main.info('started', { version: '0.1.0' });
    const r = await api.call<Bundle>('support.bundle', {}, shop.owner);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const b = r.value;
    expect(b.files).toEqual(['logs/core.log', 'logs/main.log', 'logs/server.log', 'versions.json', 'license.json']);
    expect(b.path).toBe(join(shop.dir, 'support', b.fileName));
    expect(statSync(b.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(shop.dir, 'support')).mode & 0o777).toBe(0o700);
    expect(readFileSync(b.path).equals(Buffer.from(b.bytesBase64, 'base64'))).toBe(true);

    const out = join(shop.dir, 'extracted');
    mkdirSync(out);
    const tar = spawnSync('tar', ['-xzf', b.path, '-C', out], { encoding: 'utf8' });
    expect(tar.status, tar.stderr).toBe(0);
    expect(readdirSync(join(out, 'logs')).sort()).toEqual(['core.log', 'main.log', 'server.log']);
    expect(readFileSync(join(out, 'logs', 'core.log'), 'utf8')).toContain('backup_failed {"message":"disk full"}');
    expect(JSON.parse(readFileSync(join(out, 'versions.json'), 'utf8'))).toMatchObject({ app: '0.1.0', electron: '45.4.1', node: process.versions.node });
    expect(JSON.parse(readFileSync(join(out, 'license.json'), 'utf8'))).toMatchObject({ state: 'active', machine: { name: 'Till 1' } });
  });

  it('has no secret in it: not from a raw log line, the license state, nor the secret file', async () => {
    const { shop, api } = await setup();
    await fileSecretStore({ file: secretsFileOf(shop.dir) }).set('unlockToken', unlockToken);
    mkdirSync(logsDirOf(shop.dir), { recursive: true });
    // A line an older version (or a library) wrote without redaction.
    writeFileSync(join(logsDirOf(shop.dir), 'core.log'), `activate ${unlockToken} claim=${claimSecret} Bearer ${sessionId} pin=1111\n`);
    const r = await api.call<Bundle>('support.bundle', {}, shop.manager);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const tar = gunzipSync(Buffer.from(r.value.bytesBase64, 'base64')).toString('utf8');
    for (const secret of [unlockToken, claimSecret, sessionId]) expect(tar).not.toContain(secret);
    expect(tar).not.toContain('pin=1111');
    expect(tar).not.toContain('secrets');
    expect(tar).not.toContain('SQLite format');
    expect(tar).toContain('[redacted]');
  });

  it('a cashier may not save one (owner and manager only)', async () => {
    const { shop, api } = await setup();
    const r = await api.call('support.bundle', {}, shop.cashier);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('PERMISSION_DENIED');
    expect((await api.call('support.bundle', {}, null)).ok).toBe(false);
  });
});
