/**
 * Issue 15 item 1: the fiscal settings. The ΑΦΜ is checked, production needs a confirmation,
 * and the myDATA credentials live in the SecretStore only: never in the shop database, its
 * backups, the logs or an answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDailyBackup, listBackupFiles } from '../db/backups';
import { createAppLogs } from '../logging/logger';
import { readFiscalUrlOverride } from './config';
import { createFiscalOutbox } from './outbox';
import { mydataRestTransmitter } from './mydata-rest';
import { FISCAL_ENVIRONMENTS } from './settings';
import { addLine, createFiscalShop, payAll, TEST_AFM, TEST_KEY, TEST_USER } from './testing/harness';
import type { FiscalShop } from './testing/harness';

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop({ enable: false }); });
afterEach(async () => { await s.close(); });

const fail = async (name: string, input: unknown, as = s.owner) => {
  const r = await s.fapi.call(name, input, as);
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
};

describe('fiscal settings', () => {
  it('off by default, AADE\'s test environment, branch 0, the direct channel and what it covers', async () => {
    expect(await s.call('fiscal.settings.get', {})).toEqual({
      enabled: false, afm: '', branch: 0, series: 'A', environment: 'test', channel: 'mydata-rest', hasCredentials: false, covers: ['8.6', '11.1', '11.4'],
    });
    expect(FISCAL_ENVIRONMENTS).toEqual({ test: 'https://mydataapidev.aade.gr', production: 'https://mydatapi.aade.gr/myDATA' });
  });

  it('refuses an ΑΦΜ with a wrong check digit', async () => {
    expect(await fail('fiscal.settings.set', { afm: '094019246' })).toMatchObject({ code: 'FISCAL_AFM_INVALID', details: { field: 'afm' } });
  });

  it('production only with confirmProduction: true', async () => {
    expect((await fail('fiscal.settings.set', { environment: 'production' })).code).toBe('FISCAL_CONFIRM_PRODUCTION');
    expect(await s.call('fiscal.settings.set', { environment: 'production', confirmProduction: true })).toMatchObject({ environment: 'production' });
  });

  it('cannot be turned on without the ΑΦΜ and the credentials', async () => {
    expect(await fail('fiscal.settings.set', { enabled: true })).toMatchObject({ code: 'FISCAL_NOT_CONFIGURED', details: { missing: ['afm', 'userId', 'subscriptionKey'] } });
    expect(await s.call('fiscal.settings.set', { afm: TEST_AFM, userId: TEST_USER, subscriptionKey: TEST_KEY, enabled: true, branch: 2 })).toMatchObject({ enabled: true, branch: 2, hasCredentials: true });
  });

  it('only the owner changes or reads them; a cashier may read the banner\'s status', async () => {
    expect((await fail('fiscal.settings.get', {}, s.manager)).code).toBe('PERMISSION_DENIED');
    expect((await fail('fiscal.settings.set', { afm: TEST_AFM }, s.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await fail('fiscal.documents.list', {}, s.cashier)).code).toBe('PERMISSION_DENIED');
    expect(await s.call('fiscal.status', {}, s.cashier)).toEqual({ enabled: false, pending: 0, rejected: 0, oldestPendingAt: null, waitingOverHour: false });
  });

  it('the subscription key is in the SecretStore only: not in an answer, the database, a backup or the logs', async () => {
    const view = await s.call('fiscal.settings.set', { afm: TEST_AFM, userId: TEST_USER, subscriptionKey: TEST_KEY, enabled: true });
    expect(JSON.stringify(view)).not.toContain(TEST_KEY);
    expect(await s.secrets.get('mydataSubscriptionKey')).toBe(TEST_KEY);
    // A day of documents going out, failing once (wrong key at AADE), logged the way the app logs.
    const logs = createAppLogs({ dataDir: s.dir, clock: s.clock });
    const outbox = createFiscalOutbox({
      db: () => s.db, clock: s.clock, secrets: s.secrets,
      transmitter: (_x, credentials) => mydataRestTransmitter({ baseUrl: s.aade.baseUrl, credentials }),
      log: (event, details) => logs.core.info(event, { ...details, settings: { userId: TEST_USER, subscriptionKey: TEST_KEY } }),
    });
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    s.aade.offline = true;
    await outbox.runOnce();
    s.aade.offline = false;
    s.clock.advance(60_000);
    await outbox.runOnce();
    expect((await s.docs({ orderId: order.id }))[0]?.state).toBe('registered');
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    await runDailyBackup(s.db, { dataDir: s.dir, clock: s.clock, timeZone: 'Europe/Athens' });
    const backups = listBackupFiles(s.dir);
    expect(backups).toHaveLength(1);
    const files = [s.file, ...backups.map((b) => b.file), ...readdirSync(logs.dir).map((f) => join(logs.dir, f))];
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(TEST_KEY)), f).toBe(false);
    }
    expect(readdirSync(logs.dir).length).toBeGreaterThan(0);
    expect(readFileSync(join(logs.dir, readdirSync(logs.dir)[0] ?? ''), 'utf8')).toContain('fiscal_registered');
  });

  it('POSPAL_MYDATA_URL points the outbox elsewhere, except in a release build', () => {
    expect(readFiscalUrlOverride({ POSPAL_MYDATA_URL: 'http://127.0.0.1:9090' }, false)).toEqual({ ok: true, url: 'http://127.0.0.1:9090' });
    expect(readFiscalUrlOverride({ POSPAL_MYDATA_URL: 'http://127.0.0.1:9090' }, true)).toEqual({ ok: true, url: null });
    expect(readFiscalUrlOverride({ POSPAL_MYDATA_URL: 'not a url' }, false).ok).toBe(false);
    expect(readFiscalUrlOverride({}, false)).toEqual({ ok: true, url: null });
  });
});
