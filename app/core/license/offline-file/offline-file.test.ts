/**
 * File mode's own rules on a real shop database, with files and revocation lists signed by a
 * throwaway offline key in the worker's exact format (protocol `signEnvelope`): which list wins,
 * who may import, and that file mode never talks to the network. The worker-issued path is in
 * offline-file.worker.test.ts.
 */
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import {
  OFFLINE_FILE_FORMAT, OFFLINE_REVOCATIONS_FORMAT, offlineFileSigningInput, revocationsSigningInput, signEnvelope,
  type OfflineFilePayload,
} from 'licensing-worker/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../api';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { fileSecretStore, secretsFileOf } from '../../secrets/file-store';
import { createAgent } from '../agent';
import { createLicenseClient } from '../client';
import { createFingerprinter, type RawComponents } from '../fingerprint';
import { offlineTrustedKeys, trustedKeys } from '../keys';
import { DAY_MS } from '../rules';
import { manualTimers } from '../testing/fake-worker';
import { withOfflineFile, type OfflineAwareAgent } from './agent';
import { offlineFileCommands } from './commands';
import { createOfflineFileStore } from './store';

const TILL: RawComponents = { machineId: 'unit-till', cpuModel: 'Intel N100', macs: '00:aa:bb:cc:dd:ee', osInstallId: 'unit-os' };

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    kid,
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    signer: webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']).then((k) => ({ kid, privateKey: k as CryptoKey })),
  };
}

const key = keyPair('unit-offline');
const stranger = keyPair('unit-offline'); // same kid, another key: a forger's

let shop: TestShop;
let agent: OfflineAwareAgent;
let api: Api;
let fetchCalls: string[];
let timers: ReturnType<typeof manualTimers>;

beforeEach(async () => {
  shop = await createTestShop(Date.now());
  timers = manualTimers(shop.clock);
  fetchCalls = [];
  agent = restartedAgent();
  api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands: offlineFileCommands(agent) });
});
afterEach(async () => {
  await agent.stop();
  shop.cleanup();
});

/** This till's agent over the shop's database and secret store (a new one = a restart). */
function restartedAgent(): OfflineAwareAgent {
  const fingerprinter = createFingerprinter({ readComponents: async () => TILL, machineName: () => 'UNIT', platform: 'win32' });
  const recording: typeof fetch = async (input) => {
    fetchCalls.push(String(input));
    throw new Error('no network in this test');
  };
  const secrets = fileSecretStore({ file: secretsFileOf(shop.dir) });
  const online = createAgent({
    db: shop.db, clock: shop.clock, timers, fingerprinter, secrets,
    keys: trustedKeys({ packaged: false, builtIn: {}, extraKeys: {} }),
    client: createLicenseClient({ baseUrl: 'http://licensing.invalid', fetch: recording, maxRetries: 0 }),
  });
  return withOfflineFile({
    online, fingerprinter, clock: shop.clock, timers, store: createOfflineFileStore(shop.db), secrets,
    keys: offlineTrustedKeys({ packaged: false, builtIn: {}, extraKeys: { [key.kid]: key.publicKey } }),
    fetchRevocations: async () => { fetchCalls.push('revocations'); return null; },
  });
}

async function fileFor(signer: Promise<{ kid: string; privateKey: CryptoKey }>, overrides: Partial<OfflineFilePayload> = {}): Promise<string> {
  const { hardware } = { hardware: await agent.hardwareId() };
  const payload: OfflineFilePayload = {
    v: 1, fileId: 'olf_unit1', hardware: { fingerprint: hardware.fingerprint, components: hardware.components },
    customer: 'Unit Café', distributor: 'Unit Reseller', issuedAt: shop.clock.now(), expiresAt: shop.clock.now() + 30 * DAY_MS, seats: 1, ...overrides,
  };
  return JSON.stringify(await signEnvelope(OFFLINE_FILE_FORMAT, offlineFileSigningInput, await signer, payload));
}

const listOf = async (revoked: string[], issuedAt: number, signer = key.signer) =>
  JSON.stringify(await signEnvelope(OFFLINE_REVOCATIONS_FORMAT, revocationsSigningInput, await signer, { v: 1, issuedAt, revoked }));

describe('file mode rules', () => {
  it('only the owner (or the main computer at first run) imports a file or reads the Hardware ID; a cashier is refused', async () => {
    await agent.start();
    const text = await fileFor(key.signer);
    expect(await api.call('license.importFile', { text }, shop.cashier)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await api.call('license.hardwareId', {}, shop.manager)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(agent.mode()).toBe('online');
    const imported = await api.call('license.importFile', { text }, shop.owner);
    expect(imported).toMatchObject({ ok: true, value: { state: 'active', canSell: true, offlineFile: { customer: 'Unit Café', distributor: 'Unit Reseller' } } });
    const hw = await api.call<{ hardwareId: string }>('license.hardwareId', {}, shop.owner);
    expect(hw.ok && hw.value.hardwareId).toMatch(/^POSPAL-HW1-/);
  });

  it('a file signed by another key under the trusted kid is refused (OFFLINE_FILE_INVALID)', async () => {
    await agent.start();
    expect(await agent.importFile(await fileFor(stranger.signer))).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_INVALID' } });
  });

  it('a revocation list is obeyed only if signed by the offline key, and an older list never replaces a newer one', async () => {
    await agent.start();
    await agent.importFile(await fileFor(key.signer));
    await agent.noteRevocations(await listOf(['olf_unit1'], shop.clock.now(), stranger.signer));
    expect(agent.canSell()).toBe(true);
    await agent.noteRevocations(await listOf(['olf_unit1'], shop.clock.now()));
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'file_revoked' });
    // Replaying an older list (from before the revocation) does not un-revoke.
    await agent.noteRevocations(await listOf([], shop.clock.now() - DAY_MS));
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'file_revoked' });
    expect((shop.db.prepare('SELECT signed FROM offline_revocations').get() as { signed: string }).signed).toContain('"format":"pospal-offline-revocations"');
  });

  it('a perpetual file sells for years; file mode never starts the online agent nor fetches anything by itself', async () => {
    await agent.start();
    await agent.importFile(await fileFor(key.signer, { expiresAt: null }));
    for (let i = 0; i < 24; i++) {
      shop.clock.advance(60 * DAY_MS);
      timers.fireDue();
    }
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true, daysLeft: null, offlineFile: { expiresAt: null } });
    expect(fetchCalls).toEqual([]);
  });

  it('editing the database\'s time floor does not hide a clock set back: the secret store keeps the second copy', async () => {
    await agent.start();
    await agent.importFile(await fileFor(key.signer, { expiresAt: shop.clock.now() + 20 * DAY_MS }));
    for (let day = 0; day < 25; day++) {
      shop.clock.advance(DAY_MS);
      timers.fireDue();
      agent.status();
    }
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'file_expired' });
    await agent.stop();
    // The shop lowers the floor in its own database and sets the clock back into the file's life.
    shop.db.prepare('UPDATE offline_license SET highest_seen_at = 0').run();
    shop.clock.advance(-10 * DAY_MS);
    const again = restartedAgent();
    expect(await again.start()).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
    await again.stop();
  });

  it('subscription actions are refused in file mode with a code the UI explains', async () => {
    await agent.start();
    await agent.importFile(await fileFor(key.signer));
    expect(await agent.takeOver()).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_MODE' } });
    expect(await agent.listMachines()).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_MODE' } });
    expect(await api.call('license.removeFile', {}, shop.owner)).toMatchObject({ ok: true, value: { state: 'unlicensed', offlineFile: null } });
  });
});
