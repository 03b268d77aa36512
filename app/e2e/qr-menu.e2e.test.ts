/**
 * End-to-end in Chromium for the QR menu and live pricing (issue 13, sections 2 and 3): the buy
 * form shows the worker's price; the owner publishes the demo café's menu from the Menu screen
 * (real app, real local worker); the QR panel shows the code; the public page /m/<slug> opens
 * at phone size (390×844) with the items, prices and allergens. Screenshots under
 * test-results/screens-i13/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { activateApp, goTo, loadDemo, signInWithPin, uniqueEmail } from './shop';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i13');
let e2e: E2e;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e2e = await startE2e();
}, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

describe('QR menu and live pricing (e2e)', () => {
  it('the buy form shows the plan price the worker answers (development billing: €20 a month)', async () => {
    const a = await e2e.startApp('pricing');
    const page = await a.open();
    await page.getByTestId('activation-screen').waitFor();
    await page.getByTestId('activation-buy').click();
    await expect.poll(() => page.getByTestId('buy-price').innerText()).toMatch(/€20\.00\s+per month/);
    await shot(page, 'buy-form-price');
  }, 120_000);

  it('publishes the menu from the Menu screen and opens /m/<slug> on a phone', async () => {
    const a = await e2e.startApp('qrmenu');
    await activateApp(e2e.worker, a, uniqueEmail('qrmenu'));
    await loadDemo(a);
    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');
    await goTo(page, 'menu');
    const panel = page.getByTestId('menu-publish-panel');
    await panel.waitFor();
    const slug = `demo-cafe-${Date.now().toString(36)}`;
    await page.getByTestId('menu-publish-slug').fill('Bad Slug');
    await expect.poll(() => page.getByTestId('menu-publish-slug-hint').isVisible()).toBe(true);
    await page.getByTestId('menu-publish-slug').fill(slug);
    await page.getByTestId('menu-publish').click();
    const link = page.getByTestId('menu-publish-link');
    await link.waitFor({ timeout: 15_000 });
    const url = await link.innerText();
    expect(url).toBe(`${e2e.worker.url.replace(/\/$/, '')}/m/${slug}`);
    await page.getByTestId('menu-qr-image').waitFor();
    expect(await page.getByTestId('menu-qr-png').getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    expect(await page.getByTestId('menu-qr-svg').getAttribute('download')).toBe(`${slug}-qr.svg`);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(SHOTS, 'publish-panel.png') });
    await page.getByTestId('menu-qr-panel').screenshot({ path: join(SHOTS, 'qr-panel.png') });

    await goTo(page, 'settings');
    await page.getByTestId('settings-qrMenu').click();
    await page.getByTestId('settings-qr-menu').getByTestId('menu-qr-image').waitFor();
    await shot(page, 'settings-qr-menu');

    const phone = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'el-GR' });
    try {
      const guest = await phone.newPage();
      const res = await guest.goto(url);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
      const names = a.app.api.db().prepare('SELECT name FROM items WHERE archived = 0 ORDER BY position LIMIT 5').all() as { name: string }[];
      expect(names.length).toBeGreaterThan(0);
      const text = await guest.locator('body').innerText();
      expect(text).toContain('POSPal');
      for (const i of names) expect(text).toContain(i.name);
      expect(await guest.locator('nav a').count()).toBeGreaterThan(1);
      expect(await guest.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(guest, 'public-menu-phone');
      await shot(guest, 'public-menu-phone-full', true);
      expect(await phone.cookies()).toEqual([]);
    } finally {
      await phone.close();
    }

    // Unpublish: the page says the menu is unavailable.
    await goTo(page, 'menu');
    await page.getByTestId('menu-unpublish').click();
    await page.locator('[data-testid="menu-publish-status"][data-live="no"]').waitFor();
    const after = await fetch(url);
    expect(await after.text()).toContain('This menu is not available right now.');
  }, 180_000);
});
