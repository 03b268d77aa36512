import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memorySecretStore } from '../secrets/secret-store';
import { createLicenseCache } from './cache';
import { agentHarness } from './testing/harness';

describe('license cache', () => {
  it('an unreadable row is "no cache", never a crash', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    expect(await cache.read()).toBeUndefined();
    h.db.prepare("INSERT INTO license_cache (id, customer_email, token, updated_at, subscription) VALUES (1, 'a@b.c', '', 1, '{not json')").run();
    expect(await cache.read()).toMatchObject({ email: 'a@b.c', subscription: {} });
    h.db.prepare("UPDATE license_cache SET highest_trusted_time = 'yesterday'").run();
    expect(await cache.read()).toBeUndefined();
    expect(await cache.readVerified(h.trusted, 'f'.repeat(64))).toEqual({ kind: 'none' });
  });

  it('other credentials forget the old license and session; the same ones keep them', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'T1', 1);
    await cache.saveCheck({ licenseFile: '{"x":1}', serverTime: 5, now: 6, subscription: { plan: 'monthly' }, machineId: 'm' });
    cache.setSession('s'.repeat(43), 7);
    await cache.saveCredentials('A@B.C', 'T2', 8);
    expect(await cache.read()).toMatchObject({ token: 'T2', licenseFile: '{"x":1}', sessionId: 's'.repeat(43) });
    await cache.saveCredentials('other@b.c', 'T3', 9);
    expect(await cache.read()).toMatchObject({ email: 'other@b.c', licenseFile: null, sessionId: null });
  });

  it('the trusted time only rises, except after a good online check', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'T', 100);
    cache.noteTime(500);
    cache.noteTime(300);
    expect((await cache.read())?.highestTrustedTime).toBe(500);
    await cache.saveCheck({ licenseFile: '{}', serverTime: 450, now: 400, subscription: {}, machineId: 'm' });
    expect(await cache.read()).toMatchObject({ highestTrustedTime: 400, lastCheckAt: 450 });
  });

  it('follows the shop database when it is swapped (restore from a backup), never a closed handle', async () => {
    const first = agentHarness();
    const second = agentHarness();
    let current = first.db;
    const cache = createLicenseCache(() => current, memorySecretStore());
    await cache.saveCredentials('a@b.c', 'T1', 1);
    current = second.db;
    first.db.close();
    expect(await cache.read()).toBeUndefined();
    await cache.saveCredentials('b@b.c', 'T2', 2);
    expect(second.db.prepare('SELECT customer_email FROM license_cache').get()).toEqual({ customer_email: 'b@b.c' });
  });
});

describe('secrets out of the shop database (issue 9, rule 4)', () => {
  it('the unlock token is kept in the secret store, never in license_cache', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'POS-SECRT-TOKEN-AAAAA-BBBBB', 1);
    expect(h.db.prepare('SELECT token FROM license_cache').get()).toEqual({ token: '' });
    expect(await h.secrets.get('unlockToken')).toBe('POS-SECRT-TOKEN-AAAAA-BBBBB');
    expect(await cache.read()).toMatchObject({ email: 'a@b.c', token: 'POS-SECRT-TOKEN-AAAAA-BBBBB' });
    // Migration 006: nothing can write a token back into the table.
    expect(() => h.db.prepare("UPDATE license_cache SET token = 'POS-X'").run()).toThrow(/secret store/);
  });

  it('a secret store that cannot be read gives "no token", and keeps the cached license and database', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'POS-SECRT-TOKEN-AAAAA-BBBBB', 1);
    await cache.saveCheck({ licenseFile: '{"x":1}', serverTime: 5, now: 6, subscription: {}, machineId: 'm' });
    writeFileSync(h.secretsFile, '\u0000garbage');
    expect(await cache.read()).toMatchObject({ email: 'a@b.c', token: null, licenseFile: '{"x":1}', highestTrustedTime: 6 });
  });

  it('forgetting the license forgets the token in the store', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'POS-SECRT-TOKEN-AAAAA-BBBBB', 1);
    await cache.clear();
    expect(await h.secrets.get('unlockToken')).toBeNull();
    expect(readFileSync(h.secretsFile, 'utf8')).not.toContain('POS-SECRT');
  });
});

describe('the clock floor is kept twice (issue 9, rule 5)', () => {
  it('the larger of the database floor and the secret store floor wins', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'T', 100);
    cache.noteTime(10 * 60_000);
    h.db.prepare('UPDATE license_cache SET highest_trusted_time = 0').run();
    expect((await cache.read())?.highestTrustedTime).toBe(10 * 60_000);
    await h.secrets.set('highestTrustedTime', '0');
    h.db.prepare('UPDATE license_cache SET highest_trusted_time = 777777').run();
    expect((await cache.read())?.highestTrustedTime).toBe(777777);
  });

  it('a good online check lowers both floors to the vouched-for time', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db, h.secrets);
    await cache.saveCredentials('a@b.c', 'T', 100);
    cache.noteTime(10 * 60_000);
    await cache.saveCheck({ licenseFile: '{}', serverTime: 450, now: 400, subscription: {}, machineId: 'm' });
    expect(await h.secrets.get('highestTrustedTime')).toBe('400');
    expect((await cache.read())?.highestTrustedTime).toBe(400);
  });
});
