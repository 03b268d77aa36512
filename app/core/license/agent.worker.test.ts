/**
 * The agent against the REAL licensing worker (workerd, local D1, development billing):
 * licenses signed by the worker's key, sessions and billing events from its own code.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLicenseClient } from './client';
import { runLicenseCli } from './cli';
import { createFingerprinter, type RawComponents } from './fingerprint';
import { buyDevSubscription, payDevCheckout, simulateBilling, startDevCheckout } from './testing/dev-billing';
import { MACHINE_A, MACHINE_B } from './testing/harness';
import { closedPortUrl, machine, startRealWorker, type LocalWorker } from './testing/real-worker';
import { sessionDroppingProxy, type SessionDroppingProxy } from './testing/session-dropping-proxy';

const DAY = 24 * 3600_000;
let worker: LocalWorker;

beforeAll(async () => {
  worker = await startRealWorker();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

const newEmail = () => `shop-${randomUUID().slice(0, 8)}@cafe.example`;

async function activatedMachine(name = 'TILL-1', components: RawComponents = MACHINE_A) {
  const purchase = await buyDevSubscription(worker.url, newEmail());
  const m = machine(worker, name, components);
  const agent = m.agent();
  await agent.start();
  const result = await agent.activate(purchase.email, purchase.token);
  expect(result).toMatchObject({ ok: true, status: { state: 'active', canSell: true, customerEmail: purchase.email } });
  return { purchase, m, agent };
}

describe('license agent × real worker', () => {
  it('buy a dev subscription → activate → restart with the network cut → unlocked from cache with no request made', async () => {
    const { m, agent } = await activatedMachine();
    expect(agent.status().machine?.id).toEqual(expect.any(String));
    expect(m.requests.filter((r) => r.endsWith('/validate-unified'))).toHaveLength(2); // validate + session start
    await agent.stop();

    const cut = await closedPortUrl();
    const before = m.requests.length;
    const again = m.agent({ url: cut });
    const status = await again.start();
    expect(status).toMatchObject({ state: 'active', canSell: true });
    expect(m.requests.length).toBe(before); // unlocked before any network call
    await m.advance(again, 0); // then the network work runs, and fails: still selling
    expect(m.requests.length).toBeGreaterThan(before);
    expect(again.canSell()).toBe(true);
  });

  it('11 days offline → locked (offline_expired)', async () => {
    const { m, agent } = await activatedMachine();
    await agent.stop();
    m.clock.advance(11 * DAY);
    const later = m.agent({ url: await closedPortUrl() });
    expect(await later.start()).toMatchObject({ state: 'locked', reason: 'offline_expired', canSell: false });
  });

  it('9½ days offline still sells, with the day-7 warning', async () => {
    const { m, agent } = await activatedMachine();
    await agent.stop();
    m.clock.advance(9.5 * DAY);
    const later = m.agent({ url: await closedPortUrl() });
    await later.start();
    await m.advance(later, 0);
    expect(later.status()).toMatchObject({ state: 'offline_grace', canSell: true, warning: true, daysLeft: 1 });
  });

  it('clock set back → clock_tampered; an online check clears it', async () => {
    const { m, agent } = await activatedMachine();
    await agent.stop();
    m.clock.advance(-2 * 3600_000);
    const back = m.agent({ url: await closedPortUrl() });
    expect(await back.start()).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
    const online = m.agent();
    await online.start();
    await m.advance(online, 0);
    expect(online.status()).toMatchObject({ state: 'active', canSell: true });
    await online.stop();
  });

  it('cache edited in the database (payload or signature) → ignored', async () => {
    const { m, agent } = await activatedMachine();
    await agent.stop();
    const row = m.db.prepare('SELECT license_file FROM license_cache').get() as { license_file: string };
    const file = JSON.parse(row.license_file) as { payload: string; sig: string };
    const payload = JSON.parse(Buffer.from(file.payload, 'base64url').toString()) as Record<string, unknown>;
    const edits = [
      JSON.stringify({ ...file, payload: Buffer.from(JSON.stringify({ ...payload, offlineGraceUntil: Date.now() + 400 * DAY })).toString('base64url') }),
      JSON.stringify({ ...file, sig: `${file.sig.slice(0, -3)}${file.sig.endsWith('A') ? 'BBB' : 'AAA'}` }),
    ];
    for (const edited of edits) {
      m.db.prepare('UPDATE license_cache SET license_file = ?').run(edited);
      const offline = m.agent({ url: await closedPortUrl() });
      expect(await offline.start()).toMatchObject({ state: 'locked', reason: 'license_unverified', canSell: false });
    }
    // With the network, the worker's answer replaces the edited cache.
    const online = m.agent();
    await online.start();
    await m.advance(online, 0);
    expect(online.status()).toMatchObject({ state: 'active', canSell: true });
    await online.stop();
  });

  it('payment failure simulated → locked at the next check; renewal unlocks', async () => {
    const { purchase, m, agent } = await activatedMachine();
    await simulateBilling(worker.url, purchase.email, 'payment_failed');
    expect(agent.canSell()).toBe(true); // nothing known yet
    await m.advance(agent, 60_000); // next heartbeat = next check
    expect(agent.status()).toMatchObject({ state: 'suspended', canSell: false, subscriptionStatus: 'suspended' });
    await simulateBilling(worker.url, purchase.email, 'renewal');
    const status = await agent.checkNow(); // "Check again" on the suspended screen
    expect(status).toMatchObject({ state: 'active', canSell: true });
    await agent.stop();
  });

  it('second machine → session_conflict → takeOver → the first locks with taken_over at its next heartbeat', async () => {
    const { purchase, m: till, agent: first } = await activatedMachine('TILL-1', MACHINE_A);
    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent();
    await second.start();
    const r = await second.activate(purchase.email, purchase.token);
    expect(r.ok).toBe(true);
    expect(second.status()).toMatchObject({ state: 'session_conflict', canSell: false, sessionHolder: { name: 'TILL-1', platform: 'linux' } });
    const listed = await second.listMachines();
    expect(listed.ok && listed.machines.map((x) => [x.name, x.current]).sort()).toEqual([['OFFICE-PC', true], ['TILL-1', false]]);

    expect((await second.takeOver()).ok).toBe(true);
    expect(second.status()).toMatchObject({ state: 'active', canSell: true });

    await till.advance(first, 60_000);
    expect(first.status()).toMatchObject({ state: 'locked', reason: 'taken_over', canSell: false });
    // and it can take it back
    expect((await first.takeOver()).ok).toBe(true);
    await office.advance(second, 60_000);
    expect(second.status()).toMatchObject({ state: 'locked', reason: 'taken_over' });
    await first.stop();
  });

  it('one network card changed → the same machine, no new seat', async () => {
    const { purchase, m, agent } = await activatedMachine('TILL-1', MACHINE_A);
    const machineId = agent.status().machine?.id;
    await agent.stop();
    const newNic = { ...MACHINE_A, macs: '00:1a:2b:3c:4d:99' };
    // The worker says how it matched: by a majority of components, not as a new machine.
    const id = await createFingerprinter({ readComponents: async () => newNic }).identity();
    const client = createLicenseClient({ baseUrl: worker.url });
    const device = { machineFingerprint: id.fingerprint, components: id.components, name: 'TILL-1', platform: 'linux', appVersion: '0.1.0' };
    const res = await client.unified({ operation: 'validate', credentials: { email: purchase.email, token: purchase.token }, device });
    expect(res.ok && res.data.machine).toEqual({ id: machineId, matchedBy: 'components' });

    const repaired = machine(worker, 'TILL-1', newNic);
    const after = repaired.agent();
    await after.start();
    expect((await after.activate(purchase.email, purchase.token)).ok).toBe(true);
    expect(after.status().machine?.id).toBe(machineId);
    void m;
    await after.stop();
  });

  it('instant activation after an in-app checkout: no token typed', async () => {
    const email = newEmail();
    const { stripeSessionId, claimSecret } = await startDevCheckout(worker.url, email);
    const m = machine(worker, 'TILL-1', MACHINE_A);
    const agent = m.agent();
    await agent.start();
    const pending = agent.activateInstant(email, stripeSessionId, claimSecret, { pollMs: 200, timeoutMs: 60_000 });
    // The agent polls while the customer pays.
    let polls = 0;
    const poller = setInterval(() => { polls += 1; m.clock.advance(200); m.timers.fireDue(); }, 50);
    try {
      await new Promise((r) => setTimeout(r, 500));
      await payDevCheckout(worker.url, stripeSessionId);
      const result = await pending;
      expect(result).toMatchObject({ ok: true, status: { state: 'active', customerEmail: email } });
    } finally {
      clearInterval(poller);
    }
    expect(polls).toBeGreaterThan(0);
    await agent.stop();
  });

  it('the support CLI activates, shows the status and deactivates against the worker', async () => {
    const purchase = await buyDevSubscription(worker.url, newEmail());
    const env = { POSPAL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pospal-cli-')), POSPAL_LICENSE_URL: worker.url, POSPAL_LICENSE_KEYS: `${worker.kid}=${worker.publicKey}` };
    const activated = await runLicenseCli(['activate', purchase.email, purchase.token], env);
    expect(activated).toMatchObject({ exitCode: 0, output: { ok: true, status: { state: 'active', customerEmail: purchase.email } } });
    process.stdout.write(`license CLI activate → ${JSON.stringify(activated.output)}\n`);
    const status = await runLicenseCli(['status'], env);
    expect(status).toMatchObject({ exitCode: 0, output: { status: { state: 'active', canSell: true } } });
    const wrong = await runLicenseCli(['activate', purchase.email, 'POS-00000-00000-00000-00000'], env);
    expect(wrong).toMatchObject({ exitCode: 1, output: { ok: false, error: { code: 'INVALID_CREDENTIALS' } } });
    const gone = await runLicenseCli(['deactivate'], env);
    expect(gone).toMatchObject({ exitCode: 0, output: { ok: true, status: { state: 'unlicensed' } } });
  });
});

describe('issue 8 rule 3: the offline allowance belongs to the session holder (proxy attack)', () => {
  const proxies: SessionDroppingProxy[] = [];
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
  });
  async function proxy(): Promise<SessionDroppingProxy> {
    const p = await sessionDroppingProxy(worker.url);
    proxies.push(p);
    return p;
  }

  it('a second till behind a proxy that passes validate but drops session calls stays locked; the holder keeps selling', async () => {
    const { purchase, m: till, agent: holder } = await activatedMachine('TILL-1', MACHINE_A);
    const attack = await proxy();
    attack.dropSessions = true;
    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent({ url: attack.url });
    await second.start();
    const r = await second.activate(purchase.email, purchase.token);
    expect(r.ok).toBe(true); // the credentials are right…
    expect(second.status()).toMatchObject({ canSell: false, state: 'locked', reason: 'offline_expired' }); // …but no session, no allowance
    for (let i = 0; i < 6; i++) await office.advance(second, 20 * 60_000); // two hours of ticks
    expect(attack.forwarded.filter((c) => c === 'validate').length).toBeGreaterThan(1); // validates got through
    expect(attack.dropped.filter((c) => c === 'session/start').length).toBeGreaterThan(1);
    expect(second.canSell()).toBe(false);
    // A restart behind the proxy: still nothing to sell on.
    const again = office.agent({ url: attack.url });
    expect((await again.start()).canSell).toBe(false);
    await office.advance(again, 0);
    expect(again.canSell()).toBe(false);

    await till.advance(holder, 60_000);
    expect(holder.status()).toMatchObject({ state: 'active', canSell: true });
    await holder.stop();
  });

  it('roles swapped after a takeover: the taken-over till whose session calls are dropped locks at its next validate, also after a restart', async () => {
    const purchase = await buyDevSubscription(worker.url, newEmail());
    const attack = await proxy();
    const till = machine(worker, 'TILL-1', MACHINE_A);
    const first = till.agent({ url: attack.url }); // passes everything for now
    await first.start();
    expect((await first.activate(purchase.email, purchase.token)).ok).toBe(true);
    expect(first.canSell()).toBe(true);

    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent();
    await second.start();
    await second.activate(purchase.email, purchase.token);
    expect((await second.takeOver()).ok).toBe(true);
    expect(second.status()).toMatchObject({ state: 'active', canSell: true });

    // The first till's owner now drops its session calls, so it never hears SESSION_ENDED.
    attack.dropSessions = true;
    for (let i = 0; i < 3 && first.canSell(); i++) await till.advance(first, 60_000);
    expect(attack.dropped).toContain('session/heartbeat');
    expect(attack.forwarded).toContain('validate');
    expect(first.status()).toMatchObject({ state: 'locked', reason: 'taken_over', canSell: false });

    const restarted = till.agent({ url: attack.url });
    expect((await restarted.start()).canSell).toBe(false);
    for (let i = 0; i < 3; i++) await till.advance(restarted, 60_000);
    expect(restarted.canSell()).toBe(false);

    await office.advance(second, 60_000);
    expect(second.status()).toMatchObject({ state: 'active', canSell: true });
    await second.stop();
  });

  it('the honest till whose session calls fail for a while sells on its last heartbeat\'s grace (banner from the signed date), and not a moment longer', async () => {
    const purchase = await buyDevSubscription(worker.url, newEmail());
    const outage = await proxy();
    const till = machine(worker, 'TILL-1', MACHINE_A);
    const agent = till.agent({ url: outage.url });
    await agent.start();
    expect((await agent.activate(purchase.email, purchase.token)).ok).toBe(true);
    await till.advance(agent, 60_000); // one good heartbeat
    const earned = agent.status().offlineGraceUntil;
    expect(earned).toEqual(expect.any(Number));

    outage.dropSessions = true;
    for (let i = 0; i < 4; i++) await till.advance(agent, 12 * 3600_000); // two days
    expect(outage.forwarded.filter((c) => c === 'validate').length).toBeGreaterThan(1);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, daysLeft: 8, warning: false, offlineGraceUntil: earned });

    for (let i = 0; i < 12; i++) await till.advance(agent, 12 * 3600_000); // day 8
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, daysLeft: 2, warning: true, offlineGraceUntil: earned });

    for (let i = 0; i < 5; i++) await till.advance(agent, 12 * 3600_000); // day 10½: validate still answers
    expect(agent.status()).toMatchObject({ canSell: false, state: 'locked', reason: 'offline_expired' });

    // (The worker's clock did not move with this till's, so recovery is shown in agent.test.ts.)
    await agent.stop();
  });

  it('a till that learned at its heartbeat that it was taken over stays locked after a restart with the network cut', async () => {
    const { purchase, m: till, agent: first } = await activatedMachine('TILL-1', MACHINE_A);
    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent();
    await second.start();
    await second.activate(purchase.email, purchase.token);
    expect((await second.takeOver()).ok).toBe(true);
    await till.advance(first, 60_000);
    expect(first.status()).toMatchObject({ state: 'locked', reason: 'taken_over' });
    const cut = till.agent({ url: await closedPortUrl() });
    expect((await cut.start()).canSell).toBe(false);
    await till.advance(cut, 0);
    expect(cut.canSell()).toBe(false);
    await second.stop();
  });

  it('a till that meets the takeover dialog (its seat taken while it was closed) stays locked after a restart with the network cut', async () => {
    const { purchase, m: till, agent: first } = await activatedMachine('TILL-1', MACHINE_A);
    await first.stop();
    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent();
    await second.start();
    await second.activate(purchase.email, purchase.token); // the seat was free: no takeover needed
    expect(second.status()).toMatchObject({ state: 'active' });
    const back = till.agent();
    await back.start();
    await till.advance(back, 0);
    expect(back.status()).toMatchObject({ state: 'session_conflict', canSell: false });
    const cut = till.agent({ url: await closedPortUrl() });
    expect((await cut.start()).canSell).toBe(false);
    await second.stop();
  });

  it('a taken-over till that cannot reach the worker at all sells at most until the grace its last session earned (the documented limit)', async () => {
    const { purchase, m: till, agent: first } = await activatedMachine('TILL-1', MACHINE_A);
    await till.advance(first, 60_000);
    const earned = first.status().offlineGraceUntil ?? 0;
    await first.stop(); // the process dies with the cache as it was; its session is taken over meanwhile
    const office = machine(worker, 'OFFICE-PC', MACHINE_B);
    const second = office.agent();
    await second.start();
    await second.activate(purchase.email, purchase.token);
    expect((await second.takeOver()).ok).toBe(true);

    const cut = till.agent({ url: await closedPortUrl() });
    await cut.start();
    await till.advance(cut, 0);
    expect(cut.status()).toMatchObject({ canSell: true, state: 'offline_grace', offlineGraceUntil: earned });
    till.clock.advance(earned - till.clock.now());
    await till.advance(cut, 1);
    expect(cut.status()).toMatchObject({ canSell: false, state: 'locked', reason: 'offline_expired' });
    await second.stop();
  });
});
