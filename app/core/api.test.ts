import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApi, defineCommand } from './api';
import { createTestShop } from './api/test-shop';
import type { TestShop } from './api/test-shop';
import type { OrderView } from './pos/orders/order-view';
import { ROLE_PERMISSIONS } from './pos/staff/permissions';
import { openDatabase } from './db/connection';
import { tempDir } from './db/test-helpers';

let shop: TestShop;
beforeEach(async () => {
  shop = await createTestShop();
  await shop.ok('shift.open', { openingFloatCents: 0 }, shop.cashier); // cash needs an open shift
});
afterEach(() => shop.cleanup());

async function paidOrder(): Promise<OrderView> {
  const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
  await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.coffee }, shop.cashier);
  await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'cash', tenderedCents: 500 }] }, shop.cashier);
  return o;
}

describe('api', () => {
  it('answers errors as values with codes, never stack traces', async () => {
    expect(await shop.api.call('nope.nothing', {}, shop.owner)).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_COMMAND' }) });
    const bad = await shop.api.call('order.addLine', { orderId: 5 }, shop.cashier);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION_FAILED');
      expect(bad.error.details?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'orderId' })]));
    }
    expect((await shop.fail('order.get', { orderId: 'missing' }, shop.cashier)).code).toBe('ORDER_NOT_FOUND');
    expect((await shop.fail('order.create', {}, null)).code).toBe('AUTH_REQUIRED');
  });

  it('hides unexpected failures behind INTERNAL and logs them', async () => {
    const logged: unknown[] = [];
    const api = createApi({
      db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir,
      logInternalError: (_n, e) => logged.push(e),
      commands: { 'test.boom': defineCommand({ input: z.object({}), permission: null, run: () => { throw new Error('secret path /etc/x'); } }) },
    });
    const r = await api.call('test.boom', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(logged).toHaveLength(1);
  });

  it('role table: cashier ⊂ manager ⊂ owner', () => {
    for (const p of ROLE_PERMISSIONS.cashier) expect(ROLE_PERMISSIONS.manager.has(p)).toBe(true);
    for (const p of ROLE_PERMISSIONS.manager) expect(ROLE_PERMISSIONS.owner.has(p)).toBe(true);
    expect([...ROLE_PERMISSIONS.cashier].sort()).toEqual(['cash.in', 'order.sell', 'shift.open']);
  });
});

describe('roles enforced through api.call', () => {
  it('a cashier cannot refund', async () => {
    const o = await paidOrder();
    expect((await shop.fail('order.refund', { orderId: o.id, method: 'cash', reason: 'x' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.ok<{ amountCents: number }>('order.refund', { orderId: o.id, method: 'cash', reason: 'x' }, shop.manager)).amountCents).toBe(350);
  });

  it('a cashier cannot void a paid order', async () => {
    const o = await paidOrder();
    expect((await shop.fail('order.void', { orderId: o.id, reason: 'x' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier)).status).toBe('paid');
  });

  it('a cashier cannot change settings, tax rates, the catalog or staff', async () => {
    const attempts: [string, unknown][] = [
      ['tax.createRate', { name: 'X', rateBp: 500 }],
      ['catalog.createCategory', { name: 'X' }],
      ['catalog.updateItem', { id: shop.items.coffee, priceCents: 1 }],
      ['staff.create', { name: 'X', role: 'owner', pin: '1234' }],
      ['audit.list', {}],
    ];
    attempts.push(['settings.update', { taxMode: 'exclusive' }], ['shift.cashOut', { amountCents: 100, reason: 'x' }], ['shift.close', { countedCashCents: 0 }]);
    for (const [name, input] of attempts) expect((await shop.fail(name, input, shop.cashier)).code, name).toBe('PERMISSION_DENIED');
  });

  it('a manager cannot manage staff or backups; an owner can', async () => {
    expect((await shop.fail('staff.create', { name: 'X', role: 'cashier', pin: '1234' }, shop.manager)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('backup.list', {}, shop.manager)).code).toBe('PERMISSION_DENIED');
    expect(await shop.ok('backup.list', {}, shop.owner)).toEqual(expect.any(Array));
  });
});

describe('license access in core (issue 9, rule 2)', () => {
  const firstRunCommands = {
    'license.activate': defineCommand({ input: z.object({}), permission: 'license.manage', firstRun: true, run: () => 'activated' }),
    'license.portal': defineCommand({ input: z.object({}), permission: 'license.manage', run: () => 'portal' }),
    'license.later': defineCommand({ input: z.object({}), permission: null, run: () => 'later' }),
    'license.status': defineCommand({ input: z.object({}), permission: null, run: () => 'status' }),
  };

  it('the owner holds license.manage; owner and manager hold license.takeover; a cashier neither', () => {
    expect(ROLE_PERMISSIONS.owner.has('license.manage')).toBe(true);
    expect(ROLE_PERMISSIONS.manager.has('license.manage')).toBe(false);
    expect(ROLE_PERMISSIONS.manager.has('license.takeover')).toBe(true);
    expect(ROLE_PERMISSIONS.cashier.has('license.takeover')).toBe(false);
  });

  it('first run is only for the main computer of a shop with no staff; a caller that does not say is not it', async () => {
    const tmp = tempDir('pospal-first-run-');
    const empty = { db: openDatabase({ file: `${tmp.dir}/pospal.db` }), close: () => { empty.db.close(); tmp.cleanup(); } };
    const api = createApi({ db: empty.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: firstRunCommands });
    expect(await api.call('license.activate', {}, null, { mainComputer: true })).toEqual({ ok: true, value: 'activated' });
    expect((await api.call('license.activate', {}, null)).ok).toBe(false);
    expect((await api.call('license.activate', {}, null, { mainComputer: false })).ok).toBe(false);
    expect(await api.call('license.portal', {}, null, { mainComputer: true })).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    empty.close();
    const staffed = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: firstRunCommands });
    expect(await staffed.call('license.activate', {}, null, { mainComputer: true })).toMatchObject({
      ok: false, error: { code: 'AUTH_REQUIRED', message: 'Ask the owner to sign in with their PIN', details: { requiredRoles: ['owner'] } },
    });
  });

  it('a license.* command without a permission is the owner\'s, except the status the banner reads', async () => {
    const api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: firstRunCommands });
    expect(await api.call('license.later', {}, shop.manager)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { requiredRoles: ['owner'] } } });
    expect(await api.call('license.later', {}, shop.owner)).toEqual({ ok: true, value: 'later' });
    expect(await api.call('license.status', {}, null)).toEqual({ ok: true, value: 'status' });
  });
});
