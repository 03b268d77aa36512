/**
 * End-to-end in Chromium for the free trial (issue 13, section 1): the welcome screen offers
 * "Try free for N days" (N from the worker's configuration), the trial starts with an email
 * only, the chip counts its days and warns from 3 days before the end, the shop sells; the
 * trial ends (this app's clock moved past the signed end) and selling locks while the orders
 * stay readable; Subscribe (development billing) converts the same computer: the same shop,
 * the earlier order still in the orders list, selling again. A second trial for that email is
 * refused with the buy button. Screenshots under test-results/screens-i13-trial/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e, E2eApp, LocalWorker } from './fixture';
import { goTo, openShift, signInWithPin, tapItem, uniqueEmail } from './shop';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i13-trial');
const DAY = 86_400_000;
/** The file's worker: a 3-day trial, so the 3-day warning shows and the end can be reached within the 10-day grace. */
const TRIAL_DAYS = 3;
let e2e: E2e;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e2e = await startE2e({ workerVars: { TRIAL_SECONDS: String(TRIAL_DAYS * 86_400) } });
}, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

/** The demo café (a Greek shop), with English screens so the screenshots read in English. */
async function englishDemo(a: E2eApp): Promise<void> {
  const demo = await a.app.api.call<{ staff: { id: string; role: string; pin: string }[] }>('demo.load', {});
  if (!demo.ok) throw new Error(JSON.stringify(demo.error));
  const ownerStaff = demo.value.staff.find((s) => s.role === 'owner');
  const login = await a.app.api.call<{ id: string; name: string; role: 'owner' }>('staff.login', { staffId: ownerStaff?.id, pin: ownerStaff?.pin });
  if (!login.ok) throw new Error('login');
  const set = await a.app.api.call('settings.update', { language: 'en', locale: 'en-IE' }, login.value);
  if (!set.ok) throw new Error(JSON.stringify(set.error));
}

/** Welcome screen → "Try free" → email → started; then the demo café and the owner signed in. */
async function startTrialInBrowser(a: E2eApp, email: string, days: number, shotName?: string): Promise<Page> {
  const page = await a.open();
  await page.getByTestId('activation-screen').waitFor();
  const offer = page.getByTestId('activation-trial');
  await expect.poll(() => offer.innerText()).toContain(`Try free for ${days} days`);
  if (shotName) await shot(page, shotName);
  await offer.click();
  await page.getByTestId('trial-email').fill(email);
  await page.getByTestId('trial-submit').click();
  await page.getByTestId('activated-step').waitFor({ timeout: 30_000 });
  expect(a.app.agent.status()).toMatchObject({ state: 'active', subscriptionStatus: 'trial', customerEmail: email });
  await englishDemo(a);
  await page.reload();
  await signInWithPin(page, /Eleni/, '1234');
  return page;
}

async function sellCroissant(page: Page): Promise<void> {
  await goTo(page, 'order');
  await tapItem(page, 'Butter croissant', 'Pastries');
  await page.getByTestId('pay').click();
  await page.getByTestId('pay-card').click();
  await page.getByTestId('receipt-none').click();
  await page.getByTestId('receipt-none').waitFor({ state: 'detached' });
}

/**
 * The orders list on the order's business day shows its row. The screen's "Today" is the
 * browser's day; this app's clock may be days ahead of it, so step to the day by its date.
 */
async function expectInOrders(page: Page, order: { number: number; day: string }): Promise<void> {
  await goTo(page, 'orders');
  await page.getByTestId('orders-screen').waitFor();
  const [y, m, d] = order.day.split('-');
  const browserToday = await page.evaluate(() => new Date().toLocaleDateString('sv-SE'));
  const wanted = order.day === browserToday ? 'Today' : `${d}/${m}/${y}`;
  const heading = page.getByTestId('orders-screen').locator('.panel-head strong');
  const step = order.day < browserToday ? 'Previous day' : 'Next day';
  for (let moves = 0; moves <= TRIAL_DAYS + 1; moves++) {
    const shown = await heading.innerText();
    if (shown === wanted) break;
    await page.getByRole('button', { name: step }).click();
    await expect.poll(() => heading.innerText()).not.toBe(shown);
  }
  expect(await heading.innerText()).toBe(wanted);
  const row = page.getByTestId('orders-row').filter({ has: page.locator('td', { hasText: new RegExp(`^${order.number}$`) }) });
  await row.first().waitFor();
}

const paidOrders = (a: E2eApp) =>
  a.app.api.db().prepare("SELECT id, number, business_day AS day FROM orders WHERE status = 'paid' ORDER BY created_at").all() as { id: string; number: number; day: string }[];

describe('free trial (e2e)', () => {
  it('start a trial → sell → the trial ends → subscribe → still the same shop', async () => {
    const a = await e2e.startApp('trial');
    const email = uniqueEmail('trial');
    const page = await startTrialInBrowser(a, email, TRIAL_DAYS);
    const chip = page.getByTestId('license-chip');
    await expect.poll(() => chip.innerText()).toBe(`Trial: ${TRIAL_DAYS} days left`);
    // Three days before the end: the warning with Subscribe.
    await expect.poll(() => page.getByTestId('trial-banner').innerText()).toContain(`Your free trial ends in ${TRIAL_DAYS} days`);
    await shot(page, 'trial-3-day-warning');

    await openShift(page, '50');
    await sellCroissant(page);
    const first = paidOrders(a);
    expect(first).toHaveLength(1);

    // The trial ends: this computer's clock passes the signed end.
    a.clock.advance(TRIAL_DAYS * DAY + 2 * 60_000);
    await a.app.agent.checkNow();
    // Three days later the PIN session has expired: the owner signs in again.
    await page.getByTestId('sign-out').click();
    await signInWithPin(page, /Eleni/, '1234');
    await expect.poll(() => chip.innerText()).toBe('Trial ended');
    expect(a.app.agent.status()).toMatchObject({ state: 'locked', reason: 'trial_ended', canSell: false });
    const banner = page.getByTestId('trial-banner');
    await expect.poll(() => banner.getAttribute('data-ended')).toBe('true');
    expect(await banner.innerText()).toContain('Reports and exports stay open.');
    await goTo(page, 'order');
    await shot(page, 'trial-ended-lock');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'trial-ended-lock-phone');
    await page.setViewportSize({ width: 1024, height: 768 });
    // Selling is refused; the earlier order is still in the orders list (three days back now).
    await page.getByTestId('selling-locked').waitFor();
    await expectInOrders(page, first[0]!);

    // Subscribe: the development checkout opens in a tab; paying converts this computer's trial.
    await banner.getByTestId('trial-subscribe').click();
    await page.getByTestId('subscribe-trial').waitFor();
    await page.getByTestId('subscribe-name').fill('Eleni Papadopoulou');
    await page.getByTestId('subscribe-business').fill('Kafeneio Eleni');
    await shot(page, 'subscribe-trial-form');
    const checkoutTab = page.context().waitForEvent('page');
    await page.getByTestId('subscribe-submit').click();
    const checkout = await checkoutTab;
    await checkout.waitForLoadState();
    await checkout.getByRole('button', { name: /^Pay / }).click();
    await checkout.waitForLoadState();
    await checkout.close();
    await expect.poll(() => chip.innerText(), { timeout: 30_000 }).toBe('Licensed');
    expect(a.app.agent.status()).toMatchObject({ state: 'active', subscriptionStatus: 'active', trialEndsAt: null, customerEmail: email });
    await shot(page, 'trial-converted');

    // Same shop: the earlier order is there and selling works again.
    await sellCroissant(page);
    const after = paidOrders(a);
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(first[0]);
    await expectInOrders(page, first[0]!);
    await shot(page, 'trial-converted-orders');
  }, 240_000);

  it('the default configuration offers 14 days; a second trial for that email is refused with the buy button', async () => {
    const fourteen: LocalWorker = await e2e.startWorker();
    const email = uniqueEmail('fourteen');
    const a = await e2e.startApp('fourteen', { worker: fourteen });
    const page = await startTrialInBrowser(a, email, 14, 'welcome-trial-button');
    await expect.poll(() => page.getByTestId('license-chip').innerText()).toBe('Trial: 14 days left');
    expect(await page.getByTestId('trial-banner').count()).toBe(0);
    await shot(page, 'trial-chip-14-days');

    const other = await e2e.startApp('again', { worker: fourteen });
    const again = await other.open();
    await again.getByTestId('activation-trial').click();
    await again.getByTestId('trial-email').fill(email);
    await again.getByTestId('trial-submit').click();
    await expect.poll(() => again.getByTestId('trial-error').getAttribute('data-code')).toBe('TRIAL_USED');
    await again.getByTestId('trial-buy').waitFor();
    await shot(again, 'trial-used-buy');
    await again.getByTestId('trial-buy').click();
    await again.getByTestId('buy-email').waitFor();
  }, 240_000);
});
