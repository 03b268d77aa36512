import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER_PIN, createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './staff';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

describe('staff and PIN login', () => {
  it('stores only a salted slow hash of the PIN', () => {
    const rows = shop.db.prepare('SELECT pin_hash, pin_salt FROM staff').all() as { pin_hash: string; pin_salt: string }[];
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.pin_hash).toMatch(/^scrypt:16384:8:1:/);
      expect(r.pin_hash).not.toContain(CASHIER_PIN);
    }
    expect(new Set(rows.map((r) => r.pin_salt)).size).toBe(3);
  });

  it('logs in with the right PIN and returns the role', async () => {
    const s = await shop.ok('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN }, null);
    expect(s).toEqual(shop.cashier);
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: '9999' }, null))).toMatchObject({ code: 'PIN_INVALID', details: { attemptsLeft: 4 } });
  });

  it(`locks after ${MAX_FAILED_ATTEMPTS} wrong PINs for 5 minutes (clock-injected), even for the right PIN`, async () => {
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: '0000' }, null)).code).toBe('PIN_INVALID');
    const locked = await shop.fail('staff.login', { staffId: shop.cashier.id, pin: '0000' }, null);
    expect(locked).toMatchObject({ code: 'STAFF_LOCKED', details: { lockedUntil: shop.clock.now() + LOCKOUT_MS } });
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN }, null)).code).toBe('STAFF_LOCKED');
    shop.clock.advance(LOCKOUT_MS - 1);
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN }, null)).code).toBe('STAFF_LOCKED');
    shop.clock.advance(1);
    expect(await shop.ok('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN }, null)).toEqual(shop.cashier);
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.locked'").get()).toEqual({ n: 1 });
  });

  it('validates PIN format at creation', async () => {
    expect((await shop.fail('staff.create', { name: 'X', role: 'cashier', pin: '12' }, shop.owner)).code).toBe('VALIDATION_FAILED');
    expect((await shop.fail('staff.create', { name: 'X', role: 'cashier', pin: '1234567' }, shop.owner)).code).toBe('VALIDATION_FAILED');
    expect((await shop.fail('staff.create', { name: 'X', role: 'cashier', pin: '12a4' }, shop.owner)).code).toBe('VALIDATION_FAILED');
  });

  it('bootstraps an owner only on an empty shop', async () => {
    expect((await shop.fail('staff.bootstrapOwner', { name: 'Eve', pin: '1234' }, null)).code).toBe('STAFF_ALREADY_EXISTS');
  });

  it('never leaves the shop without an active owner', async () => {
    expect((await shop.fail('staff.update', { id: shop.owner.id, role: 'manager' }, shop.owner)).code).toBe('LAST_OWNER');
    expect((await shop.fail('staff.update', { id: shop.owner.id, active: false }, shop.owner)).code).toBe('LAST_OWNER');
  });

  it('a deactivated staff member loses access at once', async () => {
    await shop.ok('staff.update', { id: shop.cashier.id, active: false }, shop.owner);
    expect((await shop.fail('order.create', {}, shop.cashier)).code).toBe('AUTH_REQUIRED');
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN }, null)).code).toBe('STAFF_INACTIVE');
  });
});
