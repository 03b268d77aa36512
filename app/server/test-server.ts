/**
 * Test harness for the app server: the real HTTP server over the real core API and a real
 * SQLite file in a temp folder, staff created with core's own (scrypt) PIN hashing.
 * Only tests import this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApi } from '../core/api';
import type { CommandMap, Role } from '../core/api';
import { openDatabase } from '../core/db';
import type { Db } from '../core/db';
import { tempDir } from '../core/db/test-helpers';
import { createStaff } from '../core/pos/staff/staff';
import { systemClock } from '../core/clock';
import { createAppEvents, createTransport, startAppServer } from './index';
import type { AppServer, AppEvents, AppServerOptions, Transport } from './index';

export interface TestBody { ok: boolean; result?: unknown; error?: { code: string; message?: string; details?: Record<string, unknown> } }

export interface TestServer {
  server: AppServer;
  transport: Transport;
  db: Db;
  events: AppEvents;
  dir: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: TestBody }>;
  local(): Record<string, string>;
  addStaff(name: string, role: Role, pin: string): Promise<string>;
  /** Pairs a tablet through the real pairing flow; returns its Authorization header. */
  pairTablet(ownerId: string, ownerPin: string, name?: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startTestServer(options: { commands?: CommandMap; server?: Partial<AppServerOptions> } = {}): Promise<TestServer> {
  const tmp = tempDir('pospal-server-');
  const db = openDatabase({ file: join(tmp.dir, 'pospal.db') });
  const events = createAppEvents();
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const api = createApi({
    db, license: { canSell: () => true, state: () => 'active' }, dataDir: tmp.dir, logInternalError: () => {},
    ...(options.commands ? { commands: options.commands } : {}),
  });
  const transport = createTransport({ api, dataDir: tmp.dir });
  const server = await startAppServer({
    transport, events, host: '127.0.0.1', port: 0, rendererDir: renderer,
    initialEvents: () => [{ name: 'license', data: { state: 'active' } }],
    ...options.server,
  });

  const local = () => ({ authorization: `Bearer ${server.localToken}` });
  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as TestBody };
  }

  return {
    server, transport, db, events, dir: tmp.dir, post, local,
    async addStaff(name, role, pin) {
      return (await createStaff(db, systemClock, { name, role, pin }, null)).id;
    },
    async pairTablet(ownerId, ownerPin, name = 'Tablet') {
      const signIn = await post('/api/auth/pin', { staffId: ownerId, pin: ownerPin }, local());
      const session = (signIn.body.result as { token: string }).token;
      const start = await post('/api/call/device.pairingCode', {}, { ...local(), 'x-staff-session': session });
      const code = (start.body.result as { code: string }).code;
      const paired = await post('/api/pair', { code, deviceName: name });
      await post('/api/auth/signout', {}, { ...local(), 'x-staff-session': session });
      return { authorization: `Bearer ${(paired.body.result as { deviceToken: string }).deviceToken}` };
    },
    async stop() {
      await server.stop();
      transport.close();
      db.close();
      tmp.cleanup();
    },
  };
}
