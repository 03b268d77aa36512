/**
 * End-to-end in Chromium for the back office and the waiter's phone (issue 11, items 16, 20–23):
 * - at 390×844 with touch, a cashier reaches every navigation button (none under the chips),
 *   seats a table, and takes its order on a one-column item list with the ticket as a bottom
 *   sheet whose total, Send and Pay stay on screen (layout needs a real browser, not happy-dom);
 * - the screens this work changed, looked at in 1024×768, 1366×768, 800×1280 and 390×844,
 *   saved under test-results/screens-i11-office/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e, E2eApp } from './fixture';
import { activateApp, goTo, signInWithPin, uniqueEmail } from './shop';
import type { SessionStaff } from '../core/pos/staff/permissions';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i11-office');
const SIZES = [[1024, 768], [1366, 768], [800, 1280], [390, 844]] as const;
let e2e: E2e;
let a: E2eApp;

beforeAll(async () => {
  e2e = await startE2e();
  a = await e2e.startApp('backoffice');
  await activateApp(e2e.worker, a, uniqueEmail('backoffice'));
  await seedShop(a);
}, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

async function call<T>(name: string, input: unknown, as: SessionStaff | null): Promise<T> {
  const r = await a.app.api.call<T>(name, input, as, { mainComputer: true });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The demo café with a day of trade: tables in every state, paid orders by cash and card, a refund. */
async function seedShop(app: E2eApp): Promise<void> {
  const r = await app.app.api.call<{ staff: (SessionStaff & { pin: string })[] }>('demo.load', {});
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const owner = r.value.staff.find((s) => s.role === 'owner')!;
  const cashier = r.value.staff.find((s) => s.role === 'cashier')!;
  await call('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, owner);
  await call('shift.open', { openingFloatCents: 10_000 }, owner);
  const items = await call<{ id: string; name: string; priceCents: number; optionGroups: unknown[] }[]>('catalog.listItems', {}, owner);
  const plain = items.filter((i) => i.optionGroups.length === 0);
  const tables: string[] = [];
  for (const [name, seats] of [['Terrace 1', 4], ['Terrace 2', 2], ['Window', 2], ['Bar 1', 1], ['Garden 10', 6], ['Κήπος 2', 4]] as const) {
    tables.push((await call<{ id: string }>('table.create', { name, seats, area: name.startsWith('Terrace') ? 'Terrace' : '' }, owner)).id);
  }
  const add = async (orderId: string, n: number, from = 0) => { for (let i = 0; i < n; i++) await call('order.addLine', { orderId, itemId: plain[(from + i) % plain.length]!.id, qty: 1 + (i % 2) }, cashier); };
  await call('table.open', { tableId: tables[1], guests: 2 }, cashier);
  const ordered = await call<{ id: string }>('table.open', { tableId: tables[2], guests: 2 }, cashier);
  await add(ordered.id, 3);
  const billed = await call<{ id: string }>('table.open', { tableId: tables[4], guests: 5 }, cashier);
  await add(billed.id, 5, 4);
  await call('receipt.print', { orderId: billed.id }, cashier);
  for (let k = 0; k < 6; k++) {
    const o = await call<{ id: string }>('order.create', {}, cashier);
    await add(o.id, 2 + (k % 3), k * 3);
    if (k === 1) await call('order.setDetails', { orderId: o.id, comment: 'Birthday: candles on the cake, no nuts' }, cashier);
    const due = (await call<{ dueCents: number }>('order.get', { orderId: o.id }, cashier)).dueCents;
    await call('payment.take', { orderId: o.id, tenders: [k % 2 === 0 ? { method: 'cash', tenderedCents: due } : { method: 'card', amountCents: due }] }, cashier);
    if (k === 2) {
      const lines = (await call<{ lines: { id: string }[] }>('order.get', { orderId: o.id }, cashier)).lines;
      await call('order.refund', { orderId: o.id, method: 'cash', reason: 'cold', lines: [{ lineId: lines[0]!.id, qty: 1 }] }, owner);
    }
  }
}

async function openAt(width: number, height: number): Promise<Page> {
  const touch = width < 1024;
  const context = await e2e.browser.newContext({ viewport: { width, height }, locale: 'en-GB', hasTouch: touch, isMobile: width < 700 });
  const page = await context.newPage();
  await page.goto(a.app.server!.openUrl);
  return page;
}

/** The element really under the middle of the box is the button itself (nothing on top of it). */
async function hitTestOk(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit)) && r.right <= window.innerWidth && r.bottom <= window.innerHeight && r.left >= 0 && r.top >= 0;
  });
}

describe('the waiter\'s phone (390×844, touch)', () => {
  it('reaches every screen, seats a table and takes its order on a one-column list with the ticket as a bottom sheet', async () => {
    const page = await openAt(390, 844);
    await signInWithPin(page, /Maria/, '1111');
    for (const nav of ['order', 'tables', 'orders', 'shift', 'settings']) {
      await page.getByTestId(`nav-${nav}`).scrollIntoViewIfNeeded();
      expect(await hitTestOk(page, `nav-${nav}`), `nav-${nav} reachable`).toBe(true);
      const box = (await page.getByTestId(`nav-${nav}`).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    expect(await hitTestOk(page, 'sign-out')).toBe(true);

    await page.getByTestId('nav-tables').tap();
    await page.getByTestId('table-card').filter({ hasText: 'Terrace 1' }).getByTestId('table-open').tap();
    await page.getByTestId('covers-3').tap();
    await page.getByTestId('order-screen').waitFor();
    const grid = (await page.getByTestId('item-grid').boundingBox())!;
    expect(grid.width).toBeGreaterThanOrEqual(340);
    expect(grid.height).toBeGreaterThanOrEqual(200);
    const tiles = page.getByTestId('item-tile');
    const [t1, t2] = [(await tiles.nth(0).boundingBox())!, (await tiles.nth(1).boundingBox())!];
    expect(t2.x).toBe(t1.x); // one column
    expect(t2.y).toBeGreaterThan(t1.y);
    expect(t1.width).toBeGreaterThanOrEqual(300);
    expect(t1.height).toBeGreaterThanOrEqual(56);

    await page.getByTestId('category-tab').filter({ hasText: 'Pastries' }).first().tap();
    await tiles.filter({ hasText: 'Koulouri' }).first().tap();
    await tiles.filter({ hasText: 'Butter croissant' }).first().tap();
    await expect.poll(() => page.getByTestId('ticket-line').count()).toBe(2);
    const ticket = (await page.getByTestId('ticket').boundingBox())!;
    expect(ticket.y).toBeGreaterThan(grid.y + 150); // below the list, a bottom sheet
    expect(ticket.y + ticket.height).toBeGreaterThanOrEqual(843);
    expect(ticket.height).toBeLessThanOrEqual(844 * 0.5);
    for (const id of ['total', 'send-kitchen', 'pay']) expect(await hitTestOk(page, id), `${id} on screen`).toBe(true);
    for (const id of ['nav-tables', 'nav-orders']) expect(await hitTestOk(page, id), `${id} still reachable`).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'phone-table-order-390x844.png') });
    await page.getByTestId('send-kitchen').tap();
    // A cashier's Settings: only what she may change, and who changes the rest.
    await page.getByTestId('nav-settings').tap();
    await page.getByTestId('settings-owner-only').waitFor();
    expect(await page.getByTestId('settings-business').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'settings-cashier-390x844.png') });
    await page.context().close();
  }, 120_000);
});

describe('the changed screens at four sizes', () => {
  for (const [w, h] of SIZES) {
    it(`orders, refund, reports, tables, settings at ${w}×${h}`, async () => {
      const page = await openAt(w, h);
      await signInWithPin(page, /Eleni/, '1234');
      const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}-${w}x${h}.png`) });
      mkdirSync(SHOTS, { recursive: true });
      // Every screen is reachable: no navigation button under the chips, at any size.
      for (const nav of ['order', 'tables', 'orders', 'shift', 'reports', 'menu', 'settings']) {
        await page.getByTestId(`nav-${nav}`).scrollIntoViewIfNeeded();
        expect(await hitTestOk(page, `nav-${nav}`), `nav-${nav} reachable at ${w}×${h}`).toBe(true);
      }
      await page.getByTestId('nav-order').scrollIntoViewIfNeeded();
      await shot('order');
      await goTo(page, 'tables');
      await expect.poll(() => page.getByTestId('table-card').count()).toBe(6);
      await shot('tables');
      await page.getByTestId('table-card').filter({ hasText: 'Window' }).getByTestId('table-edit-open').click();
      await page.getByTestId('table-edit').waitFor();
      await shot('table-edit');
      await page.keyboard.press('Escape');
      await goTo(page, 'orders');
      await expect.poll(() => page.getByTestId('orders-row').count()).toBeGreaterThanOrEqual(6);
      await shot('orders');
      await page.getByTestId('orders-row').filter({ hasText: 'Birthday' }).click();
      await page.getByTestId('order-refund').click();
      await page.getByTestId('refund-line-plus').first().click();
      await page.getByTestId('action-reason').fill('Spilled');
      await shot('order-refund');
      await page.keyboard.press('Escape');
      await page.getByTestId('orders-search').fill('#3');
      await expect.poll(() => page.getByTestId('orders-row').count()).toBe(1);
      await shot('orders-search');
      await goTo(page, 'reports');
      await page.getByTestId('vat-table').waitFor();
      // Chart labels: amounts on the category bars, a share on each pie slice.
      await expect.poll(() => page.locator('[data-testid="chart-category"] .recharts-label-list text').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="chart-category"] .recharts-label-list text').first().textContent()).toMatch(/\d.*€|€.*\d/);
      const pieLabels = await page.locator('[data-testid="chart-method"] svg text').allTextContents();
      expect(pieLabels.length).toBe(2);
      expect(pieLabels.map((t) => Number(t.replace(/[^\d]/g, ''))).reduce((x, y) => x + y, 0)).toBe(100);
      await page.screenshot({ path: join(SHOTS, `reports-${w}x${h}.png`), fullPage: true });
      await goTo(page, 'settings');
      await page.getByTestId('settings-business').waitFor();
      await shot('settings');
      await page.context().close();
    }, 120_000);
  }
});
