/**
 * Issue 15 item 4 in Chromium: the owner configures myDATA on the Settings screen, a table is
 * served and paid through the real screens, core's outbox sends the documents to the fake
 * AADE server (POSPAL_MYDATA_URL), the receipt preview shows AADE's ΜΑΡΚ and QR code, the
 * Orders screen shows the documents as registered, and the banner warns once a document has
 * waited more than an hour. Screenshots into test-results/screens-i15/ (1024×768, and a phone
 * at 390×844); the printed receipt's decoded bytes into receipt-decoded.txt.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiscalDocumentRow } from '../core/fiscal/documents-view';
import { startFakeAade, type FakeAade } from '../core/fiscal/testing/fake-aade';
import { getPrintJobPayload } from '../core/print/print-queue';
import { inspectEscPos } from '../core/pos/receipts/escpos-inspect';
import { startE2e } from './fixture';
import type { E2e } from './fixture';
import { activateApp, goTo, signInWithPin, tapItem, uniqueEmail } from './shop';

const DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i15');
const AFM = '094014201';
const CREDS = { userId: 'cafe-oraia', subscriptionKey: 'sk-e2e-5f4e3d2c1b0a' };

async function shot(page: Page, name: string, phone = false): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  // Toasts of earlier steps (tapping one dismisses it) would cover the screen being shown.
  for (const toast of await page.locator('.toast').all()) await toast.click().catch(() => undefined);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(DIR, `${name}-1024x768.png`) });
  if (!phone) return;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(DIR, `${name}-390x844.png`) });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(150);
}

let e2e: E2e;
let aade: FakeAade;
beforeAll(async () => {
  e2e = await startE2e();
  aade = await startFakeAade({ ...CREDS, afm: AFM });
}, 180_000);
afterAll(async () => { await aade?.close(); await e2e?.stop(); }, 60_000);

describe('fiscal documents on screen and paper (e2e)', () => {
  it('configure myDATA → serve and pay a table → receipt with ΜΑΡΚ and QR → Orders shows registered → banner after an hour offline', async () => {
    const a = await e2e.startApp('fiscal', { env: { POSPAL_MYDATA_URL: aade.baseUrl } });
    await activateApp(e2e.worker, a, uniqueEmail('fiscal'));
    const demo = await a.app.api.call<{ staff: { id: string; role: string; pin: string }[] }>('demo.load', {});
    if (!demo.ok) throw new Error(JSON.stringify(demo.error));
    const ownerStaff = demo.value.staff.find((s) => s.role === 'owner');
    const login = await a.app.api.call<{ id: string; name: string; role: 'owner' }>('staff.login', { staffId: ownerStaff?.id, pin: ownerStaff?.pin });
    if (!login.ok) throw new Error('login');
    const owner = login.value;
    // The receipt printer is on a dead port: jobs wait in the queue, their bytes are what the printer would get.
    const set = await a.app.api.call('settings.update', { language: 'en', locale: 'en-IE', printers: [{ id: 'till', name: 'Till printer', host: '127.0.0.1', port: 1, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true }] }, owner);
    expect(set.ok).toBe(true);
    const docs = async (orderId: string) => {
      const r = await a.app.api.call<FiscalDocumentRow[]>('fiscal.documents.list', { orderId }, owner);
      return r.ok ? r.value : [];
    };

    const page = await a.open();
    await signInWithPin(page, /Eleni/, '1234');

    // Settings → Fiscal (myDATA).
    await goTo(page, 'settings');
    await page.getByTestId('settings-fiscal').click();
    await page.getByTestId('fiscal-settings').waitFor();
    await page.getByTestId('fiscal-afm').fill('094014202');
    await expect.poll(() => page.getByTestId('fiscal-afm-check').innerText()).toMatch(/check digit does not match/);
    await shot(page, 'settings-fiscal-afm-invalid');
    await page.getByTestId('fiscal-afm').fill(AFM);
    await expect.poll(() => page.getByTestId('fiscal-afm-check').innerText()).toBe('Valid ΑΦΜ.');
    await page.getByTestId('fiscal-user-id').fill(CREDS.userId);
    await page.getByTestId('fiscal-key').fill(CREDS.subscriptionKey);
    await page.getByTestId('fiscal-enabled').check();
    await page.getByTestId('fiscal-order-slip').check();
    await page.getByTestId('fiscal-env-production').click();
    await page.getByTestId('fiscal-production-confirm').waitFor();
    await shot(page, 'settings-fiscal-production-confirm');
    await page.getByTestId('fiscal-production-no').click();
    await page.getByTestId('fiscal-save').click();
    await expect.poll(() => page.getByTestId('fiscal-credentials-state').innerText(), { timeout: 10_000 }).toMatch(/are saved/);
    expect(await page.getByTestId('fiscal-key').inputValue()).toBe('');
    expect(await page.content()).not.toContain(CREDS.subscriptionKey);
    await page.getByTestId('settings-screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'settings-fiscal', true);

    // A table: seated, two items sent to the kitchen (the 8.6 slip), paid by card (the 11.1).
    await goTo(page, 'tables');
    await page.getByTestId('table-new-name').fill('Terrace 2');
    await page.getByTestId('table-create').click();
    await page.getByTestId('table-card').filter({ hasText: 'Terrace 2' }).getByTestId('table-open').click();
    await page.getByTestId('covers-2').click();
    await page.getByTestId('order-screen').waitFor();
    await tapItem(page, 'Spanakopita', 'Pastries');
    await tapItem(page, 'Lemonade', 'Juices');
    await page.getByTestId('send-kitchen').click();
    // A table's order goes back to the floor plan once sent; the bill is paid from the table.
    await page.getByTestId('tables-screen').waitFor();
    await page.getByTestId('table-card').filter({ hasText: 'Terrace 2' }).getByTestId('table-open').click();
    await page.getByTestId('order-screen').waitFor();
    await page.getByTestId('pay').click();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('receipt-none').click();

    const orderRow = a.app.api.db().prepare("SELECT id FROM orders WHERE status = 'paid' ORDER BY created_at DESC LIMIT 1").get() as { id: string };
    await expect.poll(async () => (await docs(orderRow.id)).map((d) => `${d.docType} ${d.state}`).sort(), { timeout: 30_000, interval: 250 })
      .toEqual(['11.1 registered', '8.6 registered']);
    const receiptDoc = (await docs(orderRow.id)).find((d) => d.docType === '11.1')!;
    expect(aade.registered.map((d) => d.mark)).toContain(receiptDoc.mark);

    // Orders: the documents' states on the row and in the order's detail.
    await goTo(page, 'orders');
    await expect.poll(() => page.getByTestId('orders-row-fiscal').first().innerText(), { timeout: 10_000 }).toContain('11.1 Registered');
    await shot(page, 'orders-documents');

    // Export month for the accountant: the file is what fiscal.export gives.
    await page.getByTestId('fiscal-export-open').click();
    await page.getByTestId('fiscal-export-sheet').waitFor();
    await shot(page, 'export-month');
    for (const format of ['xml', 'csv'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`fiscal-export-${format}`).click()]);
      const month = await page.getByTestId('fiscal-export-month').inputValue();
      const expected = await a.app.api.call<{ filename: string; content: string }>('fiscal.export', { month, format }, owner);
      if (!expected.ok) throw new Error(JSON.stringify(expected.error));
      expect(download.suggestedFilename()).toBe(expected.value.filename);
      const path = await download.path();
      expect(readFileSync(path, 'utf8')).toBe(expected.value.content);
      if (format === 'xml') expect(expected.value.content).toContain('<invoiceType>11.1</invoiceType>');
    }
    await page.getByTestId('fiscal-export-sheet').getByTestId('sheet-close').click();
    await page.getByTestId('orders-row').first().click();
    await page.getByTestId('fiscal-docs').waitFor();
    await expect.poll(() => page.getByTestId('fiscal-doc-mark').allInnerTexts()).toContain(`ΜΑΡΚ ${receiptDoc.mark}`);
    await shot(page, 'order-detail-documents', true);

    // The receipt preview: AADE's ΜΑΡΚ and the QR code; then printed, and the bytes decoded.
    await page.getByTestId('order-receipt').click();
    await page.getByTestId('receipt-preview').waitFor();
    await expect.poll(() => page.getByTestId('receipt-preview').innerText()).toContain(`ΜΑΡΚ ${receiptDoc.mark}`);
    expect(await page.getByTestId('receipt-preview').innerText()).toContain('ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ');
    expect(await page.getByTestId('receipt-qr').isVisible()).toBe(true);
    await page.getByTestId('receipt-qr').scrollIntoViewIfNeeded();
    await shot(page, 'receipt-preview-qr', true);
    await page.getByTestId('receipt-sheet-print').click();
    const receiptJob = async (): Promise<{ id: string }> => {
      for (let i = 0; i < 40; i++) {
        const row = a.app.api.db().prepare("SELECT id FROM print_jobs WHERE kind = 'receipt' AND ref = ? ORDER BY created_at DESC LIMIT 1").get(orderRow.id) as { id: string } | undefined;
        if (row) return row;
        await page.waitForTimeout(250);
      }
      throw new Error('the receipt was not queued');
    };
    const job = await receiptJob();
    const decoded = inspectEscPos(getPrintJobPayload(a.app.api.db(), job.id), 'cp737');
    expect(decoded).toContain(`ΜΑΡΚ ${receiptDoc.mark}`);
    expect(decoded).toContain(`[QR ${receiptDoc.qrUrl}][QR-PRINT]`);
    writeFileSync(join(DIR, 'receipt-decoded.txt'), decoded);
    const slipJob = a.app.api.db().prepare("SELECT payload FROM print_jobs WHERE ref LIKE 'slip:%' ORDER BY created_at LIMIT 1").get() as { payload: Buffer } | undefined;
    expect(slipJob).toBeTruthy();
    writeFileSync(join(DIR, 'order-slip-decoded.txt'), inspectEscPos(slipJob!.payload, 'cp737'));
    await page.getByTestId('sheet-close').click(); // the receipt, back to the order
    await page.getByTestId('order-detail').getByTestId('sheet-close').click();

    // AADE unreachable: a sale waits; an hour later the banner says so.
    aade.offline = true;
    const items = await a.app.api.call<{ id: string; name: string }[]>('catalog.listItems', {}, owner);
    const itemId = items.ok ? items.value.find((i) => i.name === 'Lemonade')?.id : undefined;
    const next = await a.app.api.call<{ id: string }>('order.create', {}, owner);
    if (!next.ok) throw new Error('order');
    await a.app.api.call('order.addLine', { orderId: next.value.id, itemId, qty: 1 }, owner);
    const due = a.app.api.db().prepare('SELECT total_cents AS t FROM orders WHERE id = ?').get(next.value.id) as { t: number };
    expect((await a.app.api.call('payment.take', { orderId: next.value.id, tenders: [{ method: 'card', amountCents: due.t }] }, owner)).ok).toBe(true);
    await page.waitForTimeout(500);
    expect(await page.getByTestId('fiscal-banner').count()).toBe(0);
    a.clock.advance(61 * 60_000);
    await a.app.api.call('order.create', {}, owner); // any change to orders: the screens refresh
    await page.getByTestId('fiscal-banner').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('fiscal-banner').innerText()).toMatch(/1 fiscal document has not reached AADE for more than an hour/);
    await goTo(page, 'order');
    await shot(page, 'banner', true);
    await page.getByTestId('fiscal-banner-open').click();
    await page.getByTestId('orders-screen').waitFor();
    await expect.poll(() => page.getByTestId('orders-row-fiscal').allInnerTexts()).toContain('11.1 Waiting to send');
    await shot(page, 'orders-waiting');

    // Back online: the outbox sends it, and the banner goes.
    aade.offline = false;
    a.clock.advance(60 * 60_000);
    await expect.poll(async () => (await docs(next.value.id)).map((d) => d.state), { timeout: 60_000, interval: 500 }).toEqual(['registered']);
    await a.app.api.call('order.create', {}, owner);
    await expect.poll(() => page.getByTestId('fiscal-banner').count(), { timeout: 10_000 }).toBe(0);
  }, 300_000);
});
