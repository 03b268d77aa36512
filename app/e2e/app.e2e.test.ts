/**
 * End-to-end: Chromium against browser mode and a real local licensing worker (issue #5,
 * "Tests"). One worker for the file (wrangler starts in seconds, not milliseconds); each test
 * starts its own app(s) with fresh data dirs; the offline test licenses its app from a second
 * worker it stops. Screenshots go to test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { screenshot } from './browser';
import { activateApp, goTo, loadDemo, openShift, signInWithPin, tapItem, tokenFromOutbox, uniqueEmail } from './shop';

const DAY = 24 * 60 * 60 * 1000;
let e2e: E2e;

beforeAll(async () => { e2e = await startE2e(); }, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

describe('POSPal in the browser (e2e)', () => {
  it('buys a development subscription and is activated without typing a token', async () => {
    const a = await e2e.startApp('buyer');
    const page = await a.open();
    await page.getByTestId('activation-screen').waitFor();
    await screenshot(page, 'activation');
    await page.getByTestId('activation-buy').click();
    await page.getByTestId('buy-email').fill(uniqueEmail('buyer'));
    await page.getByTestId('buy-name').fill('Eleni Papadopoulou');
    await page.getByTestId('buy-business').fill('Kafeneio Eleni');
    // The checkout opens in the browser (a new tab), like a customer's Stripe checkout.
    const checkoutTab = page.context().waitForEvent('page');
    await page.getByTestId('buy-submit').click();
    const checkout = await checkoutTab;
    await checkout.waitForLoadState();
    await screenshot(checkout, 'dev-checkout');
    await checkout.getByRole('button', { name: /^Pay / }).click();
    await checkout.waitForLoadState();
    // Back in POSPal: the waiting screen turns into the first-run PIN setup by itself.
    await page.getByTestId('activation-waiting').waitFor();
    // Activation ends on "This computer is activated" (issue 11 item 17), then the setup.
    await page.getByTestId('activated-step').waitFor({ timeout: 30_000 });
    await page.getByTestId('activated-continue').click();
    await page.getByTestId('owner-setup').or(page.getByTestId('pin-signin')).waitFor();
    expect(a.app.agent.status().state).toBe('active');
    await screenshot(page, 'first-run-owner-setup');
  }, 120_000);

  it('sells an order paid in cash with change and shows the receipt', async () => {
    const a = await e2e.startApp('till');
    await activateApp(e2e.worker, a, uniqueEmail('till'));
    await loadDemo(a);
    const page = await a.open();
    await screenshot(page, 'pin-sign-in');
    await signInWithPin(page, /Maria/, '1111');
    // A real shop counts the float first: cash goes into an open shift's drawer.
    await openShift(page, '50');
    await screenshot(page, 'shift-open');
    await goTo(page, 'order');
    await tapItem(page, 'Butter croissant', 'Pastries');
    await tapItem(page, 'Koulouri');
    await tapItem(page, 'Koulouri');
    await expect.poll(() => page.getByTestId('total').innerText()).toMatch(/4[.,]10/);
    await screenshot(page, 'order-screen');
    await page.getByTestId('pay').click();
    await page.getByTestId('amount-due').waitFor();
    await screenshot(page, 'pay-sheet');
    await page.getByTestId('cash-tendered').fill('10');
    await page.getByTestId('cash-custom').click();
    await expect.poll(() => page.getByTestId('change-due').innerText()).toMatch(/5[.,]90/);
    await screenshot(page, 'change-due');
    await page.getByTestId('receipt-show').click();
    const receipt = page.getByTestId('receipt-preview');
    await receipt.waitFor();
    await expect.poll(() => receipt.innerText()).toMatch(/Butter croissant/);
    await screenshot(page, 'receipt-preview');
    // The sale is in the ledger, paid, with the change recorded.
    const orders = a.app.api.db().prepare("SELECT status, total_cents AS total FROM orders WHERE status = 'paid'").all() as { total: number }[];
    expect(orders).toEqual([{ status: 'paid', total: 410 }]);
  }, 120_000);

  it('splits a table bill: one guest pays their items in cash (opening the shift from the pay sheet), the rest by card', async () => {
    const a = await e2e.startApp('tables');
    await activateApp(e2e.worker, a, uniqueEmail('tables'));
    await loadDemo(a);
    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');
    await goTo(page, 'tables');
    await page.getByTestId('table-new-name').fill('Terrace 1');
    await page.getByTestId('table-create').click();
    await page.getByTestId('table-card').filter({ hasText: 'Terrace 1' }).getByTestId('table-open').click();
    await page.getByTestId('covers-3').click();
    await page.getByTestId('order-screen').waitFor();
    await tapItem(page, 'Spanakopita', 'Pastries');
    await tapItem(page, 'Tiropita');
    await tapItem(page, 'Lemonade', 'Juices');
    await expect.poll(() => page.getByTestId('total').innerText()).toMatch(/9[.,]70/);
    await goTo(page, 'tables');
    await screenshot(page, 'tables');
    await page.getByTestId('table-card').filter({ hasText: 'Terrace 1' }).getByTestId('table-split').click();
    const sheet = page.getByTestId('split-sheet');
    await sheet.getByTestId('split-bill-line').filter({ hasText: 'Spanakopita' }).click();
    await sheet.getByTestId('split-bill-line').filter({ hasText: 'Lemonade' }).click();
    await expect.poll(() => sheet.getByTestId('split-guest-total').innerText()).toMatch(/6[.,]70/);
    await screenshot(page, 'split-bill');
    await sheet.getByTestId('split-pay-guest').click();
    await expect.poll(() => page.getByTestId('amount-due').innerText()).toMatch(/6[.,]70/);
    // No shift is open yet: cash is refused with the reason and a way to open the shift here.
    await page.getByTestId('cash-1000').click();
    await page.getByTestId('needs-shift').waitFor();
    await screenshot(page, 'pay-needs-shift');
    await page.getByTestId('needs-shift-float').fill('50');
    await page.getByTestId('needs-shift-open').click();
    await expect.poll(() => page.getByTestId('change-due').innerText()).toMatch(/3[.,]30/);
    await page.getByTestId('receipt-none').click();
    // The rest of the bill: the other guest pays the tiropita by card.
    await expect.poll(() => page.getByTestId('split-due').innerText()).toMatch(/3[.,]00/);
    await page.getByTestId('split-bill-line').filter({ hasText: 'Tiropita' }).click();
    await page.getByTestId('split-pay-guest').click();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('receipt-none').click();
    await page.getByTestId('tables-screen').waitFor();
    await expect.poll(() => page.getByTestId('table-card').filter({ hasText: 'Terrace 1' }).getAttribute('data-status')).toBe('free');

    const db = a.app.api.db();
    const order = db.prepare("SELECT id, status, total_cents AS total FROM orders WHERE status = 'paid'").all() as { id: string; status: string; total: number }[];
    expect(order).toHaveLength(1);
    expect(order[0]!.total).toBe(970);
    const payments = db.prepare('SELECT method, amount_cents AS amount FROM payments WHERE order_id = ? ORDER BY amount_cents DESC').all(order[0]!.id);
    expect(payments).toEqual([{ method: 'cash', amount: 670 }, { method: 'card', amount: 300 }]);
  }, 120_000);

  it('closes the shift by counting the drawer and shows the Z-report', async () => {
    const a = await e2e.startApp('zreport');
    await activateApp(e2e.worker, a, uniqueEmail('zreport'));
    await loadDemo(a);
    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');
    await openShift(page, '50');
    await goTo(page, 'order');
    await tapItem(page, 'Butter croissant', 'Pastries');
    await expect.poll(() => page.getByTestId('total').innerText()).toMatch(/2[.,]50/);
    await page.getByTestId('pay').click();
    await page.getByTestId('cash-exact').click();
    await page.getByTestId('receipt-none').click();
    await goTo(page, 'shift');
    await page.getByTestId('shift-report-X').waitFor();
    await expect.poll(() => page.getByTestId('report-expected').innerText()).toMatch(/52[.,]50/);
    await screenshot(page, 'shift-x-report');
    await page.getByTestId('shift-close-start').click();
    // Count the drawer by denomination: one 50 note, a 2 coin, a 50-cent coin.
    await page.getByTestId('denom-5000').fill('1');
    await page.getByTestId('denom-200').fill('1');
    await page.getByTestId('denom-50').fill('1');
    await expect.poll(() => page.getByTestId('cash-difference').innerText()).toMatch(/0[.,]00/);
    await screenshot(page, 'shift-close-count');
    await page.getByTestId('shift-close-confirm').click();
    const z = page.getByTestId('zreport-screen');
    await z.waitFor();
    await expect.poll(() => z.getByTestId('sales-total').innerText()).toMatch(/2[.,]50/);
    expect(await z.getByTestId('report-counted').innerText()).toMatch(/52[.,]50/);
    expect(await z.getByTestId('report-difference').innerText()).toMatch(/0[.,]00/);
    await screenshot(page, 'z-report');
    const shift = a.app.api.db().prepare('SELECT status, counted_cash_cents AS counted FROM shifts').get();
    expect(shift).toEqual({ status: 'closed', counted: 5250 });

    // The owner's other main screens, with this shift's sale in them, for the artifacts.
    for (const [nav, root] of [['orders', 'orders-screen'], ['reports', 'reports-screen'], ['menu', 'menu-editor'], ['settings', 'settings-screen']] as const) {
      await goTo(page, nav);
      await page.getByTestId(root).first().waitFor();
      await page.getByTestId('skeleton').first().waitFor({ state: 'detached' }).catch(() => {});
      await screenshot(page, `screen-${nav}`);
    }
    await page.getByTestId('license-chip').click();
    await page.getByTestId('subscription-screen').waitFor();
    await page.getByTestId('skeleton').first().waitFor({ state: 'detached' }).catch(() => {});
    await screenshot(page, 'screen-subscription');
  }, 120_000);

  it('a second computer forces the takeover dialog, a manager approves the cashier\'s takeover, and the first shows the taken-over lock', async () => {
    const email = uniqueEmail('two');
    const first = await e2e.startApp('front');
    await activateApp(e2e.worker, first, email);
    await loadDemo(first);
    const firstPage = await first.open();
    await signInWithPin(firstPage, /Maria/, '1111');

    const second = await e2e.startApp('office');
    await loadDemo(second);
    const secondPage = await second.open();
    await secondPage.getByTestId('activation-have').click();
    await secondPage.getByTestId('activate-email').fill(email);
    await secondPage.getByTestId('activate-token').fill(await tokenFromOutbox(e2e.worker, email));
    await secondPage.getByTestId('activate-submit').click();
    // The shop has staff now (the demo): activating is the owner's, who types their PIN.
    const ownerApproval = secondPage.getByTestId('manager-approval');
    await ownerApproval.waitFor();
    for (const d of '1234') await ownerApproval.getByTestId(`pin-key-${d}`).click();
    await ownerApproval.getByTestId('pin-submit').click();
    await secondPage.getByTestId('activated-continue').click();
    await signInWithPin(secondPage, /Maria/, '1111');
    // Maria is a cashier: taking over stops the other till, so a manager approves it.
    const dialog = secondPage.getByTestId('takeover-ask-manager');
    await dialog.waitFor({ timeout: 30_000 });
    await expect.poll(() => secondPage.getByTestId('takeover-holder').innerText()).toMatch(/FRONT/);
    await screenshot(secondPage, 'takeover-dialog');
    await dialog.click();
    const approval = secondPage.getByTestId('manager-approval');
    await approval.getByTestId('approval-manager').filter({ hasText: /Nikos/ }).click();
    for (const d of '2222') await approval.getByTestId(`pin-key-${d}`).click();
    await approval.getByTestId('pin-submit').click();
    await expect.poll(() => second.app.agent.status().state, { timeout: 20_000 }).toBe('active');

    // The first computer learns it at its next heartbeat (what its timer runs).
    await first.app.agent.checkNow();
    await firstPage.getByTestId('taken-over-lock').waitFor({ timeout: 15_000 });
    await screenshot(firstPage, 'taken-over-lock');
  }, 180_000);

  it('refuses LAN pairing with a wrong code', async () => {
    const a = await e2e.startApp('lan');
    const tablet = await a.open({ withToken: false });
    await tablet.getByTestId('pairing-screen').waitFor();
    await tablet.getByTestId('pairing-code').fill('000000');
    await tablet.getByTestId('pairing-device-name').fill('Terrace tablet');
    await tablet.getByTestId('pairing-submit').click();
    await tablet.getByTestId('pairing-error').waitFor();
    await screenshot(tablet, 'pairing-refused');
    expect(a.app.transport.devices.list()).toEqual([]);
  }, 60_000);

  it('keeps selling with the offline banner when the worker cannot be reached', async () => {
    // Its own worker, so stopping it leaves the file's worker up for the other tests.
    const own = await e2e.startWorker();
    const a = await e2e.startApp('offline', { worker: own });
    await activateApp(own, a, uniqueEmail('offline'));
    await loadDemo(a);
    // The worker stops; eight days pass (the app's clock) without a successful check.
    await own.stop();
    a.clock.advance(8 * DAY);
    await a.app.agent.checkNow();
    expect(a.app.agent.status().state).toBe('offline_grace');
    const page = await a.open();
    await signInWithPin(page, /Maria/, '1111');
    await page.getByTestId('offline-banner').waitFor({ timeout: 15_000 });
    await tapItem(page, 'Koulouri', 'Pastries');
    await page.getByTestId('pay').click();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('receipt-none').waitFor();
    await screenshot(page, 'offline-banner-selling');
    const paid = a.app.api.db().prepare("SELECT count(*) AS n FROM orders WHERE status = 'paid'").get() as { n: number };
    expect(paid.n).toBe(1);
  }, 180_000);
});
