import { describe, expect, it } from 'vitest';
import { createLicenseCache } from './cache';
import { agentHarness } from './testing/harness';

describe('license cache', () => {
  it('an unreadable row is "no cache", never a crash', async () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db);
    expect(cache.read()).toBeUndefined();
    h.db.prepare("INSERT INTO license_cache (id, customer_email, token, updated_at, subscription) VALUES (1, 'a@b.c', 'T', 1, '{not json')").run();
    expect(cache.read()).toMatchObject({ email: 'a@b.c', subscription: {} });
    h.db.prepare("UPDATE license_cache SET highest_trusted_time = 'yesterday'").run();
    expect(cache.read()).toBeUndefined();
    expect(await cache.readVerified(h.trusted, 'f'.repeat(64))).toEqual({ kind: 'none' });
  });

  it('other credentials forget the old license and session; the same ones keep them', () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db);
    cache.saveCredentials('a@b.c', 'T1', 1);
    cache.saveCheck({ licenseFile: '{"x":1}', serverTime: 5, now: 6, subscription: { plan: 'monthly' }, machineId: 'm' });
    cache.setSession('s'.repeat(43), 7);
    cache.saveCredentials('A@B.C', 'T2', 8);
    expect(cache.read()).toMatchObject({ token: 'T2', licenseFile: '{"x":1}', sessionId: 's'.repeat(43) });
    cache.saveCredentials('other@b.c', 'T3', 9);
    expect(cache.read()).toMatchObject({ email: 'other@b.c', licenseFile: null, sessionId: null });
  });

  it('the trusted time only rises, except after a good online check', () => {
    const h = agentHarness();
    const cache = createLicenseCache(h.db);
    cache.saveCredentials('a@b.c', 'T', 100);
    cache.noteTime(500);
    cache.noteTime(300);
    expect(cache.read()?.highestTrustedTime).toBe(500);
    cache.saveCheck({ licenseFile: '{}', serverTime: 450, now: 400, subscription: {}, machineId: 'm' });
    expect(cache.read()).toMatchObject({ highestTrustedTime: 400, lastCheckAt: 450 });
  });

  it('follows the shop database when it is swapped (restore from a backup), never a closed handle', () => {
    const first = agentHarness();
    const second = agentHarness();
    let current = first.db;
    const cache = createLicenseCache(() => current);
    cache.saveCredentials('a@b.c', 'T1', 1);
    current = second.db;
    first.db.close();
    expect(cache.read()).toBeUndefined();
    cache.saveCredentials('b@b.c', 'T2', 2);
    expect(second.db.prepare('SELECT customer_email FROM license_cache').get()).toEqual({ customer_email: 'b@b.c' });
  });
});
