import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER_PIN, createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './staff';
import { DEVICE_MAX_FAILURES, DEVICE_WINDOW_MS, IN_FLIGHT_STALE_MS } from './pin-attempts';

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

describe('PIN attempts are counted before the hash is checked (issue 9 rule 1)', () => {
  const checks = (staffId: string) =>
    (shop.db.prepare("SELECT COUNT(*) AS n FROM pin_attempts WHERE staff_id = ? AND outcome IN ('ok', 'wrong')").get(staffId) as { n: number }).n;
  const failed = (staffId: string) => (shop.db.prepare('SELECT failed_attempts AS n FROM staff WHERE id = ?').get(staffId) as { n: number }).n;

  it('the lockout never resets the failure count when it trips: after it ends one wrong PIN locks again; a right PIN resets it', async () => {
    const who = { staffId: shop.cashier.id, deviceKey: 'till' };
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await shop.fail('staff.login', { ...who, pin: '0000' }, null);
    expect(failed(shop.cashier.id)).toBe(MAX_FAILED_ATTEMPTS);
    shop.clock.advance(LOCKOUT_MS);
    expect(await shop.fail('staff.login', { ...who, pin: '0000' }, null)).toMatchObject({ code: 'STAFF_LOCKED', details: { lockedUntil: shop.clock.now() + LOCKOUT_MS } });
    expect(failed(shop.cashier.id)).toBe(MAX_FAILED_ATTEMPTS + 1);
    shop.clock.advance(LOCKOUT_MS);
    expect(await shop.ok('staff.login', { ...who, pin: CASHIER_PIN }, null)).toEqual(shop.cashier);
    expect(failed(shop.cashier.id)).toBe(0);
    expect((await shop.fail('staff.login', { ...who, pin: '0000' }, null))).toMatchObject({ code: 'PIN_INVALID', details: { attemptsLeft: MAX_FAILED_ATTEMPTS - 1 } });
  });

  it('concurrent wrong PINs from many devices check at most the allowed number (the count is taken atomically up front)', async () => {
    const before = checks(shop.cashier.id);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      shop.fail('staff.login', { staffId: shop.cashier.id, pin: String(5000 + i), deviceKey: `tablet-${i}` }, null)));
    expect(checks(shop.cashier.id) - before).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
    expect(answers.filter((e) => e.code === 'PIN_INVALID').length).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS - 1);
    expect(new Set(answers.map((e) => e.code))).toEqual(new Set(['PIN_INVALID', 'STAFF_LOCKED']));
    // The right PIN after the burst is refused unchecked.
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'tablet-x' }, null)).code).toBe('STAFF_LOCKED');
  });

  it('one check in flight per staff member and device: a second is refused PIN_CHECK_BUSY, another device or person is not', async () => {
    const first = shop.api.call('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null);
    const second = await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null);
    expect(second).toMatchObject({ code: 'PIN_CHECK_BUSY', details: { retryAfterSeconds: 1 } });
    const otherDevice = shop.api.call('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'tablet' }, null);
    const otherPerson = shop.api.call('staff.login', { staffId: shop.manager.id, pin: '0000', deviceKey: 'till' }, null);
    expect((await first).ok).toBe(true);
    expect((await otherDevice).ok).toBe(true);
    expect((await otherPerson).ok).toBe(false);
    expect(await shop.ok('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null)).toEqual(shop.cashier);
  });

  it('a check left unfinished by a crash stops blocking after a while', async () => {
    shop.db.prepare('INSERT INTO pin_attempts (staff_id, device_key, started_at) VALUES (?, ?, ?)').run(shop.cashier.id, 'till', shop.clock.now());
    expect((await shop.fail('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null)).code).toBe('PIN_CHECK_BUSY');
    shop.clock.advance(IN_FLIGHT_STALE_MS + 1);
    expect(await shop.ok('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null)).toEqual(shop.cashier);
  });

  it(`a device gets ${DEVICE_MAX_FAILURES} wrong PINs a minute across staff and unknown ids; a right PIN clears it`, async () => {
    const tablet = (staffId: string, pin: string) => ({ staffId, pin, deviceKey: 'tablet' });
    expect((await shop.fail('staff.login', tablet('nobody', '1111'), null)).code).toBe('STAFF_NOT_FOUND');
    expect((await shop.fail('staff.login', tablet(shop.cashier.id, '0000'), null)).code).toBe('PIN_INVALID');
    expect(await shop.ok('staff.login', tablet(shop.cashier.id, CASHIER_PIN), null)).toEqual(shop.cashier);
    for (let i = 0; i < DEVICE_MAX_FAILURES; i++) {
      await shop.fail('staff.login', tablet(i % 2 ? shop.manager.id : 'nobody', '0000'), null);
    }
    const limited = await shop.fail('staff.login', tablet(shop.cashier.id, CASHIER_PIN), null);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: DEVICE_WINDOW_MS / 1000 } });
    // Another device is unaffected; this one may try again when the window has passed.
    expect(await shop.ok('staff.login', { staffId: shop.cashier.id, pin: CASHIER_PIN, deviceKey: 'till' }, null)).toEqual(shop.cashier);
    shop.clock.advance(DEVICE_WINDOW_MS);
    expect(await shop.ok('staff.login', tablet(shop.cashier.id, CASHIER_PIN), null)).toEqual(shop.cashier);
  });
});
