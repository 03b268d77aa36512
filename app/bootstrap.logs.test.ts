// Through startPosPal: core and server write their log files in <data folder>/logs (private),
// the local token (the browser-mode URL's #token) never appears in them, and the support
// bundle command is wired (owner or manager only: the main computer without staff is refused).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPosPal } from './bootstrap';
import type { PosPal } from './bootstrap';
import { tempDir } from './core/db/test-helpers';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let app: PosPal | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  tmp?.cleanup();
  tmp = null;
});

describe('startPosPal logs', () => {
  it('core and server log to private rotated files under the data folder, without the local token', async () => {
    tmp = tempDir('pospal-logs-boot-');
    app = await startPosPal({
      env: { POSPAL_DATA_DIR: tmp.dir, POSPAL_LICENSE_URL: `http://127.0.0.1:${await closedPort()}` },
      rendererDir: null, http: 'always', host: '127.0.0.1', port: 0, log: () => {}, appVersion: '0.1.0',
      licenseClient: { maxRetries: 0, timeoutMs: 500 },
      fingerprint: { readComponents: async () => ({ machineId: 'logs-test-machine', cpuModel: 'test cpu' }) },
    });
    const res = await fetch(`${app.server!.url}/api/call/support.bundle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.server!.localToken}` },
      body: '{}',
    });
    expect(((await res.json()) as { ok: boolean; error?: { code: string } }).error?.code).toBe('AUTH_REQUIRED');
    app.logs.main.info('window_opened');

    const dir = join(tmp.dir, 'logs');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['core.log', 'main.log', 'server.log']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'core.log'), 'utf8')).toContain('starting {"appVersion":"0.1.0","packaged":false}');
    const server = readFileSync(join(dir, 'server.log'), 'utf8');
    expect(server).toContain(`server_listening {"host":"127.0.0.1","port":${app.server!.port}}`);
    const all = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(all).not.toContain(app.server!.localToken);
  });
});
