/**
 * Issue 11, items 13, 14, 15 and 17 in Chromium, at the four sizes (1024×768, 1366×768, a tablet
 * at 800×1280 and a phone at 390×844): the activated moment, the owner setup that asks the
 * language, the empty Menu screen that imports or loads the demo menu, the personal language
 * choice, and the demo café's PIN screen with its PINs. Screenshots in
 * test-results/screens-i11-start/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { activateApp, goTo, loadDemo, uniqueEmail } from './shop';

const SIZES = [[1024, 768], [1366, 768], [800, 1280], [390, 844]] as const;
const DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i11-start');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(DIR, `${name}-${width}x${height}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

let e2e: E2e;
beforeAll(async () => { e2e = await startE2e(); }, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

describe('getting started (e2e)', () => {
  it('activated → owner setup with the language → an empty menu loads the demo menu; own language in Settings', async () => {
    const a = await e2e.startApp('owner-first');
    const page = await a.open();
    await page.getByTestId('activation-screen').waitFor();
    await activateApp(e2e.worker, a, uniqueEmail('owner-first'));
    await page.getByTestId('activated-step').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('activated-step').innerText()).toContain('This computer is activated');
    await shoot(page, 'activated');
    await page.getByTestId('activated-continue').click();
    await page.getByTestId('owner-setup').waitFor();
    expect(await page.getByTestId('owner-language').inputValue()).toBe('en'); // Chromium runs en-GB
    await shoot(page, 'owner-setup');
    await page.getByTestId('owner-name').fill('Anna');
    await page.getByTestId('owner-pin').fill('4321');
    await page.getByTestId('owner-create').click();
    await page.getByTestId('order-screen').waitFor({ timeout: 15_000 });
    await goTo(page, 'menu');
    await page.getByTestId('menu-start').waitFor();
    expect(await page.getByTestId('menu-needs-category').innerText()).toMatch(/add a category first/);
    await shoot(page, 'menu-empty');
    await page.getByTestId('menu-load-demo').click();
    await page.getByTestId('menu-category').filter({ hasText: 'Coffee' }).waitFor();
    await shoot(page, 'menu-demo-loaded');
    await goTo(page, 'settings');
    await page.getByTestId('settings-language').click();
    await page.getByTestId('lang-el').click();
    await expect.poll(() => page.getByTestId('nav-settings').innerText()).toBe('Ρυθμίσεις');
    await shoot(page, 'language-settings-el');
  }, 240_000);

  it('the demo café shows its staff and PINs on the PIN screen', async () => {
    const b = await e2e.startApp('demo');
    await activateApp(e2e.worker, b, uniqueEmail('demo'));
    await loadDemo(b);
    const page = await b.open();
    await page.getByTestId('demo-note').waitFor();
    expect(await page.getByTestId('demo-pin').allInnerTexts()).toEqual(expect.arrayContaining(['PIN 1234', 'PIN 2222', 'PIN 1111']));
    await shoot(page, 'pin-demo');
  }, 180_000);
});
