/**
 * Offline license files (issue 13 §4) end to end in core: files issued by the REAL local worker
 * (workerd, local D1, its own offline key) through `npm run license:issue`'s client, imported
 * into tills with their own SQLite file, components, clock and timers. File mode must sell with
 * no network at all and still obey the file's rules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axios, { type AxiosAdapter } from 'axios';
import { verifyLicenseFile } from 'licensing-worker/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api';
import { manualClock } from '../../clock';
import { createTestShop } from '../../api/test-shop';
import { openDatabase, type Db } from '../../db';
import { fileSecretStore, secretsFileOf } from '../../secrets/file-store';
import { createAgent } from '../agent';
import { createLicenseClient } from '../client';
import { createFingerprinter, type RawComponents } from '../fingerprint';
import { offlineTrustedKeys, trustedKeys } from '../keys';
import { DAY_MS } from '../rules';
import { buyDevSubscription } from '../testing/dev-billing';
import { manualTimers } from '../testing/fake-worker';
import { startRealWorker, type LocalWorker } from '../testing/real-worker';
import { withOfflineFile } from './agent';
import { recordingRevocations, revocationFetcher } from './revocations';
import { createOfflineFileStore } from './store';

interface IssueRequest { url: string; auth: unknown; body: Record<string, unknown>; out?: string }
interface IssueScript {
  parseIssueArgs(argv: string[], env: Record<string, string>): { ok: true; request: IssueRequest } | { ok: false; error: string };
  issueOfflineLicense(request: IssueRequest): Promise<{ file: { id: string; expiresAt: number | null }; licenseFile: string }>;
  consoleHeaders(request: IssueRequest): Promise<Record<string, string>>;
}

const scriptPath = fileURLToPath(new URL('../../../../scripts/license-issue.mjs', import.meta.url));
let worker: LocalWorker;
let script: IssueScript;

beforeAll(async () => {
  worker = await startRealWorker();
  script = (await import(/* @vite-ignore */ scriptPath)) as IssueScript;
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

/** A Windows till reads 4 components: one changed part keeps the file, two don't. */
const WIN_TILL: RawComponents = { machineId: 'win-till-guid-1', cpuModel: 'Intel Celeron J4125', macs: '00:1a:2b:3c:4d:5e', osInstallId: '00330-80000-00000-AA123' };
const OTHER_PC: RawComponents = { machineId: 'office-pc-guid', cpuModel: 'AMD Ryzen 5', macs: '11:22:33:44:55:66', osInstallId: '00330-80000-11111-BB456' };

function till(name: string, components: RawComponents, shop?: { db: Db; dir: string }) {
  const dir = shop?.dir ?? mkdtempSync(join(tmpdir(), `pospal-file-${name}-`));
  const db = shop?.db ?? openDatabase({ file: join(dir, 'pospal.db') });
  const clock = manualClock(Date.now());
  const timers = manualTimers(clock);
  // Every request this till makes, by either path: axios (the agent's client) and fetch.
  const network: string[] = [];
  const http = axios.getAdapter('http');
  const counting: AxiosAdapter = (config) => {
    network.push(`${config.baseURL ?? ''}${config.url ?? ''}`);
    return http(config);
  };
  const recordingFetch: typeof fetch = (input, init) => {
    network.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  const fingerprinter = createFingerprinter({ readComponents: async () => components, machineName: () => name, platform: 'win32' });
  const sink = { onList: (_signed: string): void => undefined };
  const online = createAgent({
    db, clock, timers, fingerprinter, appVersion: '0.1.0', random: () => 0.5,
    secrets: fileSecretStore({ file: secretsFileOf(dir) }),
    keys: trustedKeys({ packaged: false, builtIn: {}, extraKeys: { [worker.kid]: worker.publicKey } }),
    client: recordingRevocations(createLicenseClient({ baseUrl: worker.url, adapter: counting, baseDelayMs: 20, maxDelayMs: 100 }), (s) => sink.onList(s)),
  });
  const agent = withOfflineFile({
    online, fingerprinter, clock, timers,
    store: createOfflineFileStore(db),
    keys: offlineTrustedKeys({ packaged: false, builtIn: {}, extraKeys: { [worker.offlineKid]: worker.offlinePublicKey } }),
    fetchRevocations: revocationFetcher(worker.url, recordingFetch),
  });
  sink.onList = (signed) => void agent.noteRevocations(signed);
  return {
    db, dir, clock, timers, network, agent,
    async advance(ms: number) {
      clock.advance(ms);
      timers.fireDue();
      await agent.whenIdle();
    },
  };
}
type Till = ReturnType<typeof till>;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function issueFor(t: Till, customer: string, until: string | 'never' = isoDay(Date.now() + 365 * DAY_MS)) {
  const { hardwareId } = await t.agent.hardwareId();
  const parsed = script.parseIssueArgs(['--hardware-id', hardwareId, '--customer', customer, '--until', until, '--distributor', 'Kafeneio Systems'], { POSPAL_ADMIN_URL: worker.url });
  if (!parsed.ok) throw new Error(parsed.error);
  return script.issueOfflineLicense(parsed.request);
}

async function revoke(fileId: string) {
  const request = { url: worker.url, auth: { kind: 'dev', email: 'owner@pospal.local' }, body: {} };
  const headers = { 'Content-Type': 'application/json', ...(await script.consoleHeaders(request)) };
  const res = await fetch(`${worker.url}/admin/api/offline-files/${fileId}/revoke`, { method: 'POST', headers, body: JSON.stringify({ reason: 'test' }) });
  expect(res.status).toBe(200);
}

describe('offline license files × real worker', () => {
  it('a file issued by the worker sells with no network call at all: no validation, no heartbeat, no session, for weeks', async () => {
    const t = till('file-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile } = await issueFor(t, 'Taverna Nikos');
    const imported = await t.agent.importFile(licenseFile);
    expect(imported).toMatchObject({ ok: true, status: { state: 'active', canSell: true, offlineFile: { customer: 'Taverna Nikos', distributor: 'Kafeneio Systems' } } });
    expect(t.agent.mode()).toBe('file');
    for (let day = 0; day < 40; day++) await t.advance(DAY_MS);
    expect(t.agent.canSell()).toBe(true);
    // A restart on the file: still selling, still silent.
    await t.agent.stop();
    const again = till('file-till', WIN_TILL);
    expect(t.network).toEqual([]);
    expect(again.network).toEqual([]);
  });

  it('a restart keeps file mode and makes no request', async () => {
    const t = till('restart-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile } = await issueFor(t, 'Restart Café');
    await t.agent.importFile(licenseFile);
    await t.agent.stop();
    // Same database, same machine: a second agent over it.
    const fingerprinter = createFingerprinter({ readComponents: async () => WIN_TILL, machineName: () => 'restart-till', platform: 'win32' });
    const onlineRequests: string[] = [];
    const online = createAgent({
      db: t.db, clock: t.clock, timers: t.timers, fingerprinter, secrets: fileSecretStore({ file: secretsFileOf(t.dir) }),
      keys: trustedKeys({ packaged: false, builtIn: {}, extraKeys: {} }),
      client: createLicenseClient({ baseUrl: worker.url, adapter: (c) => { onlineRequests.push(String(c.url)); return axios.getAdapter('http')(c); } }),
    });
    const restarted = withOfflineFile({
      online, fingerprinter, clock: t.clock, timers: t.timers, store: createOfflineFileStore(t.db),
      keys: offlineTrustedKeys({ packaged: false, builtIn: {}, extraKeys: { [worker.offlineKid]: worker.offlinePublicKey } }),
    });
    expect(await restarted.start()).toMatchObject({ state: 'active', canSell: true, offlineFile: { customer: 'Restart Café' } });
    expect(onlineRequests).toEqual([]);
  });

  it('a file for another machine is refused', async () => {
    const other = till('office-pc', OTHER_PC);
    const t = till('shop-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile } = await issueFor(other, 'Someone Else');
    const r = await t.agent.importFile(licenseFile);
    expect(r).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_OTHER_MACHINE' }, status: { canSell: false } });
    expect(t.agent.mode()).toBe('online');
  });

  it('the one-changed-part rule: one changed component still matches, two do not', async () => {
    const original = till('parts-till', WIN_TILL);
    const { licenseFile } = await issueFor(original, 'Parts Café');
    const newCard = till('parts-till', { ...WIN_TILL, macs: 'aa:bb:cc:dd:ee:ff' });
    await newCard.agent.start();
    expect(await newCard.agent.importFile(licenseFile)).toMatchObject({ ok: true, status: { canSell: true } });
    const newBoard = till('parts-till', { ...WIN_TILL, macs: 'aa:bb:cc:dd:ee:ff', cpuModel: 'Intel N100' });
    await newBoard.agent.start();
    expect(await newBoard.agent.importFile(licenseFile)).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_OTHER_MACHINE' } });
  });

  it('an edited file is refused, whatever byte was changed', async () => {
    const t = till('edit-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile } = await issueFor(t, 'Edit Café');
    const accepted: string[] = [];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last characters of the base64url fields carry padding bits: every letter there.
    const tails = new Set(['"payload":"', '"sig":"'].map((field) => licenseFile.indexOf('"', licenseFile.indexOf(field) + field.length) - 1));
    for (let i = 0; i < licenseFile.length; i++) {
      const c = licenseFile[i]!;
      // Elsewhere two replacements per position: a neighbour in the alphabet and an unrelated character.
      for (const r of tails.has(i) ? [...alphabet] : [String.fromCharCode(c.charCodeAt(0) ^ 1), c === 'Q' ? 'R' : 'Q']) {
        if (r === c) continue;
        const edited = licenseFile.slice(0, i) + r + licenseFile.slice(i + 1);
        const res = await t.agent.importFile(edited);
        if (res.ok) accepted.push(`${i}:${r}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(t.agent.mode()).toBe('online');
    expect((await t.agent.importFile(licenseFile)).ok).toBe(true);
  });

  it('an expired file locks selling and keeps reports open', async () => {
    const shop = await createTestShop();
    const t = till('expiry-till', WIN_TILL, { db: shop.db, dir: shop.dir });
    await t.agent.start();
    const { licenseFile, file } = await issueFor(t, 'Short Café', isoDay(t.clock.now()));
    expect(await t.agent.importFile(licenseFile)).toMatchObject({ ok: true });
    const api = createApi({ db: shop.db, clock: t.clock, license: t.agent, dataDir: shop.dir });
    expect(await api.call('order.create', {}, shop.cashier)).toMatchObject({ ok: true });
    t.clock.set(file.expiresAt! + 1);
    t.timers.fireDue();
    expect(t.agent.status()).toMatchObject({ state: 'locked', reason: 'file_expired', canSell: false });
    expect(await api.call('order.create', {}, shop.cashier)).toMatchObject({ ok: false, error: { code: 'LICENSE_NOT_ACTIVE' } });
    const day = isoDay(t.clock.now());
    expect(await api.call('reports.sales', { from: day, to: day }, shop.manager)).toMatchObject({ ok: true });
    // An expired file can't be imported again either.
    expect(await t.agent.importFile(licenseFile)).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_EXPIRED' } });
    shop.cleanup();
  });

  it('a clock set back is still detected in file mode (the agent\'s rollback rule), and a right clock sells again', async () => {
    const t = till('clock-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile } = await issueFor(t, 'Clock Café');
    await t.agent.importFile(licenseFile);
    for (let day = 0; day < 10; day++) await t.advance(DAY_MS);
    t.clock.advance(-2 * DAY_MS);
    expect(t.agent.status()).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
    t.clock.advance(2 * DAY_MS);
    expect(t.agent.canSell()).toBe(true);
  });

  it('a revoked file is refused after online contact ("check again" fetches the signed list), and from then on', async () => {
    const t = till('revoke-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile, file } = await issueFor(t, 'Revoked Café');
    await t.agent.importFile(licenseFile);
    await revoke(file.id);
    // No online contact yet: the till does not know (and must not go looking by itself).
    await t.advance(DAY_MS);
    expect(t.agent.canSell()).toBe(true);
    expect(t.network).toEqual([]);
    const checked = await t.agent.checkNow();
    expect(checked).toMatchObject({ state: 'locked', reason: 'file_revoked', canSell: false });
    expect(t.network).toEqual([`${worker.url}/.well-known/license-keys`]);
    expect(await t.agent.importFile(licenseFile)).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_REVOKED' } });
  });

  it('a validate answer carries the revocation list too: activating a subscription stores it, the revoked file is refused', async () => {
    const t = till('validate-till', WIN_TILL);
    await t.agent.start();
    const { licenseFile, file } = await issueFor(t, 'Moving Online Café');
    await revoke(file.id);
    const purchase = await buyDevSubscription(worker.url, `file-${Date.now()}@cafe.example`);
    expect(await t.agent.activate(purchase.email, purchase.token)).toMatchObject({ ok: true });
    await t.agent.whenIdle();
    expect(await t.agent.importFile(licenseFile)).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_REVOKED' } });
    await t.agent.stop();
  });

  it('an online license never imports as a file, and a file never verifies as an online license', async () => {
    const t = till('ctx-till', WIN_TILL);
    await t.agent.start();
    const purchase = await buyDevSubscription(worker.url, `ctx-${Date.now()}@cafe.example`);
    expect((await t.agent.activate(purchase.email, purchase.token)).ok).toBe(true);
    const online = (t.db.prepare('SELECT license_file FROM license_cache WHERE id = 1').get() as { license_file: string }).license_file;
    expect(await t.agent.importFile(online)).toMatchObject({ ok: false, error: { code: 'OFFLINE_FILE_INVALID' } });
    await t.agent.stop();
    const { licenseFile } = await issueFor(t, 'Context Café');
    const both = [{ kid: worker.kid, publicKey: worker.publicKey }, { kid: worker.offlineKid, publicKey: worker.offlinePublicKey }];
    expect((await verifyLicenseFile(licenseFile, both)).ok).toBe(false);
    const { format: _f, ...stripped } = JSON.parse(licenseFile) as Record<string, unknown>;
    expect((await verifyLicenseFile(JSON.stringify(stripped), both)).ok).toBe(false);
  });

  it('npm run license:issue: writes the file with --out; bad arguments exit 2 with the usage', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pospal-issue-')), 'shop.pospal-license');
    const hw = 'POSPAL-HW1-' + Buffer.from(JSON.stringify({ f: 'a'.repeat(64), c: { cpuModel: 'b'.repeat(64), machineId: 'c'.repeat(64) } })).toString('base64url');
    const env = { ...process.env, POSPAL_ADMIN_URL: worker.url, CF_ACCESS_CLIENT_ID: '', CF_ACCESS_CLIENT_SECRET: '' };
    const bad = spawnSync(process.execPath, [scriptPath, '--customer', 'X', '--until', 'never'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--hardware-id is required');
    // A Hardware ID without its checksum: the worker's reason comes back, exit 1.
    const refused = spawnSync(process.execPath, [scriptPath, '--hardware-id', hw, '--customer', 'X', '--until', 'never'], { env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('INVALID_REQUEST');
    const crc = crc32hex(hw.slice('POSPAL-HW1-'.length));
    const run = spawnSync(process.execPath, [scriptPath, '--hardware-id', `${hw}-${crc}`, '--customer', 'CLI Café', '--until', '2099-01-31', '--out', out], { env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Issued olf_\w+ for CLI Café \(valid until 2099-01-31, by POSPal\)/);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { format: string; kid: string };
    expect(written).toMatchObject({ format: 'pospal-offline-license', kid: worker.offlineKid });
  });
});

function crc32hex(text: string): string {
  let crc = 0xffffffff;
  for (const b of Buffer.from(text)) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
