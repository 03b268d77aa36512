/**
 * Issue 9 rule 6 (DNS rebinding): foreign Host names are refused, every POST must be JSON,
 * and the event stream takes its token from the Authorization header only.
 */
import { request } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readServerConfig } from './config';
import { createHostCheck, hostOf } from './host-check';
import { startTestServer } from './test-server';
import type { TestServer } from './test-server';

const iface = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo =>
  ({ address, family, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', internal: false, cidr: null, ...(family === 'IPv6' ? { scopeid: 2 } : {}) }) as NetworkInterfaceInfo;

// The machine's names and addresses, injected: the test plays a DHCP renewal by changing them.
let addresses: NetworkInterfaceInfo[] = [iface('192.168.1.20')];
let t: TestServer;
beforeEach(async () => {
  addresses = [iface('192.168.1.20'), iface('fe80::1c2d%eth0', 'IPv6')];
  t = await startTestServer({
    server: {
      hostCheck: createHostCheck({ hostname: () => 'Till-1', networkInterfaces: () => ({ eth0: addresses }), extraHosts: ['pos.cafe.lan'] }),
    },
  });
});
afterEach(async () => { await t.stop(); });

/** node:http, because fetch() may not set Host. */
function raw(path: string, options: { host?: string; method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; json: { ok: boolean; error?: { code: string } } | null }> {
  const url = new URL(path, t.server.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET',
      headers: { ...(options.host !== undefined ? { host: options.host } : {}), ...options.headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text) as { ok: boolean; error?: { code: string } }; } catch { /* html */ }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Host header (DNS rebinding)', () => {
  it('refuses a foreign name on every route, the API, pairing, health and the screens', async () => {
    const auth = { authorization: `Bearer ${t.server.localToken}`, 'content-type': 'application/json' };
    for (const host of ['evil.example', `evil.example:${t.server.port}`, 'rebind.attacker.test:80', '192.168.1.99']) {
      const call = await raw('/api/call/staff.listForLogin', { host, method: 'POST', body: '{}', headers: auth });
      expect(call.status).toBe(403);
      expect(call.json?.error?.code).toBe('HOST_NOT_ALLOWED');
      expect((await raw('/api/health', { host })).status).toBe(403);
      expect((await raw('/api/pair', { host, method: 'POST', body: '{"code":"123456","deviceName":"x"}', headers: auth })).status).toBe(403);
      expect((await raw('/', { host })).status).toBe(403);
    }
  });

  it("answers this computer's names and addresses, with or without the port", async () => {
    const port = t.server.port;
    for (const host of ['localhost', `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port}`, '[::1]', `[::1]:${port}`,
      'till-1', `Till-1:${port}`, 'till-1.local', `till-1.local.:${port}`, '192.168.1.20', `192.168.1.20:${port}`, `[fe80::1c2d]:${port}`,
      'pos.cafe.lan', `POS.cafe.lan:${port}`]) {
      const r = await raw('/api/health', { host });
      expect({ host, status: r.status }).toEqual({ host, status: 200 });
    }
  });

  it('reads the interface addresses at request time: a new DHCP lease does not lock tablets out', async () => {
    expect((await raw('/api/health', { host: '192.168.1.77' })).status).toBe(403);
    addresses = [iface('192.168.1.77')];
    expect((await raw('/api/health', { host: '192.168.1.77' })).status).toBe(200);
    expect((await raw('/api/health', { host: '192.168.1.20' })).status).toBe(403);
  });

  it('refuses a request without a Host header', async () => {
    // HTTP/1.0 may omit Host; node:http always sends one, so use the check directly.
    expect(createHostCheck()(undefined)).toBe(false);
  });

  it("the default check knows the machine's real host name and loopback", () => {
    const check = createHostCheck();
    expect(check(`${hostname()}:4173`)).toBe(true);
    expect(check(`${hostname()}.local`)).toBe(true);
    expect(check('127.0.0.1:4173')).toBe(true);
    expect(check('example.com')).toBe(false);
  });

  it('parses Host headers strictly', () => {
    expect(hostOf('Example.COM:8080')).toBe('example.com');
    expect(hostOf('[::1]:4173')).toBe('::1');
    expect(hostOf('::1')).toBeNull();
    expect(hostOf('a:b')).toBeNull();
    expect(hostOf('[::1]x')).toBeNull();
    expect(hostOf('')).toBeNull();
  });
});

describe('POSPAL_ALLOWED_HOSTS', () => {
  it('is a comma-separated list of names or addresses, validated at start', () => {
    const ok = readServerConfig({ POSPAL_ALLOWED_HOSTS: ' till.lan , pos.example.com,10.0.0.5,[fd00::5]' });
    expect(ok).toMatchObject({ ok: true, config: { allowedHosts: ['till.lan', 'pos.example.com', '10.0.0.5', '[fd00::5]'] } });
    expect(readServerConfig({})).toMatchObject({ ok: true, config: { allowedHosts: [] } });
    const bad = readServerConfig({ POSPAL_ALLOWED_HOSTS: 'till.lan:4173' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(bad.ok ? '' : bad.error.message).toContain('POSPAL_ALLOWED_HOSTS');
    expect(readServerConfig({ POSPAL_ALLOWED_HOSTS: 'http://evil/' }).ok).toBe(false);
  });
});

describe('POST bodies must be JSON', () => {
  it('refuses a text/plain pairing request (a web form can send one) even with the right code', async () => {
    const owner = await t.addStaff('Olga', 'owner', '2468');
    const signIn = await t.post('/api/auth/pin', { staffId: owner, pin: '2468' }, t.local());
    const session = (signIn.body.result as { token: string }).token;
    const start = await t.post('/api/call/device.pairingCode', {}, { ...t.local(), 'x-staff-session': session });
    const code = (start.body.result as { code: string }).code;
    const body = JSON.stringify({ code, deviceName: 'Evil form' });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await raw('/api/pair', { method: 'POST', body, headers: { 'content-type': type } });
      expect({ type, status: r.status, code: r.json?.error?.code }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await raw('/api/pair', { method: 'POST', body })).status).toBe(415);
    // The code was never spent: the real tablet, posting JSON, still pairs.
    expect((await t.post('/api/pair', { code, deviceName: 'Tablet' })).status).toBe(200);
  });

  it('refuses non-JSON posts to commands and sign-in; JSON with a charset is fine', async () => {
    const auth = { authorization: `Bearer ${t.server.localToken}` };
    expect((await raw('/api/call/staff.listForLogin', { method: 'POST', body: '{}', headers: { ...auth, 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await raw('/api/auth/pin', { method: 'POST', body: '{}', headers: { ...auth, 'content-type': 'text/plain' } })).status).toBe(415);
    const ok = await raw('/api/call/staff.listForLogin', { method: 'POST', body: '{}', headers: { ...auth, 'content-type': 'application/json; charset=utf-8' } });
    expect(ok.status).toBe(200);
  });
});

describe('event stream authentication', () => {
  it('no longer accepts ?token= in the URL (it ends up in logs)', async () => {
    const r = await raw(`/api/events?token=${t.server.localToken}`);
    expect(r.status).toBe(401);
    expect(r.json?.error?.code).toBe('UNAUTHENTICATED');
  });

  it('streams with the Authorization header', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.server.url}/api/events`, { headers: { authorization: `Bearer ${t.server.localToken}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
  });
});
