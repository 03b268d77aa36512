import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_LICENSE_URL, readLicenseConfig } from './config';
import { trustedKeys } from './keys';

describe('license config', () => {
  it('defaults to production and the OS data folder', () => {
    const r = readLicenseConfig({});
    expect(r).toMatchObject({ ok: true, config: { licenseUrl: PRODUCTION_LICENSE_URL, extraKeys: {} } });
    if (r.ok) expect(r.config.databaseFile.endsWith('pospal.db')).toBe(true);
  });

  it('reads the variables (empty = unset, trailing slash trimmed)', () => {
    const r = readLicenseConfig({ POSPAL_DATA_DIR: '/tmp/shop', POSPAL_LICENSE_URL: 'http://127.0.0.1:8787/', POSPAL_LICENSE_KEYS: 'dev-1=MCowBQYDK2VwAyEAabc=,dev-2=xyz' });
    expect(r).toEqual({ ok: true, config: { dataDir: '/tmp/shop', databaseFile: '/tmp/shop/pospal.db', licenseUrl: 'http://127.0.0.1:8787', extraKeys: { 'dev-1': 'MCowBQYDK2VwAyEAabc=', 'dev-2': 'xyz' }, extraOfflineKeys: {} } });
    expect(readLicenseConfig({ POSPAL_LICENSE_URL: '' })).toMatchObject({ ok: true, config: { licenseUrl: PRODUCTION_LICENSE_URL } });
  });

  it('a bad value is a clear error naming the variable', () => {
    const bad = readLicenseConfig({ POSPAL_LICENSE_URL: 'localhost:8787', POSPAL_LICENSE_KEYS: 'no-equals-sign' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('CONFIG_INVALID');
      expect(bad.error.issues.map((i) => i.variable).sort()).toEqual(['POSPAL_LICENSE_KEYS', 'POSPAL_LICENSE_URL']);
      expect(bad.error.message).toContain('POSPAL_LICENSE_URL: must be an http(s) URL');
    }
    expect(readLicenseConfig({ POSPAL_LICENSE_URL: 'ftp://x.example' }).ok).toBe(false);
  });
});

describe('trusted keys', () => {
  const spki = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

  it('extra keys are accepted only when the app is not packaged', () => {
    const key = spki();
    expect(trustedKeys({ packaged: false, builtIn: {}, extraKeys: { dev: key } }).kids()).toEqual(['dev']);
    expect(trustedKeys({ packaged: true, builtIn: {}, extraKeys: { dev: key } }).kids()).toEqual([]);
  });

  it('an environment variable never replaces a built-in kid; non-Ed25519 or junk keys are dropped', () => {
    const builtIn = spki();
    const keys = trustedKeys({ packaged: false, builtIn: { prod: builtIn }, extraKeys: { prod: spki(), junk: 'AAAA' } });
    expect(keys.kids()).toEqual(['prod']);
    expect(keys.list()).toEqual([{ kid: 'prod', publicKey: builtIn }]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(trustedKeys({ packaged: false, builtIn: {}, extraKeys: { rsa } }).kids()).toEqual([]);
  });
});
