/**
 * Issue 9, rules 2 and 9, against the real server: HTTP, a real SQLite shop with real PIN
 * checks, the real license commands and agent. The worker is the agent's fake worker at its
 * HTTP boundary; the billing endpoints answer through an injected fetch that records calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi, defineCommand } from '../core/api';
import type { Db } from '../core/db';
import { createTestShop, CASHIER_PIN, MANAGER_PIN, OWNER_PIN } from '../core/api/test-shop';
import type { TestShop } from '../core/api/test-shop';
import { createLicenseCache } from '../core/license/cache';
import type { LicenseAgent } from '../core/license/agent';
import { TEST_EMAIL, TEST_TOKEN } from '../core/license/testing/fake-worker';
import { agentHarness } from '../core/license/testing/harness';
import type { AgentHarness } from '../core/license/testing/harness';
import { createBillingClient } from '../core/license/billing-client';
import { licenseCommands } from '../core/license/commands';
import { createAppEvents, createTransport, startAppServer } from './index';
import type { AppServer, Transport } from './index';

interface Answer { status: number; body: { ok: boolean; result?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } } }

let shop: TestShop;
let h: AgentHarness;
let agent: LicenseAgent;
let server: AppServer;
let transport: Transport;
let billingCalls: string[];
let refundRequests: number;

/** The worker's billing endpoints, answered at the fetch boundary. */
const billingFetch: typeof fetch = async (input) => {
  const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
  billingCalls.push(path);
  const body = path === '/portal' ? { success: true, requestId: 'r', url: 'https://billing.example/portal/p1' }
    : path === '/checkout' ? { success: true, requestId: 'r', checkoutUrl: 'https://billing.example/c/cs_1', sessionId: 'cs_1' }
      : { success: true, requestId: 'r' };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};

async function start(db: Db, options: { activate?: boolean } = {}) {
  agent = h.agent();
  await agent.start();
  if (options.activate !== false) await agent.activate(TEST_EMAIL, TEST_TOKEN);
  const commands = {
    ...licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://billing.test', billingFetch), secrets: h.secrets }),
    // A license command someone adds later without a permission: still the owner's.
    'license.refundRequest': defineCommand({ input: z.object({}).loose(), permission: null, run: () => { refundRequests++; return null; } }),
  };
  const api = createApi({ db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
  transport = createTransport({ api, dataDir: shop.dir });
  server = await startAppServer({ transport, events: createAppEvents(), host: '127.0.0.1', port: 0, rendererDir: null });
}

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}
const mainComputer = () => ({ authorization: `Bearer ${server.localToken}` });
const call = (command: string, input: unknown, headers: Record<string, string>) => post(`/api/call/${command}`, input, headers);

async function signIn(device: Record<string, string>, staffId: string, pin: string): Promise<Record<string, string>> {
  const r = await post('/api/auth/pin', { staffId, pin }, device);
  expect(r.body.ok).toBe(true);
  return { ...device, 'x-staff-session': (r.body.result as { token: string }).token };
}

/** A tablet paired the normal way: the owner shows a code on the main computer. */
async function pairTablet(): Promise<Record<string, string>> {
  const owner = await signIn(mainComputer(), shop.owner.id, OWNER_PIN);
  const code = ((await call('device.pairingCode', {}, owner)).body.result as { code: string }).code;
  const paired = await post('/api/pair', { code, deviceName: 'Tablet 1' }, {});
  return { authorization: `Bearer ${(paired.body.result as { deviceToken: string }).deviceToken}` };
}

/** Every command that changes or reveals the subscription, with an input it accepts. */
const OWNER_COMMANDS: [string, unknown][] = [
  ['license.portal', {}],
  ['license.recover', { email: TEST_EMAIL }],
  ['license.activate', { email: TEST_EMAIL, token: TEST_TOKEN }],
  ['license.instant', { email: TEST_EMAIL, sessionId: 'cs_1' }],
  ['license.checkout', { email: TEST_EMAIL, name: 'Maria', businessName: 'Café' }],
  ['license.machines', {}],
  ['license.deactivate', { machineId: 'old-1' }],
  ['license.deactivate', { email: TEST_EMAIL, token: TEST_TOKEN, machineId: 'old-1' }],
  ['license.deactivate', {}],
  ['license.refundRequest', {}],
];

/** What the worker and billing saw, beyond the agent's own start and activation. */
const sideEffects = () => ({
  billing: [...billingCalls],
  worker: h.worker.operations().filter((op) => op !== 'validate' && op !== 'session/start' && op !== 'session/heartbeat'),
  refundRequests,
});

beforeEach(async () => {
  shop = await createTestShop();
  h = agentHarness();
  billingCalls = [];
  refundRequests = 0;
});
afterEach(async () => {
  await server.stop();
  transport.close();
  await agent.stop();
  shop.cleanup();
});

describe('license and billing commands need the owner (issue 9, rule 2)', () => {
  it('a tablet with only its device token gets none of them: no portal link, recovery, activation, checkout, computers or release', async () => {
    await start(shop.db);
    const tablet = await pairTablet();
    for (const [command, input] of OWNER_COMMANDS) {
      const r = await call(command, input, tablet);
      expect({ command, status: r.status, code: r.body.error?.code, roles: r.body.error?.details?.requiredRoles })
        .toEqual({ command, status: 401, code: 'AUTH_REQUIRED', roles: ['owner'] });
      expect(r.body.error?.message).toBe('Ask the owner to sign in with their PIN');
    }
    const takeOver = await call('license.takeOver', {}, tablet);
    expect(takeOver.body.error).toMatchObject({ code: 'AUTH_REQUIRED', details: { requiredRoles: ['owner', 'manager'] } });
    expect(sideEffects()).toEqual({ billing: [], worker: [], refundRequests: 0 });
    expect(agent.status().state).toBe('active');
  });

  it('status and "check again" stay readable by every caller: a tablet without a session, a cashier', async () => {
    await start(shop.db);
    const tablet = await pairTablet();
    const cashier = await signIn(tablet, shop.cashier.id, CASHIER_PIN);
    for (const who of [tablet, cashier]) {
      expect((await call('license.status', {}, who)).body).toMatchObject({ ok: true, result: { state: 'active' } });
      expect((await call('license.check', {}, who)).body).toMatchObject({ ok: true, result: { state: 'active' } });
    }
  });

  it('a cashier (on a tablet or the main computer) and a manager are refused with the role that may', async () => {
    await start(shop.db);
    const tablet = await pairTablet();
    const sessions = [
      await signIn(tablet, shop.cashier.id, CASHIER_PIN),
      await signIn(mainComputer(), shop.cashier.id, CASHIER_PIN),
      await signIn(tablet, shop.manager.id, MANAGER_PIN),
    ];
    for (const who of sessions) {
      for (const [command, input] of OWNER_COMMANDS) {
        const r = await call(command, input, who);
        expect({ command, status: r.status, code: r.body.error?.code, roles: r.body.error?.details?.requiredRoles })
          .toEqual({ command, status: 403, code: 'PERMISSION_DENIED', roles: ['owner'] });
      }
    }
    expect(sideEffects()).toEqual({ billing: [], worker: [], refundRequests: 0 });
  });

  it('the owner, signed in on a tablet, gets the portal link, recovery, computers, checkout and release', async () => {
    await start(shop.db);
    const owner = await signIn(await pairTablet(), shop.owner.id, OWNER_PIN);
    expect((await call('license.portal', {}, owner)).body).toEqual({ ok: true, result: { url: 'https://billing.example/portal/p1' } });
    expect((await call('license.recover', { email: TEST_EMAIL }, owner)).body).toEqual({ ok: true, result: null });
    const machines = await call('license.machines', {}, owner);
    expect((machines.body.result as { machines: { id: string }[] }).machines.map((m) => m.id)).toEqual(['mach-1', 'old-1']);
    expect((await call('license.checkout', { email: TEST_EMAIL, name: 'Maria', businessName: 'Café' }, owner)).body)
      .toMatchObject({ ok: true, result: { sessionId: 'cs_1' } });
    expect((await call('license.deactivate', { machineId: 'old-1' }, owner)).body.ok).toBe(true);
    expect((await call('license.refundRequest', {}, owner)).body.ok).toBe(true);
    expect((await call('license.activate', { email: TEST_EMAIL, token: TEST_TOKEN }, owner)).body)
      .toMatchObject({ ok: true, result: { state: 'active' } });
    expect(sideEffects()).toMatchObject({ billing: ['/portal', '/recover', '/checkout'], refundRequests: 1 });
    expect(h.worker.operations()).toContain('/machines/deactivate');
  });
});

describe('a takeover takes an owner or a manager (issue 9, rule 9)', () => {
  async function conflicted() {
    h.worker.world.otherHolder = { machineName: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() - 30_000 };
    await start(shop.db);
    expect(agent.status().state).toBe('session_conflict');
    return pairTablet();
  }

  it('a cashier cannot force it from another computer: the other till keeps selling', async () => {
    const tablet = await conflicted();
    for (const who of [await signIn(tablet, shop.cashier.id, CASHIER_PIN), await signIn(mainComputer(), shop.cashier.id, CASHIER_PIN)]) {
      const r = await call('license.takeOver', {}, who);
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { role: 'cashier', requiredRoles: ['owner', 'manager'] } });
    }
    expect(h.worker.operations()).not.toContain('session/takeover');
    expect(agent.status().state).toBe('session_conflict');
  });

  it('a manager may (and so may the owner)', async () => {
    const tablet = await conflicted();
    const manager = await signIn(tablet, shop.manager.id, MANAGER_PIN);
    expect((await call('license.takeOver', {}, manager)).body).toMatchObject({ ok: true, result: { state: 'active' } });
    expect(h.worker.operations()).toContain('session/takeover');
    h.worker.world.otherHolder = { machineName: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() };
    const owner = await signIn(mainComputer(), shop.owner.id, OWNER_PIN);
    expect((await call('license.takeOver', {}, owner)).body.ok).toBe(true);
  });
});

describe('first run: a shop with no staff yet (issue 9, rule 2)', () => {
  it('the main computer may buy, activate, free a seat and take over without a session', async () => {
    h.worker.world.otherHolder = { machineName: 'OLD-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() - 60_000 };
    await start(h.db, { activate: false }); // h.db: a fresh shop database, no staff
    expect((await call('license.checkout', { email: TEST_EMAIL, name: 'Maria', businessName: 'Café' }, mainComputer())).body)
      .toMatchObject({ ok: true, result: { sessionId: 'cs_1' } });
    const activated = await call('license.activate', { email: TEST_EMAIL, token: TEST_TOKEN }, mainComputer());
    expect(activated.body.error?.code).not.toBe('AUTH_REQUIRED');
    expect(agent.status().state).toBe('session_conflict');
    expect((await call('license.deactivate', { email: TEST_EMAIL, token: TEST_TOKEN, machineId: 'old-1' }, mainComputer())).body.ok).toBe(true);
    expect((await call('license.takeOver', {}, mainComputer())).body).toMatchObject({ ok: true, result: { state: 'active' } });
    // Not part of activating: the billing portal and the computers list wait for an owner.
    expect((await call('license.portal', {}, mainComputer())).body.error?.code).toBe('AUTH_REQUIRED');
    expect((await call('license.machines', {}, mainComputer())).body.error?.code).toBe('AUTH_REQUIRED');
  });

  it('a tablet may not, even on a shop with no staff', async () => {
    await start(h.db, { activate: false });
    const tablet = { authorization: `Bearer ${transport.devices.register('Old tablet').token}` };
    for (const [command, input] of OWNER_COMMANDS) {
      expect({ command, code: (await call(command, input, tablet)).body.error?.code }).toEqual({ command, code: 'AUTH_REQUIRED' });
    }
    expect((await call('license.takeOver', {}, tablet)).body.error?.code).toBe('AUTH_REQUIRED');
    expect(sideEffects()).toEqual({ billing: [], worker: [], refundRequests: 0 });
    expect(agent.status().state).toBe('unlicensed');
  });

  it('ends when the first owner exists: the main computer then needs the owner too', async () => {
    await start(h.db, { activate: false });
    expect((await call('staff.bootstrapOwner', { name: 'Maria', pin: '1357' }, mainComputer())).body.ok).toBe(true);
    const r = await call('license.activate', { email: TEST_EMAIL, token: TEST_TOKEN }, mainComputer());
    expect(r.body.error).toMatchObject({ code: 'AUTH_REQUIRED', details: { requiredRoles: ['owner'] } });
    expect(agent.status().state).toBe('unlicensed');
  });
});
