import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi, defineCommand } from '../core/api';
import type { CommandMap } from '../core/api';
import { openDatabase } from '../core/db';
import type { Db } from '../core/db';
import { hashPin } from '../core/pos/staff/pin';
import { tempDir } from '../core/db/test-helpers';
import { createAppEvents, createTransport, startAppServer } from './index';
import type { AppServer, AppEvents, Transport } from './index';

// Real commands over the real API and a real database; sign-in is core's own staff.login.
const testCommands: CommandMap = {
  'test.echo': defineCommand({ input: z.object({ text: z.string() }).strict(), permission: null, run: (_ctx, i) => ({ echoed: i.text }) }),
  'test.secret': defineCommand({ input: z.object({}), permission: 'settings.write', run: () => 'classified' }),
};

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let server: AppServer;
let transport: Transport;
let events: AppEvents;

async function addStaff(id: string, role: 'owner' | 'cashier', pin: string) {
  const { hash, salt } = await hashPin(pin);
  db.prepare('INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?, 0)').run(id, `Staff ${id}`, role, hash, salt);
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; details?: Record<string, unknown> } } };
}
const local = () => ({ authorization: `Bearer ${server.localToken}` });

beforeEach(async () => {
  tmp = tempDir('pospal-server-');
  db = openDatabase({ file: join(tmp.dir, 'pospal.db') });
  events = createAppEvents();
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const api = createApi({ db, license: { canSell: () => true, state: () => 'active' }, dataDir: tmp.dir, commands: testCommands, logInternalError: () => {} });
  transport = createTransport({ api, dataDir: tmp.dir });
  server = await startAppServer({
    transport, events, host: '127.0.0.1', port: 0, rendererDir: renderer,
    initialEvents: () => [{ name: 'license', data: { state: 'active' } }],
  });
  await addStaff('owner-1', 'owner', '1234');
  await addStaff('cashier-1', 'cashier', '4321');
});

afterEach(async () => {
  await server.stop();
  transport.close();
  db.close();
  tmp.cleanup();
});

describe('app server: authentication', () => {
  it('refuses a request without a device token, and an unknown token', async () => {
    const none = await post('/api/call/test.echo', { text: 'hi' });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('UNAUTHENTICATED');
    const wrong = await post('/api/call/test.echo', { text: 'hi' }, { authorization: 'Bearer not-a-device' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('DEVICE_NOT_PAIRED');
  });

  it('answers a command with the envelope, and errors with codes and statuses', async () => {
    const ok = await post('/api/call/test.echo', { text: 'γεια' }, local());
    expect(ok).toMatchObject({ status: 200, body: { ok: true, result: { echoed: 'γεια' } } });
    const unknown = await post('/api/call/nope.nothing', {}, local());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('UNKNOWN_COMMAND');
    const invalid = await post('/api/call/test.echo', { text: 5 }, local());
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.code).toBe('VALIDATION_FAILED');
    const badJson = await post('/api/call/test.echo', '{not json', local());
    expect(badJson.status).toBe(400);
    expect(badJson.body.error?.code).toBe('INVALID_REQUEST');
    const huge = await post('/api/call/test.echo', { text: 'x'.repeat(2 * 1024 * 1024) }, local());
    expect(huge.status).toBe(413);
    expect(huge.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('passes the PIN-signed-in staff to core, which checks the permission', async () => {
    const anon = await post('/api/call/test.secret', {}, local());
    expect(anon.body.error?.code).toBe('AUTH_REQUIRED');
    const cashier = await post('/api/auth/pin', { staffId: 'cashier-1', pin: '4321' }, local());
    expect(cashier.status).toBe(200);
    const cashierToken = (cashier.body.result as { token: string }).token;
    const denied = await post('/api/call/test.secret', {}, { ...local(), 'x-staff-session': cashierToken });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.code).toBe('PERMISSION_DENIED');
    const owner = await post('/api/auth/pin', { staffId: 'owner-1', pin: '1234' }, local());
    const ownerToken = (owner.body.result as { token: string }).token;
    const allowed = await post('/api/call/test.secret', {}, { ...local(), 'x-staff-session': ownerToken });
    expect(allowed.body).toEqual({ ok: true, result: 'classified' });
    await post('/api/auth/signout', {}, { ...local(), 'x-staff-session': ownerToken });
    const after = await post('/api/call/test.secret', {}, { ...local(), 'x-staff-session': ownerToken });
    expect(after.body.error?.code).toBe('AUTH_REQUIRED');
  });

  it('rate-limits wrong PINs per device: the sixth try within a minute is refused with Retry-After', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/auth/pin', { staffId: i < 3 ? 'owner-1' : 'cashier-1', pin: '0000' }, local());
      expect(r.body.error?.code).toBe('PIN_INVALID');
    }
    const limited = await post('/api/auth/pin', { staffId: 'cashier-1', pin: '4321' }, local());
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(limited.body.error?.details?.retryAfterSeconds)).toBeGreaterThan(0);
  });
});

describe('app server: LAN pairing', () => {
  async function ownerSession() {
    const r = await post('/api/auth/pin', { staffId: 'owner-1', pin: '1234' }, local());
    return (r.body.result as { token: string }).token;
  }

  it('pairs a tablet with the code shown on the desktop; a wrong code is refused', async () => {
    const session = await ownerSession();
    const start = await post('/api/call/device.pairingCode', {}, { ...local(), 'x-staff-session': session });
    expect(start.status).toBe(200);
    const code = (start.body.result as { code: string }).code;
    expect(code).toMatch(/^\d{6}$/);

    const wrongCode = code === '000000' ? '000001' : '000000';
    const refused = await post('/api/pair', { code: wrongCode, deviceName: 'Tablet 1' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('PAIRING_CODE_INVALID');

    const paired = await post('/api/pair', { code, deviceName: 'Tablet 1' });
    expect(paired.status).toBe(200);
    const deviceToken = (paired.body.result as { deviceToken: string }).deviceToken;
    const tablet = { authorization: `Bearer ${deviceToken}` };
    expect((await post('/api/call/test.echo', { text: 'from tablet' }, tablet)).body).toEqual({ ok: true, result: { echoed: 'from tablet' } });

    // The code is single-use.
    expect((await post('/api/pair', { code, deviceName: 'Tablet 2' })).body.error?.code).toBe('PAIRING_CODE_INVALID');
    // Tablets cannot show pairing codes themselves, even with the owner's PIN.
    const tabletOwner = await post('/api/auth/pin', { staffId: 'owner-1', pin: '1234' }, tablet);
    const tabletSession = (tabletOwner.body.result as { token: string }).token;
    expect((await post('/api/call/device.pairingCode', {}, { ...tablet, 'x-staff-session': tabletSession })).body.error?.code).toBe('LOCAL_ONLY');
    // A staff session opened on the desktop does not work from the tablet.
    expect((await post('/api/call/test.secret', {}, { ...tablet, 'x-staff-session': session })).body.error?.code).toBe('AUTH_REQUIRED');

    // Only the hash of the token is stored.
    const list = await post('/api/call/device.list', {}, { ...local(), 'x-staff-session': session });
    const devices = list.body.result as { id: string; name: string }[];
    expect(devices.map((d) => d.name)).toEqual(['Tablet 1']);
    expect(JSON.stringify(devices)).not.toContain(deviceToken);

    // Revoked from settings: the tablet is out at once.
    const revoke = await post('/api/call/device.revoke', { id: devices[0]!.id }, { ...local(), 'x-staff-session': session });
    expect(revoke.body.ok).toBe(true);
    const after = await post('/api/call/test.echo', { text: 'x' }, tablet);
    expect(after.status).toBe(401);
    expect(after.body.error?.code).toBe('DEVICE_NOT_PAIRED');
  });

  it('rate-limits guessing: after 5 wrong codes even the right one is refused from that address', async () => {
    const session = await ownerSession();
    const start = await post('/api/call/device.pairingCode', {}, { ...local(), 'x-staff-session': session });
    const code = (start.body.result as { code: string }).code;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await post('/api/pair', { code: wrong, deviceName: 'Evil' })).status).toBe(403);
    const limited = await post('/api/pair', { code, deviceName: 'Evil' });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
  });

  it('cashiers cannot issue pairing codes or list devices', async () => {
    const r = await post('/api/auth/pin', { staffId: 'cashier-1', pin: '4321' }, local());
    const s = (r.body.result as { token: string }).token;
    expect((await post('/api/call/device.pairingCode', {}, { ...local(), 'x-staff-session': s })).body.error?.code).toBe('PERMISSION_DENIED');
    expect((await post('/api/call/device.list', {}, { ...local(), 'x-staff-session': s })).body.error?.code).toBe('PERMISSION_DENIED');
  });
});

describe('app server: events and static files', () => {
  it('streams the current license state, then published events, over SSE', async () => {
    const res = await fetch(`${server.url}/api/events`, { headers: local() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value);
      }
    };
    await readUntil('event: license');
    expect(text).toContain('data: {"state":"active"}');
    events.publish('orders', { id: 'order-1' });
    await readUntil('event: orders');
    expect(text).toContain('data: {"id":"order-1"}');
    await reader.cancel();
  });

  it('refuses the event stream without a token', async () => {
    const res = await fetch(`${server.url}/api/events`);
    expect(res.status).toBe(401);
  });

  it('serves the renderer with a strict CSP and falls back to the app shell for routes', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('id="root"');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(await asset.text()).toBe('console.log(1)');
    const route = await fetch(`${server.url}/orders/today`);
    expect(await route.text()).toContain('id="root"');
    const api404 = await fetch(`${server.url}/api/nothing`, { headers: local() });
    expect(api404.status).toBe(400);
  });
});
