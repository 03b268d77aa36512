/**
 * The free trial end to end on the app's side (issue 13 §1), over the REAL local worker (workerd,
 * local D1, development billing, a 2-day trial): the license commands as bootstrap builds them,
 * the agent as the API's license gate, a real SQLite shop. Start a trial → sell → the clock
 * passes the trial's end → selling locks, reports stay open → Subscribe (dev billing) → selling
 * again on the same shop data, with the same token and no new activation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../api';
import { createTestShop, type TestShop } from '../api/test-shop';
import { memorySecretStore, type SecretStore } from '../secrets/secret-store';
import type { SessionStaff } from '../pos/staff/permissions';
import { createAgent, type LicenseAgent } from './agent';
import { createLicenseCache } from './cache';
import { claimHashOf } from './claim';
import { createLicenseClient } from './client';
import { licenseCommands, type LicenseView } from './commands';
import { createFingerprinter, type RawComponents } from './fingerprint';
import { trustedKeys } from './keys';
import { payDevCheckout } from './testing/dev-billing';
import { MACHINE_A, MACHINE_B } from './testing/harness';
import { manualTimers } from './testing/fake-worker';
import { startRealWorker, type LocalWorker } from './testing/real-worker';

const DAY = 86_400_000;
const TRIAL_DAYS = 2;

let worker: LocalWorker;
beforeAll(async () => {
  worker = await startRealWorker({ TRIAL_SECONDS: String(TRIAL_DAYS * 86_400) });
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

interface TrialTill {
  shop: TestShop;
  agent: LicenseAgent;
  api: Api;
  secrets: SecretStore;
  advance(ms: number): Promise<void>;
  ok<T>(name: string, input: unknown, as?: SessionStaff): Promise<T>;
  fail(name: string, input: unknown, as?: SessionStaff): Promise<{ code: string }>;
}

/** A till: the seeded test shop, its own secret store, the real agent as the license gate. */
async function trialTill(components: RawComponents): Promise<TrialTill> {
  const shop = await createTestShop(Date.now());
  const secrets = memorySecretStore();
  const timers = manualTimers(shop.clock);
  const client = createLicenseClient({ baseUrl: worker.url, baseDelayMs: 20, maxDelayMs: 100 });
  const agent = createAgent({
    db: shop.db, secrets, clock: shop.clock, timers, random: () => 0.5, appVersion: '0.1.0', client,
    keys: trustedKeys({ packaged: false, builtIn: {}, extraKeys: { [worker.kid]: worker.publicKey } }),
    fingerprinter: createFingerprinter({ readComponents: async () => components, machineName: () => 'TRIAL-TILL', platform: 'linux' }),
  });
  await agent.start();
  const commands = licenseCommands({ agent, cache: createLicenseCache(shop.db, secrets), billing: client, secrets });
  const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
  const call = (name: string, input: unknown, as: SessionStaff) => api.call(name, input, as);
  return {
    shop, agent, api, secrets,
    async advance(ms) {
      shop.clock.advance(ms);
      timers.fireDue();
      await agent.whenIdle();
    },
    async ok<T>(name: string, input: unknown, as: SessionStaff = shop.owner) {
      const r = await call(name, input, as);
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
      return r.value as T;
    },
    async fail(name, input, as = shop.owner) {
      const r = await call(name, input, as);
      if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
      return r.error;
    },
  };
}

const unique = (c: RawComponents): RawComponents => ({ ...c, machineId: `${c.machineId}-${randomUUID()}`, productUuid: `${c.productUuid}-${randomUUID()}` });

async function sell(till: TrialTill): Promise<string> {
  const { shop } = till;
  const order = await till.ok<{ id: string }>('order.create', {}, shop.cashier);
  const view = await till.ok<{ totalCents: number }>('order.addLine', { orderId: order.id, itemId: shop.items.coffee }, shop.cashier);
  await till.ok('payment.take', { orderId: order.id, tenders: [{ method: 'card', amountCents: view.totalCents }] }, shop.cashier);
  return order.id;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('free trial (app side, real worker)', () => {
  it('start → sell → trial ends: locked, reports open → subscribe (dev billing) → sells again, same shop', async () => {
    const till = await trialTill(unique(MACHINE_A));
    const email = `trial-${randomUUID().slice(0, 8)}@cafe.example`;
    expect(await till.ok('billing.trialTerms', {})).toEqual({ available: true, seconds: TRIAL_DAYS * 86_400, days: TRIAL_DAYS });

    const started = await till.ok<LicenseView>('license.startTrial', { email, language: 'en' });
    expect(started).toMatchObject({ state: 'active', subscriptionStatus: 'trial', customerEmail: email, trialDaysLeft: TRIAL_DAYS, trialWarning: true, canSell: true });
    expect(started.trialEndsAt).toBeGreaterThan(Date.now() + (TRIAL_DAYS * DAY) - 60_000);
    // Session-bound like a subscription: the agent holds the session and earned grace up to the trial's end only.
    expect(started.offlineGraceUntil).toBe(started.trialEndsAt);
    const firstOrder = await sell(till);

    await till.advance(TRIAL_DAYS * DAY + 60_000);
    expect(till.agent.status()).toMatchObject({ state: 'locked', reason: 'trial_ended', canSell: false });
    expect((await till.fail('order.create', {}, till.shop.cashier)).code).toBe('LICENSE_NOT_ACTIVE');
    // The shop's data stays open: the order, the sales report.
    expect(await till.ok('order.get', { orderId: firstOrder }, till.shop.cashier)).toMatchObject({ id: firstOrder });
    const range = { from: dayOf(Date.now() - DAY), to: dayOf(till.shop.clock.now() + DAY) };
    const report = await till.ok<{ totals: { orderCount: number } }>('reports.sales', range, till.shop.owner);
    expect(report.totals.orderCount).toBe(1);

    // Subscribe: the checkout carries the trial's claim, so the payment converts this customer.
    const checkout = await till.ok<{ sessionId: string; convertsTrial: boolean }>('license.checkout', { email, name: 'Maria', businessName: 'Café Trial' });
    expect(checkout.convertsTrial).toBe(true);
    await payDevCheckout(worker.url, checkout.sessionId);
    const tokenBefore = await till.secrets.get('unlockToken');
    const after = await till.ok<LicenseView>('license.check', {});
    expect(after).toMatchObject({ state: 'active', subscriptionStatus: 'active', trialEndsAt: null, canSell: true, customerEmail: email });
    expect(await till.secrets.get('unlockToken')).toBe(tokenBefore);
    // The session's next heartbeat says the same (the worker's sessions object was told).
    await till.advance(61_000);
    expect(till.agent.status()).toMatchObject({ state: 'active', subscriptionStatus: 'active', canSell: true });
    const secondOrder = await sell(till);
    expect(secondOrder).not.toBe(firstOrder);
    expect((await till.ok<{ totals: { orderCount: number } }>('reports.sales', range, till.shop.owner)).totals.orderCount).toBe(2);
    await till.agent.stop();
  });

  it('a second trial on the same computer (its data deleted, another email) is refused with TRIAL_USED', async () => {
    const machine = unique(MACHINE_B);
    const first = await trialTill(machine);
    await first.ok('license.startTrial', { email: `one-${randomUUID().slice(0, 8)}@cafe.example` });
    await first.agent.stop();
    const reinstalled = await trialTill(machine); // a fresh database and secret store
    const refused = await reinstalled.fail('license.startTrial', { email: `two-${randomUUID().slice(0, 8)}@cafe.example` });
    expect(refused.code).toBe('TRIAL_USED');
    expect(reinstalled.agent.status().state).toBe('unlicensed');
    // Its claim secret was kept only for the conversion that will never come; the hash is what left.
    expect(claimHashOf((await reinstalled.secrets.get('trialClaimSecret'))!)).toMatch(/^[0-9a-f]{64}$/);
    await reinstalled.agent.stop();
  });
});
