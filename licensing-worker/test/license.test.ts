import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signLicense, publishedKeys as keysOf } from '../src/license/signing';
import { chooseCaching } from '../src/license/caching';
import { base64urlDecode, base64urlEncode, licenseKeysResponseSchema, verifyLicenseFile, type LicensePayload, type SignedLicense } from '../src/protocol';
import { publishedKeys, workerWithClock } from './helpers';

const payload = (over: Partial<LicensePayload> = {}): LicensePayload => ({
  v: 1,
  customerId: 'c1',
  status: 'active',
  plan: 'monthly',
  machineId: 'm1',
  machineFingerprint: 'f'.repeat(64),
  issuedAt: 1_700_000_000_000,
  nextCheckAt: 1_700_000_000_000 + 1_800_000,
  offlineGraceUntil: 1_700_000_000_000 + 10 * 86_400_000,
  currentPeriodEnd: null,
  maxMachines: 3,
  maxConcurrent: 1,
  ...over,
});

const flip = (text: string, at: number): string => {
  const bytes = base64urlDecode(text);
  bytes[at % bytes.length]! ^= 0x01;
  return base64urlEncode(bytes);
};

describe('signed license files', () => {
  it('GET /.well-known/license-keys publishes the signing key, which verifies a signed license', async () => {
    const res = await (await workerWithClock().get('/.well-known/license-keys')).json();
    const { keys } = licenseKeysResponseSchema.parse(res);
    expect(keys[0]).toEqual({ kid: 'test-k1', alg: 'Ed25519', publicKey: env.TEST_PUBLIC_KEY });
    const file = await signLicense(env, payload());
    const verified = await verifyLicenseFile(JSON.stringify(file), keys);
    expect(verified).toEqual({ ok: true, payload: payload(), kid: 'test-k1' });
  });

  it('rejects an altered payload, an altered signature, an unknown kid and garbage', async () => {
    const keys = await publishedKeys();
    const file = await signLicense(env, payload());
    const alteredPayload: SignedLicense = {
      ...file,
      payload: base64urlEncode(new TextEncoder().encode(JSON.stringify({ ...payload(), status: 'active', maxMachines: 99 }))),
    };
    expect(await verifyLicenseFile(alteredPayload, keys)).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
    expect(await verifyLicenseFile({ ...file, payload: flip(file.payload, 5) }, keys)).toMatchObject({ ok: false });
    expect(await verifyLicenseFile({ ...file, sig: flip(file.sig, 10) }, keys)).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
    expect(await verifyLicenseFile({ ...file, kid: 'other' }, keys)).toEqual({ ok: false, code: 'UNKNOWN_KEY' });
    expect(await verifyLicenseFile('{not json', keys)).toEqual({ ok: false, code: 'MALFORMED' });
    expect(await verifyLicenseFile({ ...file, extra: 1 }, keys)).toEqual({ ok: false, code: 'MALFORMED' });
    // Signed by another key under the same kid.
    const other = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const otherPkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', other.privateKey)) as ArrayBuffer);
    const forged = await signLicense({ LICENSE_SIGNING_KEY: btoa(String.fromCharCode(...otherPkcs8)), LICENSE_KEY_ID: 'test-k1' }, payload());
    expect(await verifyLicenseFile(forged, keys)).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('publishes extra rotation keys after the current one', async () => {
    const keys = await keysOf({ ...env, LICENSE_PUBLIC_KEYS: 'old-k0=AAAA, test-k1=ignored' });
    expect(keys.map((k) => k.kid)).toEqual(['test-k1', 'old-k0']);
  });
});

describe('caching strategy', () => {
  const now = 1_800_000_000_000;
  const day = 86_400_000;
  it('1 h after a fresh check of a long-active subscription, 30 min for active, 15 min after an old check, 5 min when inactive', () => {
    expect(chooseCaching({ now, status: 'active', activatedAt: now - 90 * day, previousCheckAt: now - 3_600_000 })).toMatchObject({ strategy: 'extended', ttlSeconds: 3600, nextCheckAt: now + 3_600_000 });
    expect(chooseCaching({ now, status: 'active', activatedAt: now - 2 * day, previousCheckAt: now - 3_600_000 })).toMatchObject({ strategy: 'standard', ttlSeconds: 1800 });
    expect(chooseCaching({ now, status: 'active', activatedAt: now - 90 * day, previousCheckAt: now - 2 * day })).toMatchObject({ strategy: 'revalidate', ttlSeconds: 900 });
    expect(chooseCaching({ now, status: 'active', activatedAt: null, previousCheckAt: null })).toMatchObject({ strategy: 'revalidate', ttlSeconds: 900 });
    expect(chooseCaching({ now, status: 'suspended', activatedAt: now - 90 * day, previousCheckAt: now })).toMatchObject({ strategy: 'inactive', ttlSeconds: 300 });
  });
});
