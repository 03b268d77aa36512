import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../api';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import { openDatabase } from '../../db/connection';
import { businessDayOf } from './business-day';
import type { OrderView } from './order-view';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

const newOrder = () => shop.ok<OrderView>('order.create', {}, shop.cashier);
const add = (orderId: string, itemId: string, extra: Record<string, unknown> = {}) =>
  shop.ok<OrderView>('order.addLine', { orderId, itemId, ...extra }, shop.cashier);

describe('business day', () => {
  it('counts sales before the day start to the previous day, in the shop time zone', () => {
    // 2026-06-15 00:30 UTC = 03:30 in Athens (UTC+3): before 04:00 → the 14th.
    expect(businessDayOf(Date.UTC(2026, 5, 15, 0, 30), 'Europe/Athens', 4)).toBe('2026-06-14');
    expect(businessDayOf(Date.UTC(2026, 5, 15, 1, 0), 'Europe/Athens', 4)).toBe('2026-06-15');
    expect(businessDayOf(Date.UTC(2026, 5, 15, 0, 30), 'Europe/Athens', 0)).toBe('2026-06-15');
    // Month and year boundaries.
    expect(businessDayOf(Date.UTC(2026, 0, 1, 0, 0), 'Europe/Athens', 4)).toBe('2025-12-31');
    // DST start (29 Mar 2026, 03:00 → 04:00 local): 01:30 UTC is 04:30 local, the new day.
    expect(businessDayOf(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Athens', 4)).toBe('2026-03-29');
  });
});

describe('orders', () => {
  it('numbers orders per business day, resetting at the configured day start', async () => {
    const a = await newOrder();
    const b = await newOrder();
    expect([a.number, b.number]).toEqual([1, 2]);
    expect(a.businessDay).toBe('2026-06-15');
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    shop.clock.set(Date.UTC(2026, 5, 16, 0, 30)); // 03:30 local: still the 15th
    expect((await newOrder()).number).toBe(3);
    shop.clock.set(Date.UTC(2026, 5, 16, 1, 30)); // 04:30 local: a new day
    const d = await newOrder();
    expect([d.businessDay, d.number]).toEqual(['2026-06-16', 1]);
    // The day start is the shop's setting.
    shop.db.prepare("INSERT INTO settings (key, value) VALUES ('businessDayStartHour', '6')").run();
    expect((await newOrder()).businessDay).toBe('2026-06-15');
  });

  it('adds lines with options, notes and quantities and prices them', async () => {
    const o = await newOrder();
    await add(o.id, shop.items.coffee, { qty: 2, note: 'no sugar' });
    const v = await add(o.id, shop.items.pizza, { optionIds: [shop.pizzaOptions.large, shop.pizzaOptions.olives] });
    expect(v.lines).toHaveLength(2);
    const pizza = v.lines[1];
    expect(pizza?.unitPriceCents).toBe(900 + 300 + 50);
    expect(pizza?.options.map((x) => x.name)).toEqual(['Large', 'Olives']);
    expect(v.lines[0]?.note).toBe('no sugar');
    expect(v.totalCents).toBe(700 + 1250);
    expect(v.byRate.map((r) => r.rateBp)).toEqual([2400, 1300]);
    expect(v.taxCents).toBe(v.byRate.reduce((a, r) => a + r.taxCents, 0));
  });

  it('enforces option group min/max and rejects foreign options', async () => {
    const o = await newOrder();
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.pizza }, shop.cashier)).code).toBe('OPTION_CHOICE_INVALID');
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.pizza, optionIds: [shop.pizzaOptions.small, shop.pizzaOptions.large] }, shop.cashier)).code).toBe('OPTION_CHOICE_INVALID');
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.coffee, optionIds: [shop.pizzaOptions.olives] }, shop.cashier)).code).toBe('OPTION_NOT_FOUND');
  });

  it('keeps the line as sold when the catalog changes later', async () => {
    const o = await newOrder();
    await add(o.id, shop.items.coffee);
    await shop.ok('catalog.updateItem', { id: shop.items.coffee, name: 'Freddo', priceCents: 999 }, shop.owner);
    const v = await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier);
    expect(v.lines[0]).toMatchObject({ name: 'Freddo Espresso', unitPriceCents: 350, totalCents: 350 });
  });

  it('saves drafts in the database so another device continues them', async () => {
    const o = await newOrder();
    await add(o.id, shop.items.toast);
    await shop.ok('order.setDetails', { orderId: o.id, comment: 'for the terrace' }, shop.cashier);
    // A second process/device: its own connection and API on the same file.
    const other = openDatabase({ file: shop.file, clock: shop.clock });
    const api2 = createApi({ db: other, clock: shop.clock, license: shop.license, dataDir: shop.dir });
    const active = await api2.call<{ id: string }[]>('order.listActive', {}, shop.manager);
    expect(active.ok && active.value.map((x) => x.id)).toEqual([o.id]);
    const r = await api2.call<OrderView>('order.addLine', { orderId: o.id, itemId: shop.items.coffee }, shop.manager);
    expect(r.ok && r.value.lines.length).toBe(2);
    other.close();
    const v = await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier);
    expect(v.comment).toBe('for the terrace');
    expect(v.totalCents).toBe(290 + 350);
  });

  it('discounts need order.discount and a reason, and are audited', async () => {
    const o = await newOrder();
    const v = await add(o.id, shop.items.coffee, { qty: 2 });
    const lineId = v.lines[0]?.id;
    expect((await shop.fail('order.setDiscount', { orderId: o.id, discount: { kind: 'percent', value: 1000 }, reason: 'regular' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('order.setDiscount', { orderId: o.id, discount: { kind: 'percent', value: 1000 } }, shop.manager)).code).toBe('DISCOUNT_INVALID');
    await shop.ok('order.setDiscount', { orderId: o.id, lineId, discount: { kind: 'amount', value: 100 }, reason: 'cold' }, shop.manager);
    const after = await shop.ok<OrderView>('order.setDiscount', { orderId: o.id, discount: { kind: 'percent', value: 1000 }, reason: 'regular' }, shop.manager);
    expect(after.totalCents).toBe(Math.round((700 - 100) * 0.9));
    expect(after.discount).toMatchObject({ kind: 'percent', value: 1000, reason: 'regular', staffId: shop.manager.id });
    const audit = shop.db.prepare("SELECT staff_id, details FROM audit_log WHERE action = 'order.discount' ORDER BY at").all() as { staff_id: string; details: string }[];
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.staff_id === shop.manager.id)).toBe(true);
    expect(JSON.parse(audit[1]?.details ?? '{}')).toMatchObject({ reason: 'regular', totalAfter: 540 });
  });

  it('removes lines from drafts freely but voids lines of sent orders only with permission', async () => {
    const o = await newOrder();
    let v = await add(o.id, shop.items.coffee);
    v = await add(o.id, shop.items.toast);
    v = await shop.ok<OrderView>('order.removeLine', { orderId: o.id, lineId: v.lines[0]?.id }, shop.cashier);
    expect(v.lines).toHaveLength(1);
    await shop.ok('order.send', { orderId: o.id }, shop.cashier);
    const lineId = v.lines[0]?.id;
    expect((await shop.fail('order.removeLine', { orderId: o.id, lineId, reason: 'mistake' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    v = await shop.ok<OrderView>('order.removeLine', { orderId: o.id, lineId, reason: 'mistake' }, shop.manager);
    expect(v.lines[0]).toMatchObject({ status: 'voided', voidReason: 'mistake' });
    expect(v.totalCents).toBe(0);
  });

  it('refuses sales when the license does not allow selling, but reading still works', async () => {
    const o = await newOrder();
    await add(o.id, shop.items.coffee);
    shop.license.selling = false;
    shop.license.current = 'suspended';
    const err = await shop.fail('order.create', {}, shop.cashier);
    expect(err).toMatchObject({ code: 'LICENSE_NOT_ACTIVE', details: { state: 'suspended' } });
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.coffee }, shop.cashier)).code).toBe('LICENSE_NOT_ACTIVE');
    expect((await shop.fail('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier)).code).toBe('LICENSE_NOT_ACTIVE');
    expect((await shop.ok<OrderView>('order.get', { orderId: o.id }, shop.cashier)).status).toBe('draft');
    await shop.ok('catalog.export', { format: 'csv' }, shop.manager);
  });
});

describe('partial voids', () => {
  it('lowering the quantity of a sent line needs order.void and a reason', async () => {
    const o = await newOrder();
    const v = await add(o.id, shop.items.coffee, { qty: 3 });
    const lineId = v.lines[0]?.id;
    // On a draft the cashier edits freely.
    await shop.ok('order.updateLine', { orderId: o.id, lineId, qty: 2 }, shop.cashier);
    await shop.ok('order.send', { orderId: o.id }, shop.cashier);
    await shop.ok('order.updateLine', { orderId: o.id, lineId, qty: 4 }, shop.cashier);
    expect((await shop.fail('order.updateLine', { orderId: o.id, lineId, qty: 1, reason: 'x' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('order.updateLine', { orderId: o.id, lineId, qty: 1 }, shop.manager)).code).toBe('VALIDATION_FAILED');
    const after = await shop.ok<OrderView>('order.updateLine', { orderId: o.id, lineId, qty: 1, reason: 'sent too many' }, shop.manager);
    expect(after.totalCents).toBe(350);
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'order.voidLine'").get()).toEqual({ n: 1 });
  });
});

describe('tax mode', () => {
  it('follows the shop setting and is fixed on the order when it is created', async () => {
    const before = await newOrder();
    await shop.ok('settings.update', { taxMode: 'exclusive' }, shop.owner);
    const after = await newOrder();
    const a = await add(before.id, shop.items.coffee);
    const b = await add(after.id, shop.items.coffee);
    expect([a.taxMode, a.totalCents, a.taxCents]).toEqual(['inclusive', 350, 68]);
    expect([b.taxMode, b.totalCents, b.taxCents]).toEqual(['exclusive', 434, 84]);
  });
});

describe('lines the kitchen has seen', () => {
  it('are voided, not deleted, even on a draft', async () => {
    const o = await newOrder();
    const v = await add(o.id, shop.items.toast, { qty: 2 });
    const lineId = v.lines[0]?.id;
    await shop.ok('kitchen.send', { orderId: o.id, idempotencyKey: 'click-1-abcdefgh' }, shop.cashier);
    expect((await shop.fail('order.removeLine', { orderId: o.id, lineId }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('order.updateLine', { orderId: o.id, lineId, qty: 1, reason: 'x' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    const after = await shop.ok<OrderView>('order.removeLine', { orderId: o.id, lineId, reason: 'customer changed mind' }, shop.manager);
    expect(after.lines[0]).toMatchObject({ status: 'voided', voidReason: 'customer changed mind' });
  });
});
