import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPosPal, StartupError } from './bootstrap';
import type { PosPal } from './bootstrap';
import { tempDir } from './core/db/test-helpers';

/** A port nothing listens on: the license worker is "offline". */
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

async function start() {
  tmp = tempDir('pospal-boot-');
  const env = { POSPAL_DATA_DIR: tmp.dir, POSPAL_LICENSE_URL: `http://127.0.0.1:${await closedPort()}` };
  app = await startPosPal({
    env, rendererDir: null, http: 'always', host: '127.0.0.1', port: 0, log: () => {},
    licenseClient: { maxRetries: 0, timeoutMs: 500 },
    fingerprint: { readComponents: async () => ({ machineId: 'boot-test-machine', cpuModel: 'test cpu' }) },
  });
  return app;
}

async function call(a: PosPal, command: string, input: unknown, session?: string) {
  const res = await fetch(`${a.server!.url}/api/call/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${a.server!.localToken}`, ...(session ? { 'x-staff-session': session } : {}) },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { ok: boolean; result?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('startPosPal (composition)', () => {
  it('starts unlicensed on a fresh data dir, loads the demo café, and signs staff in with the real PIN check', async () => {
    const a = await start();
    const status = await call(a, 'license.status', {});
    expect(status.ok).toBe(true);
    expect(status.result.state).toBe('unlicensed');
    expect(status.result.canSell).toBe(false);

    const demo = await call(a, 'demo.load', {});
    expect(demo.ok).toBe(true);
    expect(demo.result.items).toBeGreaterThanOrEqual(25);
    const owner = demo.result.staff.find((s: { role: string }) => s.role === 'owner');

    // Only an empty shop takes the demo: it needs no sign-in, so it must never touch real data.
    const again = await call(a, 'demo.load', {});
    expect(again.error?.code).toBe('CONFLICT');

    const res = await fetch(`${a.server!.url}/api/auth/pin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.server!.localToken}` },
      body: JSON.stringify({ staffId: owner.id, pin: '1234' }),
    });
    const signIn = (await res.json()) as { ok: boolean; result: { token: string; staff: { role: string } } };
    expect(signIn.result.staff.role).toBe('owner');
    const wrong = await call(a, 'auth.pin', { staffId: owner.id, pin: '9999' });
    expect(wrong.error?.code).toBe('PIN_INVALID');

    // Selling is refused while unlicensed; reading the menu is not.
    const items = await call(a, 'catalog.listItems', {}, signIn.result.token);
    expect(items.ok).toBe(true);
  });

  it('lets the main computer itself activate a shop with no staff yet (the origin reaches core through every wrapper)', async () => {
    const a = await start();
    // The worker is unreachable here: what matters is that core did not refuse the caller.
    const activate = await call(a, 'license.activate', { email: 'first@cafe.test', token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA' });
    expect(activate.error?.code).not.toBe('AUTH_REQUIRED');
    const checkout = await call(a, 'license.checkout', { email: 'first@cafe.test', name: 'First' });
    expect(checkout.error?.code).toBe('OFFLINE');
  });

  it('refuses a bad configuration with a clear message', async () => {
    await expect(startPosPal({ env: { POSPAL_PORT: 'eighty' }, rendererDir: null, http: 'never' })).rejects.toThrow(StartupError);
    await expect(startPosPal({ env: { POSPAL_LICENSE_URL: 'not a url' }, rendererDir: null, http: 'never' })).rejects.toThrow(/POSPAL_LICENSE_URL/);
  });

  it('backs the ledger up at start, and after a restore the license agent keeps working on the restored database', async () => {
    const a = await start();
    const demo = await call(a, 'demo.load', {});
    const owner = demo.result.staff.find((s: { role: string }) => s.role === 'owner');
    const signIn = await call(a, 'auth.pin', { staffId: owner.id, pin: '1234' });
    const session = signIn.result.token as string;

    // The daily backup ran when the app started (the shop did not have to ask).
    await expect.poll(async () => (await call(a, 'backup.list', {}, session)).result?.length ?? 0).toBeGreaterThan(0);
    const backups = (await call(a, 'backup.list', {}, session)).result as { name: string }[];
    const restored = await call(a, 'backup.restore', { name: backups[0]!.name }, session);
    expect(restored.ok).toBe(true);

    // The agent reads the restored database (not the closed one) and the API keeps answering.
    const status = await call(a, 'license.status', {});
    expect(status.ok).toBe(true);
    const activation = await call(a, 'license.activate', { email: 'owner@cafe.example', token: 'POS-ABCDE-FGHJK-MNPQR-STVWX' });
    expect(activation.error?.code).not.toBe('INTERNAL');
    // The backup was taken at start, before the demo shop existed: its staff session is gone.
    expect((await call(a, 'catalog.listItems', {}, session)).error?.code).toBe('AUTH_REQUIRED');
  });
});
