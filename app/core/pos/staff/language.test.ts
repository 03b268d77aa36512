/**
 * Issue 11, item 15: the shop's language is chosen at setup; each person's screen language is
 * their own choice, set without the owner's permission and changing nothing else; the business
 * name from the checkout prefills the shop's. Real core API over real SQLite files.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api';
import { createTestShop, TestLicense, type TestShop } from '../../api/test-shop';
import { manualClock } from '../../clock';
import { openDatabase } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { prefillBusinessName } from '../settings/business-prefill';
import { getSettings } from '../settings/settings-store';

const open: (() => void)[] = [];
afterEach(() => { for (const close of open.splice(0)) close(); });

async function shop(): Promise<TestShop> {
  const s = await createTestShop();
  open.push(() => s.cleanup());
  return s;
}
function emptyShop() {
  const tmp = tempDir('pospal-lang-');
  const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
  const db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  const api = createApi({ db, clock, license: new TestLicense(), dataDir: tmp.dir });
  open.push(() => { db.close(); tmp.cleanup(); });
  return { db, clock, api };
}

describe('each person\'s screen language', () => {
  it('a cashier and a manager set their own language without the owner; the shop\'s stays', async () => {
    const s = await shop();
    const before = (await s.ok<{ settings: { language: string; locale: string } }>('settings.get', {}, s.owner)).settings;
    expect(await s.ok('staff.setMyLanguage', { language: 'en' }, s.cashier)).toEqual({ language: 'en' });
    expect(await s.ok('staff.setMyLanguage', { language: 'el' }, s.manager)).toEqual({ language: 'el' });
    expect(await s.ok('staff.myLanguage', {}, s.cashier)).toEqual({ language: 'en' });
    expect(await s.ok('staff.myLanguage', {}, s.manager)).toEqual({ language: 'el' });
    expect(await s.ok('staff.myLanguage', {}, s.owner)).toEqual({ language: null });
    const after = (await s.ok<{ settings: { language: string; locale: string } }>('settings.get', {}, s.owner)).settings;
    expect([after.language, after.locale]).toEqual([before.language, before.locale]);
    // Changing the shop's language is still the owner's.
    expect((await s.fail('settings.update', { language: 'en' }, s.manager)).code).toBe('PERMISSION_DENIED');
  });

  it('null goes back to the shop\'s language; only en and el; signed in only', async () => {
    const s = await shop();
    await s.ok('staff.setMyLanguage', { language: 'en' }, s.cashier);
    await s.ok('staff.setMyLanguage', { language: null }, s.cashier);
    expect(await s.ok('staff.myLanguage', {}, s.cashier)).toEqual({ language: null });
    expect((await s.fail('staff.setMyLanguage', { language: 'fr' }, s.cashier)).code).toBe('VALIDATION_FAILED');
    expect((await s.fail('staff.setMyLanguage', { language: 'en' }, null)).code).toBe('AUTH_REQUIRED');
  });
});

describe('the shop\'s language at setup', () => {
  it('the owner who picks English gets English and an English number format', async () => {
    const { api, db } = emptyShop();
    const r = await api.call('staff.bootstrapOwner', { name: 'Anna', pin: '4321', language: 'en' });
    expect(r.ok).toBe(true);
    expect([getSettings(db).language, getSettings(db).locale]).toEqual(['en', 'en-IE']);
  });

  it('the owner who picks Greek keeps the Greek format', async () => {
    const { api, db } = emptyShop();
    expect((await api.call('staff.bootstrapOwner', { name: 'Άννα', pin: '4321', language: 'el' })).ok).toBe(true);
    expect([getSettings(db).language, getSettings(db).locale]).toEqual(['el', 'el-GR']);
  });
});

describe('the business name from the checkout', () => {
  it('prefills the business settings once, and never overwrites what the owner set', async () => {
    const { db, clock } = emptyShop();
    expect(prefillBusinessName(db, clock, 'Kafeneio Eleni')).toBe(true);
    expect(getSettings(db).business.name).toBe('Kafeneio Eleni');
    expect(prefillBusinessName(db, clock, 'Another name')).toBe(false);
    expect(getSettings(db).business.name).toBe('Kafeneio Eleni');
    expect(prefillBusinessName(db, clock, '   ')).toBe(false);
  });
});
