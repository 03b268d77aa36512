/**
 * Issue 11, items 13 and 14: the demo menu for an owner who created their account first, and the
 * demo's PINs on the sign-in screen of a demo shop only. Real core, real SQLite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApi, type Api } from '../core/api';
import type { SessionStaff } from '../core/api';
import { TestLicense } from '../core/api/test-shop';
import { manualClock } from '../core/clock';
import { openDatabase } from '../core/db';
import { tempDir } from '../core/db/test-helpers';
import { demoCommands } from '../core/pos/demo/demo-shop';

interface LoginList { needsOwner: boolean; demo: boolean; staff: { id: string; name: string; role: string; demoPin?: string }[] }

let tmp: ReturnType<typeof tempDir>;
let api: Api;
beforeEach(() => {
  tmp = tempDir('pospal-demo-start-');
  const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
  api = createApi({ db: openDatabase({ file: join(tmp.dir, 'shop.db'), clock }), clock, license: new TestLicense(), dataDir: tmp.dir, commands: demoCommands });
});
afterEach(() => { api.db().close(); tmp.cleanup(); });

async function value<T>(p: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
async function ownerFirst(): Promise<SessionStaff> {
  const owner = await value<{ id: string }>(api.call('staff.bootstrapOwner', { name: 'Anna', pin: '4321' }));
  return value<SessionStaff>(api.call('staff.login', { staffId: owner.id, pin: '4321' }));
}

describe('the demo menu on a shop whose owner signed up first (item 13)', () => {
  it('the owner loads the demo menu into the empty menu; no demo staff and no demo marker', async () => {
    const owner = await ownerFirst();
    const loaded = await value<{ items: number }>(api.call('demo.loadMenu', {}, owner));
    expect(loaded.items).toBeGreaterThan(20);
    const items = await value<unknown[]>(api.call('catalog.listItems', {}, owner));
    expect(items.length).toBe(loaded.items);
    const list = await value<LoginList>(api.call('staff.listForLogin', {}));
    expect(list.staff.map((s) => s.name)).toEqual(['Anna']);
    expect(list.demo).toBe(false);
  });

  it('refuses a menu that is not empty (MENU_NOT_EMPTY), so a real menu is never mixed with the demo', async () => {
    const owner = await ownerFirst();
    await value(api.call('catalog.createCategory', { name: 'Mains' }, owner));
    const second = await api.call('demo.loadMenu', {}, owner);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'MENU_NOT_EMPTY' } });
  });

  it("is the owner's: a manager and a signed-out caller are refused", async () => {
    const owner = await ownerFirst();
    const manager = await value<{ id: string }>(api.call('staff.create', { name: 'Nikos', role: 'manager', pin: '5555' }, owner));
    const managerSession = await value<SessionStaff>(api.call('staff.login', { staffId: manager.id, pin: '5555' }));
    expect((await api.call('demo.loadMenu', {}, managerSession)).ok).toBe(false);
    expect((await api.call('demo.loadMenu', {})).ok).toBe(false);
    expect(await value<unknown[]>(api.call('catalog.listItems', {}, owner))).toEqual([]);
  });
});

describe('the demo PINs on the sign-in screen (item 14)', () => {
  it('a demo shop lists each demo staff member with their PIN', async () => {
    await value(api.call('demo.load', {}));
    const list = await value<LoginList>(api.call('staff.listForLogin', {}));
    expect(list.demo).toBe(true);
    expect(list.staff.map((s) => [s.name, s.demoPin])).toEqual(expect.arrayContaining([['Eleni (owner)', '1234'], ['Nikos (manager)', '2222'], ['Maria (cashier)', '1111']]));
  });

  it('a real shop never shows PINs, even after its owner loads the demo menu', async () => {
    const owner = await ownerFirst();
    await value(api.call('demo.loadMenu', {}, owner));
    const list = await value<LoginList>(api.call('staff.listForLogin', {}));
    expect(list.staff.every((s) => s.demoPin === undefined)).toBe(true);
  });

  it('a demo PIN that was changed is no longer shown, and the marker cannot be written through settings', async () => {
    const loaded = await value<{ staff: { id: string; role: string; pin: string }[] }>(api.call('demo.load', {}));
    const owner = loaded.staff.find((s) => s.role === 'owner')!;
    const session = await value<SessionStaff>(api.call('staff.login', { staffId: owner.id, pin: owner.pin }));
    await value(api.call('staff.setPin', { id: owner.id, pin: '9876' }, session));
    const list = await value<LoginList>(api.call('staff.listForLogin', {}));
    expect(list.staff.find((s) => s.id === owner.id)?.demoPin).toBeUndefined();
    expect(list.staff.filter((s) => s.demoPin).length).toBe(2);
    expect((await api.call('settings.update', { demo: { pins: {} } }, session)).ok).toBe(false);
  });
});
