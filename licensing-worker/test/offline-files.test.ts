// Offline license files (issue 13 §4) through the whole worker inside workerd on the real local
// D1: issuing is an operator's (or the issuer service token's), recorded and audited; revoked
// ids travel, signed, with later online answers; the file's signing context is its own.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LICENSE_ALG, base64urlDecode, base64urlEncode, decodeHardwareId, encodeHardwareId, hardwareMatches, licenseKeysResponseSchema,
  validateSuccessSchema, verifyLicenseFile, verifyOfflineFile, verifyRevocationList, type Hardware,
} from '../src/protocol';
import { makeDevice, seedCustomer, validateBody, workerWithClock } from './helpers';
import {
  accessNetwork, consoleHarness, makeKeySet, OWNER, seedOperator, signAssertion, signIn, TEAM,
  type AdminErrorJson, type Harness, type KeySet, type SignedIn,
} from './admin-helpers';

let h: Harness;
let keys: KeySet;
const as: Record<'viewer' | 'support' | 'admin' | 'owner', SignedIn> = {} as never;
const offlineKeys = () => [{ kid: 'test-offline-1', publicKey: env.TEST_OFFLINE_PUBLIC_KEY }];
const onlineKeys = () => [{ kid: 'test-k1', publicKey: env.TEST_PUBLIC_KEY }];

beforeAll(async () => {
  keys = await makeKeySet('offline-k1');
  h = consoleHarness({ network: accessNetwork({ [TEAM]: [keys] }), overrides: { ENVIRONMENT: 'production', ADMIN_ISSUER_SERVICE_TOKEN_ID: 'svc-issuer.access', ADMIN_BACKUP_SERVICE_TOKEN_ID: 'svc-backup.access' } });
  for (const role of ['viewer', 'support', 'admin'] as const) as[role] = await signIn(h, keys, await seedOperator(role));
  as.owner = await signIn(h, keys, OWNER);
});

const codeOf = async (res: Response) => (await res.json<AdminErrorJson>()).error.code;
const hardwareOf = async (seed: string): Promise<Hardware> => {
  const d = await makeDevice(seed);
  return { fingerprint: d.machineFingerprint, components: d.components };
};
interface Issued { file: { id: string; expiresAt: number | null }; licenseFile: string }
async function issue(seed: string, extra: Record<string, unknown> = {}): Promise<Issued> {
  const res = await as.admin.post('/admin/api/offline-files', { hardwareId: encodeHardwareId(await hardwareOf(seed)), customer: `Taverna ${seed}`, distributor: 'Kafeneio Systems', until: '2099-12-31', ...extra });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json<Issued>();
}

describe('the Hardware ID', () => {
  it('round-trips, ignores line breaks, and a one-character typo fails its checksum', async () => {
    const hw = await hardwareOf('hwid');
    const id = encodeHardwareId(hw);
    expect(id).toMatch(/^POSPAL-HW1-[A-Za-z0-9_-]+-[0-9a-f]{8}$/);
    expect(decodeHardwareId(id.replace(/(.{40})/g, '$1\n'))).toEqual({ ok: true, hardware: hw });
    const i = 30;
    const typo = id.slice(0, i) + (id[i] === 'A' ? 'B' : 'A') + id.slice(i + 1);
    expect(decodeHardwareId(typo)).toEqual({ ok: false, code: 'HARDWARE_ID_CHECKSUM' });
    expect(decodeHardwareId('POSPAL-HW1-nonsense')).toEqual({ ok: false, code: 'HARDWARE_ID_MALFORMED' });
  });
});

describe('issuing', () => {
  it('an admin issues: the file is signed in the offline context, recorded in D1 and audited', async () => {
    const hw = await hardwareOf('issue');
    const { file, licenseFile } = await issue('issue', { until: null });
    const checked = await verifyOfflineFile(licenseFile, offlineKeys());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.payload).toMatchObject({ fileId: file.id, hardware: hw, customer: 'Taverna issue', distributor: 'Kafeneio Systems', expiresAt: null, seats: 1 });
    const row = await env.DB.prepare('SELECT customer_name, issued_by, license_file, revoked_at FROM offline_licenses WHERE id = ?').bind(file.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({ customer_name: 'Taverna issue', issued_by: as.admin.email, license_file: licenseFile, revoked_at: null });
    const audit = await env.DB.prepare(`SELECT operator, details FROM audit_log WHERE action = 'admin_offline_file_issued' ORDER BY id DESC LIMIT 1`).first<{ operator: string; details: string }>();
    expect(audit?.operator).toBe(as.admin.email);
    expect(JSON.parse(audit!.details)).toMatchObject({ fileId: file.id, role: 'admin' });
  });

  it('an expiry date is valid through that UTC day; a day already over is refused', async () => {
    const { file } = await issue('until', { until: '2099-06-30' });
    expect(file.expiresAt).toBe(Date.parse('2099-06-30T23:59:59.999Z'));
    const res = await as.admin.post('/admin/api/offline-files', { hardwareId: encodeHardwareId(await hardwareOf('past')), customer: 'Past', until: '2001-01-01' });
    expect(res.status).toBe(400);
  });

  it('support, a viewer and a signed-in non-operator cannot issue; nothing is recorded', async () => {
    const body = { hardwareId: encodeHardwareId(await hardwareOf('refused')), customer: 'Refused Café' };
    for (const who of [as.support, as.viewer]) {
      const res = await who.post('/admin/api/offline-files', body);
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('ROLE_REQUIRED');
    }
    const stranger = await h.call('/admin/api/offline-files', { method: 'POST', json: body, headers: { 'Cf-Access-Jwt-Assertion': await signAssertion(keys, { email: 'stranger@example.test' }) } });
    expect(stranger.status).toBe(403);
    expect(await codeOf(stranger)).toBe('NOT_AN_OPERATOR');
    expect(await env.DB.prepare(`SELECT 1 FROM offline_licenses WHERE customer_name = 'Refused Café'`).first()).toBeNull();
  });

  it('a mistyped Hardware ID is refused with a reason the operator can act on', async () => {
    const id = encodeHardwareId(await hardwareOf('typo'));
    const res = await as.admin.post('/admin/api/offline-files', { hardwareId: id.slice(0, -1) + (id.endsWith('0') ? '1' : '0'), customer: 'Typo' });
    expect(res.status).toBe(400);
    const body = await res.json<AdminErrorJson>();
    expect(body.error).toMatchObject({ code: 'INVALID_REQUEST', reason: 'HARDWARE_ID_CHECKSUM' });
  });

  it('the issuer service token (npm run license:issue in production) may issue and nothing else; the backup token may not issue', async () => {
    const issuer = await signAssertion(keys, { commonName: 'svc-issuer.access' });
    const body = { hardwareId: encodeHardwareId(await hardwareOf('svc')), customer: 'Service Café', distributor: 'Reseller SA' };
    const res = await h.call('/admin/api/offline-files', { method: 'POST', json: body, headers: { 'Cf-Access-Jwt-Assertion': issuer } });
    expect(res.status).toBe(201);
    const { file } = await res.json<Issued>();
    expect((await env.DB.prepare('SELECT issued_by FROM offline_licenses WHERE id = ?').bind(file.id).first<{ issued_by: string }>())?.issued_by).toBe('service:svc-issuer.access');
    expect((await h.call('/admin/api/offline-files', { headers: { 'Cf-Access-Jwt-Assertion': issuer } })).status).toBe(403);
    const backup = await signAssertion(keys, { commonName: 'svc-backup.access' });
    expect((await h.call('/admin/api/offline-files', { method: 'POST', json: body, headers: { 'Cf-Access-Jwt-Assertion': backup } })).status).toBe(403);
  });
});

describe('listing and revoking', () => {
  it('support lists issued files; an admin revokes one (audited, once); support cannot revoke', async () => {
    const { file } = await issue('revoke');
    const listed = await (await as.support.get('/admin/api/offline-files')).json<{ files: Array<{ id: string; revokedAt: number | null }> }>();
    expect(listed.files.find((f) => f.id === file.id)?.revokedAt).toBeNull();
    expect((await as.viewer.get('/admin/api/offline-files')).status).toBe(403);

    const refused = await as.support.post(`/admin/api/offline-files/${file.id}/revoke`, { reason: 'chargeback' });
    expect(refused.status).toBe(403);
    const res = await as.admin.post(`/admin/api/offline-files/${file.id}/revoke`, { reason: 'chargeback' });
    expect(res.status).toBe(200);
    const after = await (await as.support.get('/admin/api/offline-files')).json<{ files: Array<{ id: string; revokedAt: number | null; revokedBy: string }> }>();
    expect(after.files.find((f) => f.id === file.id)).toMatchObject({ revokedBy: as.admin.email });
    const audit = await env.DB.prepare(`SELECT operator, details FROM audit_log WHERE action = 'admin_offline_file_revoked' ORDER BY id DESC LIMIT 1`).first<{ operator: string; details: string }>();
    expect(audit?.operator).toBe(as.admin.email);
    expect(JSON.parse(audit!.details)).toMatchObject({ fileId: file.id, reason: 'chargeback' });
    expect(await codeOf(await as.admin.post(`/admin/api/offline-files/${file.id}/revoke`, { reason: 'again' }))).toBe('CONFLICT');
    expect((await as.admin.post('/admin/api/offline-files/olf_nope/revoke', { reason: 'x' })).status).toBe(404);
  });

  it('the revoked ids travel, signed, with later validate answers and the keys endpoint; an edited list does not verify', async () => {
    const { file } = await issue('travel');
    expect((await as.admin.post(`/admin/api/offline-files/${file.id}/revoke`, { reason: 'shop closed' })).status).toBe(200);

    const w = workerWithClock();
    const customer = await seedCustomer();
    const answer = validateSuccessSchema.parse(await (await w.post('/validate-unified', validateBody(customer, await makeDevice('travel-till')))).json());
    expect(answer.offlineRevocations).toBeDefined();
    const list = await verifyRevocationList(answer.offlineRevocations!, offlineKeys());
    expect(list.ok && list.payload.revoked).toContain(file.id);
    // The online key does not vouch for it: its own context.
    expect((await verifyRevocationList(answer.offlineRevocations!, onlineKeys())).ok).toBe(false);

    const published = licenseKeysResponseSchema.parse(await (await w.get('/.well-known/license-keys')).json());
    expect(published.offlineKeys).toEqual([{ kid: 'test-offline-1', alg: 'Ed25519', publicKey: env.TEST_OFFLINE_PUBLIC_KEY }]);
    expect(published.keys.map((k) => k.kid)).not.toContain('test-offline-1');
    expect(published.offlineRevocations).toBe(answer.offlineRevocations);

    // Un-revoking by editing the list (dropping the id) breaks the signature.
    const envelope = JSON.parse(answer.offlineRevocations!) as { payload: string };
    const body = JSON.parse(new TextDecoder().decode(base64urlDecode(envelope.payload))) as { revoked: string[] };
    const forged = { ...envelope, payload: base64urlEncode(new TextEncoder().encode(JSON.stringify({ ...body, revoked: body.revoked.filter((x) => x !== file.id) }))) };
    expect(await verifyRevocationList(JSON.stringify(forged), offlineKeys())).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });
});

describe('signature context separation', () => {
  it('an online license never verifies as an offline file, even re-wrapped and with its key trusted offline', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const answer = validateSuccessSchema.parse(await (await w.post('/validate-unified', validateBody(customer, await makeDevice('ctx-online')))).json());
    const online = answer.license!;
    expect((await verifyLicenseFile(online, onlineKeys())).ok).toBe(true);
    expect(await verifyOfflineFile(online, offlineKeys())).toEqual({ ok: false, code: 'MALFORMED' });
    const rewrapped = JSON.stringify({ format: 'pospal-offline-license', ...(JSON.parse(online) as object) });
    expect(await verifyOfflineFile(rewrapped, offlineKeys())).toEqual({ ok: false, code: 'UNKNOWN_KEY' });
    // Even a (mis)configured app trusting the online key for offline files: the prefix differs.
    expect(await verifyOfflineFile(rewrapped, onlineKeys())).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('an offline file never verifies as an online license, even stripped of its format and with its key trusted online', async () => {
    const { licenseFile } = await issue('ctx-offline');
    expect(await verifyLicenseFile(licenseFile, offlineKeys())).toEqual({ ok: false, code: 'MALFORMED' });
    const { format: _f, ...stripped } = JSON.parse(licenseFile) as Record<string, unknown>;
    expect(stripped.alg).toBe(LICENSE_ALG);
    expect(await verifyLicenseFile(JSON.stringify(stripped), onlineKeys())).toEqual({ ok: false, code: 'UNKNOWN_KEY' });
    expect(await verifyLicenseFile(JSON.stringify(stripped), offlineKeys())).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('the component-majority rule is the worker\'s: one changed part of four matches, two do not', async () => {
    const four = async (changed: string[]): Promise<Hardware> => {
      const d = await makeDevice('majority', changed);
      const components = Object.fromEntries(Object.entries(d.components).slice(0, 4));
      return { fingerprint: `${changed.length}`.padStart(64, '0'), components };
    };
    const file = await four([]);
    expect(hardwareMatches(file, await four(['machineId']))).toBe(true);
    expect(hardwareMatches(file, await four(['machineId', 'cpu']))).toBe(false);
  });
});
