import { afterEach, describe, expect, it } from 'vitest';
import type { LicenseAgent, LicenseStatus } from './agent';
import { TEST_CLAIM_SECRET, TEST_EMAIL, TEST_TOKEN, testKeyPair } from './testing/fake-worker';
import { agentHarness, DAY, HOUR, MACHINE_B, MINUTE } from './testing/harness';

const agents: LicenseAgent[] = [];
afterEach(() => {
  agents.length = 0;
});

async function activated(h = agentHarness()) {
  const agent = h.agent();
  agents.push(agent);
  await agent.start();
  const result = await agent.activate(TEST_EMAIL, TEST_TOKEN);
  expect(result.ok).toBe(true);
  return { h, agent };
}

function cacheRow(h: ReturnType<typeof agentHarness>) {
  return h.db.prepare('SELECT * FROM license_cache').get() as Record<string, unknown> | undefined;
}

describe('start', () => {
  it('starts unlicensed without a cache, refuses sales and makes no request', async () => {
    const h = agentHarness();
    const agent = h.agent();
    const s = await agent.start();
    await h.advance(agent, MINUTE);
    expect(s.state).toBe('unlicensed');
    expect(agent.canSell()).toBe(false);
    expect(agent.state()).toBe('unlicensed');
    expect(h.worker.requests).toHaveLength(0);
  });

  it('unlocks from a valid cache before any network call (network cut)', async () => {
    const { h } = await activated();
    h.worker.world.online = false;
    const before = h.worker.requests.length;
    const again = h.agent();
    const s = await again.start();
    expect(s.state).toBe('active');
    expect(s.canSell).toBe(true);
    expect(s.customerEmail).toBe(TEST_EMAIL);
    expect(h.worker.requests.length).toBe(before);
  });
});

describe('activation', () => {
  it('activates with email + token: validate, then a device session; the status has what the UI needs', async () => {
    const { h, agent } = await activated();
    expect(h.worker.operations()).toEqual(['validate', 'session/start']);
    const s = agent.status();
    expect(s).toMatchObject({ state: 'active', reason: null, canSell: true, customerEmail: TEST_EMAIL, plan: 'monthly', subscriptionStatus: 'active', daysLeft: 10, warning: false, problem: null });
    expect(s.machine).toMatchObject({ id: 'mach-1', name: 'TILL-1', platform: 'linux' });
    expect(s.currentPeriodEnd).toBeGreaterThan(h.clock.now());
    expect(cacheRow(h)).toMatchObject({ customer_email: TEST_EMAIL, token: '' });
    expect(await h.secrets.get('unlockToken')).toBe(TEST_TOKEN);
    expect(cacheRow(h)?.session_id).toEqual(expect.any(String));
  });

  it('normalises what people type (case, spaces, O for 0)', async () => {
    const h = agentHarness();
    const agent = h.agent();
    await agent.start();
    const r = await agent.activate('  Owner@Cafe.Example ', 'pos-abcde-fghjk-mnpqr-stvwx');
    expect(r.ok).toBe(true);
  });

  it('turns each refusal into a clear problem and leaves the state alone', async () => {
    const h = agentHarness();
    const agent = h.agent();
    await agent.start();

    const bad = await agent.activate('not-an-email', 'nope');
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: ['email', 'token'] } });
    expect(h.worker.requests).toHaveLength(0);

    const wrong = await agent.activate(TEST_EMAIL, 'POS-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(agent.status()).toMatchObject({ state: 'unlicensed', problem: { code: 'INVALID_CREDENTIALS' } });

    h.worker.world.machineLimit = true;
    const full = await agent.activate(TEST_EMAIL, TEST_TOKEN);
    expect(full).toMatchObject({ ok: false, error: { code: 'MACHINE_LIMIT', machines: [{ id: 'old-1', name: 'OLD-PC', platform: 'win32' }] } });

    // "Deactivate that one", then activate again.
    const freed = await agent.deactivateMachine(TEST_EMAIL, TEST_TOKEN, 'old-1');
    expect(freed.ok).toBe(true);
    expect(h.worker.requests.at(-1)?.body).toMatchObject({ machineId: 'old-1' });
    h.worker.world.machineLimit = false;

    h.worker.world.status = 'suspended';
    const inactive = await agent.activate(TEST_EMAIL, TEST_TOKEN);
    expect(inactive).toMatchObject({ ok: false, error: { code: 'SUBSCRIPTION_INACTIVE', subscriptionStatus: 'suspended' } });

    h.worker.world.online = false;
    const offline = await agent.activate(TEST_EMAIL, TEST_TOKEN);
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(agent.state()).toBe('unlicensed');
    expect(cacheRow(h)).toBeUndefined();
  });

  it('instant activation polls with the checkout session id until the token arrives', async () => {
    const h = agentHarness();
    const agent = h.agent();
    await agent.start();
    h.worker.world.paid = false;
    let settled = false;
    const pending = agent.activateInstant(TEST_EMAIL, 'cs_test_123456', TEST_CLAIM_SECRET, { pollMs: 2000 }).finally(() => { settled = true; });
    for (let i = 0; i < 50 && !settled; i++) {
      await new Promise((r) => setImmediate(r));
      if (i === 6) h.worker.world.paid = true;
      h.clock.advance(2000);
      h.timers.fireDue();
    }
    const r = await pending;
    expect(r.ok).toBe(true);
    expect(h.worker.operations().filter((o) => o === 'instant').length).toBeGreaterThan(1);
    expect(agent.status()).toMatchObject({ state: 'active', customerEmail: TEST_EMAIL });
    expect(await h.secrets.get('unlockToken')).toBe(TEST_TOKEN);
  });

  it('instant activation gives up with a clear problem when the payment never completes', async () => {
    const h = agentHarness();
    const agent = h.agent();
    await agent.start();
    h.worker.world.paid = false;
    let settled = false;
    const pending = agent.activateInstant(TEST_EMAIL, 'cs_test_123456', TEST_CLAIM_SECRET, { pollMs: 1000, timeoutMs: 5000 }).finally(() => { settled = true; });
    for (let i = 0; i < 50 && !settled; i++) {
      await new Promise((r) => setImmediate(r));
      h.clock.advance(1000);
      h.timers.fireDue();
    }
    expect(await pending).toMatchObject({ ok: false, error: { code: 'INSTANT_TIMEOUT' } });
    expect(agent.state()).toBe('unlicensed');
  });

  it('deactivate this device frees the seat, ends the session and forgets the license', async () => {
    const { h, agent } = await activated();
    const r = await agent.deactivate();
    expect(r.ok).toBe(true);
    expect(h.worker.operations().slice(-2)).toEqual(['/machines/deactivate', 'session/end']);
    expect(agent.state()).toBe('unlicensed');
    expect(cacheRow(h)).toBeUndefined();
  });
});

describe('online checks and the offline allowance', () => {
  it('heartbeats are checks (each answer carries a fresh signed license) and keep the cache fresh', async () => {
    const { h, agent } = await activated();
    const first = cacheRow(h)?.license_file;
    for (let i = 0; i < 45; i++) await h.advance(agent, MINUTE);
    const ops = h.worker.operations();
    expect(ops.filter((o) => o === 'validate')).toHaveLength(1);
    expect(ops.filter((o) => o === 'session/heartbeat').length).toBeGreaterThanOrEqual(44);
    expect(cacheRow(h)?.license_file).not.toBe(first);
    expect(agent.status().lastCheckAt).toBe(h.clock.now());
  });

  it('a start checks online at once only when the license asked for a check by now', async () => {
    const { h, agent } = await activated();
    await agent.stop();
    const validates = () => h.worker.operations().filter((o) => o === 'validate').length;
    h.clock.advance(10 * MINUTE);
    const early = h.agent();
    await early.start();
    await h.advance(early, 0);
    expect(validates()).toBe(1);
    await early.stop();
    h.clock.advance(40 * MINUTE);
    const late = h.agent();
    await late.start();
    await h.advance(late, 0);
    expect(validates()).toBe(2);
  });

  it('without a session (suspended) the online check follows nextCheckAt', async () => {
    const { h, agent } = await activated();
    h.worker.world.status = 'suspended';
    await h.advance(agent, MINUTE);
    expect(agent.state()).toBe('suspended');
    const validates = () => h.worker.operations().filter((o) => o === 'validate').length;
    const before = validates();
    for (let i = 0; i < 25; i++) await h.advance(agent, MINUTE);
    expect(validates()).toBe(before);
    for (let i = 0; i < 6; i++) await h.advance(agent, MINUTE);
    expect(validates()).toBe(before + 1);
  });

  it('network loss: offline_grace with days left, warning from day 7, locked after 10 days, unlocked when back', async () => {
    const { h, agent } = await activated();
    const warnings: LicenseStatus[] = [];
    agent.on('warning', (s) => warnings.push(s));
    h.worker.world.online = false;
    await h.advance(agent, 31 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, daysLeft: 10, warning: false, problem: { code: 'OFFLINE' } });

    for (let day = 1; day <= 6; day++) await h.advance(agent, DAY);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, warning: false });
    expect(warnings).toHaveLength(0);

    await h.advance(agent, DAY);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, warning: true, daysLeft: 3 });
    expect(warnings).toHaveLength(1);
    await h.advance(agent, HOUR);
    expect(warnings).toHaveLength(1);

    await h.advance(agent, 3 * DAY);
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'offline_expired', canSell: false });

    h.worker.world.online = true;
    await h.advance(agent, 20 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true, problem: null, daysLeft: 10 });
  });

  it('a restart 11 days after the last check is locked without waiting for the network', async () => {
    const { h } = await activated();
    h.worker.world.online = false;
    h.clock.advance(11 * DAY);
    const again = h.agent();
    const s = await again.start();
    expect(s).toMatchObject({ state: 'locked', reason: 'offline_expired', canSell: false });
  });

  it('5xx answers and unknown error codes never lock a paying customer', async () => {
    const { h, agent } = await activated();
    const unavailable = { status: 503, body: { success: false, requestId: 'r', error: { code: 'SERVICE_UNAVAILABLE', message: 'x', retryable: true } } };
    h.worker.script.push(unavailable, unavailable, unavailable, unavailable);
    await h.advance(agent, MINUTE);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true });
    h.worker.script.push({ status: 404, body: { success: false, requestId: 'r', error: { code: 'NOT_FOUND', message: 'x', retryable: false } } });
    await h.advance(agent, MINUTE);
    expect(agent.canSell()).toBe(true);
    await h.advance(agent, MINUTE);
    expect(agent.state()).toBe('active');
  });

  it('a suspended answer locks selling at once (no grace for non-payment); paying again unlocks', async () => {
    const { h, agent } = await activated();
    h.worker.world.status = 'suspended';
    await h.advance(agent, MINUTE); // the next heartbeat carries the news
    expect(agent.status()).toMatchObject({ state: 'suspended', canSell: false, subscriptionStatus: 'suspended' });

    // The suspension is in the signed cache: a restart offline stays locked.
    h.worker.world.online = false;
    expect((await h.agent().start()).state).toBe('suspended');

    h.worker.world.online = true;
    h.worker.world.status = 'active';
    await h.advance(agent, 31 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true });
  });

  it('a cancelled subscription locks selling', async () => {
    const { h, agent } = await activated();
    h.worker.world.status = 'cancelled';
    await h.advance(agent, 31 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'cancelled', canSell: false });
  });

  it('a token the worker no longer accepts locks with credentials_rejected', async () => {
    const { h, agent } = await activated();
    h.worker.world.token = 'POS-NEWTO-KENNN-NNNNN-NNNNN';
    await h.advance(agent, 31 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'credentials_rejected', canSell: false, problem: { code: 'INVALID_CREDENTIALS' } });
  });

  it('a rejected token is not asked about again at every heartbeat', async () => {
    const { h, agent } = await activated();
    h.worker.world.token = 'POS-NEWTO-KENNN-NNNNN-NNNNN';
    await h.advance(agent, 31 * MINUTE);
    const validates = () => h.worker.operations().filter((o) => o === 'validate').length;
    const after = validates();
    for (let i = 0; i < 4; i++) await h.advance(agent, MINUTE);
    expect(validates()).toBe(after);
    await h.advance(agent, 2 * MINUTE);
    expect(validates()).toBe(after + 1);
  });

  it('a machine removed from the subscription (no free seat) locks with machine_limit and the list', async () => {
    const { h, agent } = await activated();
    await agent.stop();
    h.worker.world.machineLimit = true;
    h.clock.advance(31 * MINUTE);
    const again = h.agent();
    await again.start();
    await h.advance(again, 0);
    expect(again.status()).toMatchObject({ state: 'locked', reason: 'machine_limit', canSell: false, problem: { code: 'MACHINE_LIMIT', machines: [{ id: 'old-1' }] } });
  });

  it('an answer whose license this app cannot verify is not obeyed, and does not lock either', async () => {
    const { h, agent } = await activated();
    h.worker.world.signWith = testKeyPair('rogue');
    const cached = cacheRow(h)?.license_file;
    await h.advance(agent, MINUTE);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, problem: { code: 'LICENSE_UNVERIFIED' } });
    expect(cacheRow(h)?.license_file).toBe(cached); // never cached
    h.worker.world.signWith = null;
    await h.advance(agent, 2 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'active', problem: null });
  });

  it('waking from sleep (a wall-clock jump between ticks) checks at once', async () => {
    const { h, agent } = await activated();
    await h.advance(agent, MINUTE);
    const validates = () => h.worker.operations().filter((o) => o === 'validate').length;
    expect(validates()).toBe(1);
    await h.advance(agent, 10 * MINUTE); // the 1-minute timer fires 9 minutes late
    expect(validates()).toBe(2);
  });
});

describe('clock', () => {
  it('a clock set back while running locks with clock_tampered until an online check succeeds', async () => {
    const { h, agent } = await activated();
    for (let i = 0; i < 10; i++) await h.advance(agent, MINUTE);
    h.worker.world.online = false;
    h.clock.advance(-2 * HOUR);
    await h.advance(agent, 0);
    expect(agent.state()).toBe('active'); // the timer has not fired yet: it runs on the real monotonic clock
    await agent.checkNow();
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
    await agent.checkNow();
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'clock_tampered' });

    h.worker.world.online = true;
    await agent.checkNow();
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true });
    await h.advance(agent, MINUTE);
    expect(agent.state()).toBe('active');
  });

  it('a clock set back before a restart is caught from the cache', async () => {
    const { h, agent } = await activated();
    for (let i = 0; i < 10; i++) await h.advance(agent, MINUTE);
    h.worker.world.online = false;
    await agent.stop();
    h.clock.advance(-HOUR);
    const s = await h.agent().start();
    expect(s).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
  });

  it('small NTP corrections are not tampering', async () => {
    const { h, agent } = await activated();
    await h.advance(agent, 10 * MINUTE);
    h.clock.advance(-2 * MINUTE);
    await agent.checkNow();
    expect(agent.state()).toBe('active');
  });
});

describe('the cache is verified, never trusted', () => {
  async function tamperedRestart(edit: (file: { alg: string; kid: string; payload: string; sig: string }) => string) {
    const { h } = await activated();
    const row = cacheRow(h) as { license_file: string };
    const file = JSON.parse(row.license_file) as { alg: string; kid: string; payload: string; sig: string };
    h.db.prepare('UPDATE license_cache SET license_file = ?').run(edit(file));
    h.worker.world.online = false;
    const agent = h.agent();
    const s = await agent.start();
    return { h, agent, s };
  }

  it('an edited payload (a later grace date) is ignored: the agent needs the network', async () => {
    const { h, agent, s } = await tamperedRestart((f) => {
      const p = JSON.parse(Buffer.from(f.payload, 'base64url').toString()) as Record<string, number>;
      p.offlineGraceUntil = (p.offlineGraceUntil ?? 0) + 365 * DAY;
      return JSON.stringify({ ...f, payload: Buffer.from(JSON.stringify(p)).toString('base64url') });
    });
    expect(s).toMatchObject({ state: 'locked', reason: 'license_unverified', canSell: false });
    h.worker.world.online = true;
    await h.advance(agent, 0);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true });
  });

  it('an edited signature is ignored', async () => {
    const { s } = await tamperedRestart((f) => JSON.stringify({ ...f, sig: `${f.sig.slice(0, -4)}AAAA` }));
    expect(s).toMatchObject({ state: 'locked', reason: 'license_unverified' });
  });

  it('an unknown key id or garbage is ignored, never a crash', async () => {
    expect((await tamperedRestart((f) => JSON.stringify({ ...f, kid: 'evil' }))).s.reason).toBe('license_unverified');
    expect((await tamperedRestart(() => '{not json')).s.reason).toBe('license_unverified');
  });

  it('a cache that names another fingerprint is ignored', async () => {
    const { h } = await activated();
    h.worker.world.online = false;
    const other = h.agent(MACHINE_B);
    expect((await other.start())).toMatchObject({ state: 'locked', reason: 'license_unverified', canSell: false });
  });
});

describe('device session', () => {
  it('another device holds the session: session_conflict with the holder, then takeOver', async () => {
    const h = agentHarness();
    h.worker.world.otherHolder = { machineName: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() - 30_000 };
    const agent = h.agent();
    await agent.start();
    await agent.activate(TEST_EMAIL, TEST_TOKEN);
    expect(agent.status()).toMatchObject({
      state: 'session_conflict', canSell: false,
      sessionHolder: { name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() - 30_000 },
    });
    const r = await agent.takeOver();
    expect(r.ok).toBe(true);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true, sessionHolder: null });
    expect(h.worker.operations().at(-1)).toBe('session/takeover');
  });

  it('taken over elsewhere: locked with taken_over at the next heartbeat, and can take it back', async () => {
    const { h, agent } = await activated();
    h.worker.world.endedReason = 'taken_over';
    await h.advance(agent, MINUTE);
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'taken_over', canSell: false });
    const before = h.worker.requests.length;
    await h.advance(agent, MINUTE);
    expect(h.worker.requests.length).toBe(before); // no heartbeats, no silent restart
    expect((await agent.takeOver()).ok).toBe(true);
    expect(agent.state()).toBe('active');
  });

  it('a session that timed out (e.g. after sleep) is simply started again', async () => {
    const { h, agent } = await activated();
    h.worker.world.endedReason = 'timed_out';
    await h.advance(agent, MINUTE);
    expect(agent.state()).toBe('active');
    expect(h.worker.operations().slice(-2)).toEqual(['session/heartbeat', 'session/start']);
  });

  it('a session the worker no longer knows is started again', async () => {
    const { h, agent } = await activated();
    h.worker.script.push({ status: 404, body: { success: false, requestId: 'r', error: { code: 'SESSION_NOT_FOUND', message: 'x', retryable: false } } });
    await h.advance(agent, MINUTE);
    expect(h.worker.operations().slice(-2)).toEqual(['session/heartbeat', 'session/start']);
    expect(agent.state()).toBe('active');
  });

  it('a restart resumes the saved session (no second seat); an ended one is replaced', async () => {
    const { h } = await activated();
    const again = h.agent();
    await again.start();
    await h.advance(again, 0);
    expect(h.worker.operations().at(-1)).toBe('session/heartbeat');
    expect(again.state()).toBe('active');
  });

  it('stop ends the session cleanly and forgets it', async () => {
    const { h, agent } = await activated();
    await agent.stop();
    expect(h.worker.operations().at(-1)).toBe('session/end');
    expect(cacheRow(h)?.session_id).toBeNull();
  });
});

describe('events', () => {
  it('publishes state changes for the UI', async () => {
    const h = agentHarness();
    const agent = h.agent();
    const seen: string[] = [];
    agent.on('state', (s) => seen.push(s.state));
    await agent.start();
    await agent.activate(TEST_EMAIL, TEST_TOKEN);
    h.worker.world.status = 'suspended';
    await h.advance(agent, MINUTE);
    expect(seen).toEqual(['unlicensed', 'active', 'suspended']);
  });
});

describe('computers on this subscription', () => {
  it('lists them with the cached credentials and marks this one as current', async () => {
    const { h, agent } = await activated();
    const r = await agent.listMachines();
    expect(h.worker.requests.at(-1)).toMatchObject({ path: '/machines', body: { email: TEST_EMAIL, token: TEST_TOKEN } });
    expect(r).toMatchObject({ ok: true, machines: [{ id: 'mach-1', name: 'TILL-1', current: true }, { id: 'old-1', name: 'OLD-PC', platform: 'win32', current: false }] });
  });

  it('answers NOT_ACTIVATED without credentials and passes a worker verdict on as a problem', async () => {
    const h = agentHarness();
    const fresh = h.agent();
    await fresh.start();
    expect(await fresh.listMachines()).toMatchObject({ ok: false, error: { code: 'NOT_ACTIVATED' } });
    expect(h.worker.requests).toHaveLength(0);

    const { h: h2, agent } = await activated();
    h2.worker.world.token = 'POS-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ'; // rotated elsewhere
    expect(await agent.listMachines()).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });
});
