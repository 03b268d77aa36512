/**
 * A real shop for tests: a temp SQLite file with every migration, the API, three staff members
 * (owner/manager/cashier), tax rates, a category and a few items. No mocks.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createApi } from '../api';
import type { Api, ApiResult } from '../api';
import { manualClock } from '../clock';
import type { ManualClock } from '../clock';
import { openDatabase } from '../db/connection';
import type { Db } from '../db/connection';
import { tempDir } from '../db/test-helpers';
import type { SessionStaff } from '../pos/staff/permissions';
import type { LicenseGate } from './command';

export class TestLicense implements LicenseGate {
  selling = true;
  current = 'active';
  canSell(): boolean { return this.selling; }
  state(): string { return this.current; }
}

export interface TestShop {
  dir: string;
  file: string;
  db: Db;
  api: Api;
  clock: ManualClock;
  license: TestLicense;
  owner: SessionStaff;
  manager: SessionStaff;
  cashier: SessionStaff;
  rates: { standard: string; reduced: string };
  categoryId: string;
  items: { coffee: string; toast: string; water: string; pizza: string };
  pizzaOptions: { small: string; large: string; olives: string; extraCheese: string };
  cleanup(): void;
  /** Calls the API and returns the value, throwing the error value if it failed. */
  ok<T = unknown>(name: string, input: unknown, as: SessionStaff | null): Promise<T>;
  fail(name: string, input: unknown, as: SessionStaff | null): Promise<{ code: string; message: string; details?: Record<string, unknown> }>;
}

export const OWNER_PIN = '1111';
export const MANAGER_PIN = '2222';
export const CASHIER_PIN = '3333';

interface ShopTemplate {
  file: string;
  ids: Pick<TestShop, 'owner' | 'manager' | 'cashier' | 'rates' | 'categoryId' | 'items' | 'pizzaOptions'>;
}

let template: Promise<ShopTemplate> | undefined;

/**
 * Builds the seeded shop once per test process (scrypt PIN hashes are slow on purpose), then
 * every test gets its own copy of that file: real SQLite, isolated, fast.
 */
export async function createTestShop(startMs = Date.UTC(2026, 5, 15, 9, 0)): Promise<TestShop> {
  template ??= buildTemplate(startMs);
  const t = await template;
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'shop.sqlite3');
  copyFileSync(t.file, file);
  const clock = manualClock(startMs);
  const db = openDatabase({ file, clock });
  const license = new TestLicense();
  const api = createApi({ db, clock, license, dataDir: dir });
  const { ok, fail } = helpers(api);
  return {
    dir, file, db, api, clock, license, ...t.ids, ok, fail,
    cleanup: () => { try { api.db().close(); } catch { /* already closed */ } cleanup(); },
  };
}

function helpers(api: Api): Pick<TestShop, 'ok' | 'fail'> {
  const ok = async <T>(name: string, input: unknown, as: SessionStaff | null): Promise<T> => {
    const r: ApiResult<T> = await api.call<T>(name, input, as);
    if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const fail = async (name: string, input: unknown, as: SessionStaff | null) => {
    const r = await api.call(name, input, as);
    if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
    return r.error;
  };
  return { ok, fail };
}

async function buildTemplate(startMs: number): Promise<ShopTemplate> {
  const { dir } = tempDir('pospal-template-');
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const clock = manualClock(startMs);
  const file = join(dir, 'shop.sqlite3');
  const db = openDatabase({ file, clock });
  const api = createApi({ db, clock, license: new TestLicense(), dataDir: dir });
  const { ok } = helpers(api);
  const ownerView = await ok<{ id: string }>('staff.bootstrapOwner', { name: 'Olga', pin: OWNER_PIN }, null);
  const owner = await ok<SessionStaff>('staff.login', { staffId: ownerView.id, pin: OWNER_PIN }, null);
  const m = await ok<{ id: string }>('staff.create', { name: 'Manos', role: 'manager', pin: MANAGER_PIN }, owner);
  const c = await ok<{ id: string }>('staff.create', { name: 'Katerina', role: 'cashier', pin: CASHIER_PIN }, owner);
  const manager: SessionStaff = { id: m.id, name: 'Manos', role: 'manager' };
  const cashier: SessionStaff = { id: c.id, name: 'Katerina', role: 'cashier' };
  const standard = (await ok<{ id: string }>('tax.createRate', { name: 'VAT 24%', rateBp: 2400 }, owner)).id;
  const reduced = (await ok<{ id: string }>('tax.createRate', { name: 'VAT 13%', rateBp: 1300 }, owner)).id;
  const categoryId = (await ok<{ id: string }>('catalog.createCategory', { name: 'Cafe' }, owner)).id;
  const item = (name: string, priceCents: number, taxRateId: string, extra: Record<string, unknown> = {}) =>
    ok<{ id: string; optionGroups: { options: { id: string; name: string }[] }[] }>('catalog.createItem', { categoryId, name, priceCents, taxRateId, ...extra }, owner);
  const coffee = await item('Freddo Espresso', 350, standard, { barcode: '5200000000011' });
  const toast = await item('Toast', 290, reduced);
  const water = await item('Water', 50, reduced, { barcode: '5200000000028' });
  const pizza = await item('Pizza Margherita', 900, reduced, {
    optionGroups: [
      { name: 'Size', minChoices: 1, maxChoices: 1, options: [{ name: 'Small', priceDeltaCents: -200 }, { name: 'Large', priceDeltaCents: 300 }] },
      { name: 'Extras', minChoices: 0, maxChoices: 2, options: [{ name: 'Olives', priceDeltaCents: 50 }, { name: 'Extra cheese', priceDeltaCents: 120 }] },
    ],
  });
  // Cash without an open shift is refused in a real shop (SHIFT_NOT_OPEN) unless this setting is
  // on. Test shops turn it on so tests about other things can take cash without a shift ritual;
  // shift-attribution.test.ts turns it off to test the rule itself.
  db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('allowCashWithoutShift', 'true', 0)").run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const [size, extras] = pizza.optionGroups;
  const optionId = (g: typeof size, n: string) => g?.options.find((o) => o.name === n)?.id ?? '';
  return {
    file,
    ids: {
      owner, manager, cashier, rates: { standard, reduced }, categoryId,
      items: { coffee: coffee.id, toast: toast.id, water: water.id, pizza: pizza.id },
      pizzaOptions: { small: optionId(size, 'Small'), large: optionId(size, 'Large'), olives: optionId(extras, 'Olives'), extraCheese: optionId(extras, 'Extra cheese') },
    },
  };
}
