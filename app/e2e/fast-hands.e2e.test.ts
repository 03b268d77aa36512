/**
 * Issue 11 "fast hands" end to end in Chromium (browser mode, real local worker, the demo café):
 * repeated taps stack, the sugar default and note chips, a discount checked before the manager,
 * the manager's PIN typed on the keyboard with no barcode toast, parked orders on the order
 * screen, and a shift close far from expected. The demo café speaks Greek, so the screens are Greek. Each screen is saved at 1024×768, 1366×768,
 * 800×1280 and 390×844 under test-results/screens-i11-hands/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { SCREENSHOT_DIR } from './browser';
import { activateApp, loadDemo, openShift, signInWithPin, tapItem, uniqueEmail } from './shop';

const DIR = join(SCREENSHOT_DIR, '..', 'screens-i11-hands');
const SIZES = [[1024, 768], [1366, 768], [800, 1280], [390, 844]] as const;

/** `show`: what must be on screen at each size (scrolled to, as the screen does when it appears). */
async function shots(page: Page, name: string, show?: Locator): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    if (show) await show.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    await page.screenshot({ path: join(DIR, `${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

let e2e: E2e;
beforeAll(async () => { e2e = await startE2e(); }, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

describe('fast hands (issue 11 items 7–12)', () => {
  it('a cashier at the rush: stacking taps, defaults, chips, a checked discount, the PIN by keyboard, parked orders', async () => {
    const a = await e2e.startApp('hands');
    await activateApp(e2e.worker, a, uniqueEmail('hands'));
    await loadDemo(a);
    const page = await a.open();
    await signInWithPin(page, /Maria/, '1111');

    await tapItem(page, 'Tiropita', 'Pastries');
    await tapItem(page, 'Tiropita');
    await tapItem(page, 'Tiropita');
    await expect.poll(() => page.getByTestId('line-qty').allInnerTexts()).toEqual(['3']);

    await tapItem(page, 'Espresso', 'Coffee');
    const sheet = page.getByTestId('options-sheet');
    await sheet.waitFor();
    expect(await sheet.getByTestId('option-choice').filter({ hasText: 'No sugar' }).getAttribute('aria-pressed')).toBe('true');
    await sheet.getByTestId('note-chip').filter({ hasText: 'To go' }).click();
    await shots(page, 'options-sheet-defaults-chips');
    await sheet.getByTestId('options-add').click();
    await expect.poll(() => page.getByTestId('ticket-lines').innerText()).toMatch(/To go/);

    // A discount without a reason is stopped on the till, not sent to a manager.
    await page.getByTestId('ticket-line').filter({ hasText: 'Tiropita' }).locator('.line-main').click();
    const line = page.getByTestId('line-sheet');
    await line.getByTestId('discount-value').fill('20');
    await line.getByTestId('discount-problem').waitFor();
    await shots(page, 'discount-needs-reason');
    await line.getByTestId('discount-reason').fill('regular');
    await line.getByTestId('line-save').click();
    const approval = page.getByTestId('manager-approval');
    await approval.waitFor();
    expect(await approval.getByTestId('approval-what').innerText()).toMatch(/20 %.*Tiropita.*#1/);
    await shots(page, 'manager-approval-keyboard');
    await page.keyboard.type('2222');
    await page.keyboard.press('Enter');
    await approval.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('ticket-lines').innerText()).toMatch(/regular/);
    expect(await page.getByTestId('toast-error').count()).toBe(0);

    // Send parks it; a new order shows it as an open order to pick up.
    await page.getByTestId('send-kitchen').click();
    // This shop has no kitchen printer yet: the till says so (an error toast), the order is sent and parked.
    await expect.poll(() => page.getByTestId('toast-error').count()).toBeGreaterThan(0);
    await page.getByTestId('ticket-new').click();
    await page.getByTestId('parked-orders').waitFor();
    await tapItem(page, 'Bougatsa', 'Pastries');
    await shots(page, 'order-screen-parked');
    await page.getByTestId('parked-order').filter({ hasText: '#1' }).click();
    await expect.poll(() => page.getByTestId('ticket').innerText()).toMatch(/Tiropita/);
  }, 180_000);

  it('a manager closes with 0 counted against 208 expected: asked, note on the Z, next float from the drawer', async () => {
    const a = await e2e.startApp('closer');
    await activateApp(e2e.worker, a, uniqueEmail('closer'));
    await loadDemo(a);
    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');
    await openShift(page, '208');
    await page.getByTestId('shift-report-X').waitFor();
    await page.getByTestId('shift-close-start').click();
    await page.getByTestId('close-note').fill('Counted after the bank run');
    await page.getByTestId('shift-close-confirm').click();
    const ask = page.getByTestId('difference-confirm');
    await ask.waitFor();
    expect(await ask.innerText()).toMatch(/208[.,]00/);
    await shots(page, 'shift-close-difference-confirm', ask);
    await ask.getByTestId('shift-close-anyway').click();
    const z = page.getByTestId('zreport-screen');
    await z.waitFor();
    expect(await z.getByTestId('report-note').innerText()).toMatch(/Counted after the bank run/);
    await shots(page, 'z-report-with-note');
    await z.locator('.row-actions button').nth(1).click(); // Close
    const suggest = page.getByTestId('float-from-drawer');
    await suggest.waitFor();
    await shots(page, 'shift-open-float-from-drawer');
    await suggest.click();
    expect(await page.getByTestId('shift-float').inputValue()).toBe('0.00'); // what was counted is what is in the drawer
  }, 180_000);
});
