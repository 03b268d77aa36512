/**
 * Issue 11 (items 1–6) in Chromium against browser mode and a real local licensing worker: the
 * screens that changed, looked at in four sizes (desktop 1024×768 and 1366×768, a tablet at
 * 800×1280, a phone at 390×844). The kitchen printer is on a dead port, so Send shows the
 * warning that names it. Screenshots go to test-results/screens-i11-kitchen/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { activateApp, goTo, signInWithPin, tapItem, uniqueEmail } from './shop';

const DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i11-kitchen');
const SIZES = [[1024, 768], [1366, 768], [800, 1280], [390, 844]] as const;

/** The same screen at the four sizes, named `<name>-<w>x<h>.png`. */
async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(DIR, `${name}-${width}x${height}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

let e2e: E2e;
beforeAll(async () => { e2e = await startE2e(); }, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

describe('the kitchen and the printer match what happened (e2e)', () => {
  it('send warning, stations on the menu, split receipt, drawer settings, No sale', async () => {
    const a = await e2e.startApp('kitchen');
    await activateApp(e2e.worker, a, uniqueEmail('kitchen'));
    const demo = await a.app.api.call<{ staff: { id: string; role: string; pin: string }[] }>('demo.load', {});
    if (!demo.ok) throw new Error(JSON.stringify(demo.error));
    const ownerStaff = demo.value.staff.find((s) => s.role === 'owner');
    const login = await a.app.api.call<{ id: string; name: string; role: 'owner' }>('staff.login', { staffId: ownerStaff?.id, pin: ownerStaff?.pin });
    if (!login.ok) throw new Error('login');
    const owner = login.value;
    // Port 1 refuses at once: a kitchen printer that is off.
    const printer = (id: string, name: string, station: string, cashDrawer = false) => ({ id, name, host: '127.0.0.1', port: 1, paper: 80, codePage: 'cp737', station, enabled: true, cashDrawer });
    const set = await a.app.api.call('settings.update', { language: 'en', locale: 'en-IE', printers: [printer('kitchen', 'Kitchen printer', 'kitchen'), printer('bar', 'Bar printer', 'bar'), printer('till', 'Till printer', 'receipt', true)] }, owner);
    expect(set.ok).toBe(true);

    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');
    await goTo(page, 'order');
    await tapItem(page, 'Cheesecake', 'Desserts');
    await tapItem(page, 'Spanakopita', 'Pastries');
    await expect.poll(() => page.getByTestId('total').innerText()).toMatch(/7[.,]70/);
    await page.getByTestId('send-kitchen').click();
    await page.getByTestId('send-warning').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('send-warning').innerText()).toContain('Kitchen printer has not printed the ticket yet.');
    await shots(page, 'order-send-warning');

    await goTo(page, 'menu');
    await page.getByTestId('menu-category').filter({ hasText: 'Coffee' }).click();
    await expect.poll(() => page.getByTestId('menu-category-station').inputValue()).toBe('bar');
    await shots(page, 'menu-category-station');
    await page.getByTestId('menu-edit-item').first().click();
    await page.getByTestId('item-station').waitFor();
    await shots(page, 'menu-item-station');
    await page.getByTestId('sheet-close').click();

    // A table of two: one guest pays their cheesecake, and gets their own receipt.
    const table = await a.app.api.call<{ id: string }>('table.create', { name: '4' }, owner);
    if (!table.ok) throw new Error('table');
    const order = await a.app.api.call<{ id: string }>('table.open', { tableId: table.value.id }, owner);
    if (!order.ok) throw new Error('open');
    const items = await a.app.api.call<{ id: string; name: string }[]>('catalog.listItems', {}, owner);
    const itemId = (name: string) => (items.ok ? items.value.find((i) => i.name === name)?.id : undefined);
    for (const name of ['Cheesecake', 'Baklava', 'Spanakopita']) await a.app.api.call('order.addLine', { orderId: order.value.id, itemId: itemId(name) }, owner);
    await goTo(page, 'tables');
    await page.getByTestId('table-split').first().click();
    await page.getByTestId('split-bill-line').filter({ hasText: 'Cheesecake' }).click();
    await page.getByTestId('split-pay-guest').click();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('receipt-show').click();
    await page.getByTestId('receipt-sheet').waitFor();
    await expect.poll(() => page.getByTestId('receipt-sheet').innerText()).toContain('1 × Cheesecake');
    await shots(page, 'split-guest-receipt');
    // Back to the split (the rest is still due), then out of it.
    await page.getByTestId('sheet-close').click();
    await page.getByTestId('split-full-receipt').waitFor();
    await shots(page, 'split-after-guest');
    await page.getByTestId('sheet-close').click();

    await goTo(page, 'settings');
    await page.getByTestId('settings-printers').click();
    await page.getByTestId('printer-drawer').waitFor();
    await shots(page, 'settings-printers-drawer');

    await goTo(page, 'shift');
    await page.getByTestId('shift-float').fill('50');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('no-sale').click();
    await page.getByText('Cash drawer opened.').waitFor();
    await shots(page, 'shift-no-sale');
  }, 240_000);
});
