/**
 * Issue 13 §4 in Chromium at 1024×768: a shop that never goes online reads its Hardware ID on
 * the activation screen, the distributor issues a file through the local worker's operator
 * endpoint (`npm run license:issue`'s client), the shop drops it into "I have a license file",
 * and sells. Screenshots in test-results/screens-i13-file/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2e } from './fixture';
import { loadDemo, signInWithPin, tapItem } from './shop';

const DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screens-i13-file');
const shot = async (page: Page, name: string) => {
  mkdirSync(DIR, { recursive: true });
  await page.screenshot({ path: join(DIR, `${name}.png`), fullPage: true });
};

interface IssueScript {
  parseIssueArgs(argv: string[], env: Record<string, string>): { ok: true; request: unknown } | { ok: false; error: string };
  issueOfflineLicense(request: unknown): Promise<{ file: { id: string }; licenseFile: string }>;
}
const scriptPath = fileURLToPath(new URL('../../scripts/license-issue.mjs', import.meta.url));

let e2e: E2e;
beforeAll(async () => { e2e = await startE2e(); }, 180_000);
afterAll(async () => { await e2e?.stop(); }, 60_000);

describe('offline license file (e2e)', () => {
  it('Hardware ID → a file issued by the local worker → dropped into the app → sells with no network', async () => {
    const a = await e2e.startApp('reseller');
    const page = await a.open();
    await page.getByTestId('activation-screen').waitFor();
    await page.getByTestId('activation-offline-file').locator('summary').click();
    const idBox = page.getByTestId('hardware-id-text');
    await idBox.waitFor();
    const hardwareId = await idBox.inputValue();
    expect(hardwareId).toMatch(/^POSPAL-HW1-[A-Za-z0-9_-]+-[0-9a-f]{8}$/);
    await shot(page, 'hardware-id-activation');

    const script = (await import(/* @vite-ignore */ scriptPath)) as IssueScript;
    const parsed = script.parseIssueArgs(['--hardware-id', hardwareId, '--customer', 'Taverna Nikos', '--until', '2030-12-31', '--distributor', 'Kafeneio Systems'], { POSPAL_ADMIN_URL: e2e.worker.url });
    if (!parsed.ok) throw new Error(parsed.error);
    const { licenseFile } = await script.issueOfflineLicense(parsed.request);

    await page.getByTestId('have-license-file').click();
    await page.getByTestId('license-file-dialog').waitFor();
    await shot(page, 'import-dialog');
    // A file for another computer is refused with a sentence the shop can act on.
    await page.getByTestId('license-file-input').setInputFiles({ name: 'wrong.pospal-license', mimeType: 'application/json', buffer: Buffer.from(licenseFile.replace('"sig":"', '"sig":"A')) });
    await expect.poll(() => page.getByTestId('license-file-error').innerText()).toMatch(/not a valid POSPal license file/);
    await shot(page, 'import-dialog-refused');
    await page.getByTestId('license-file-input').setInputFiles({ name: 'taverna.pospal-license', mimeType: 'application/json', buffer: Buffer.from(`${licenseFile}\n`) });
    await page.getByTestId('activated-step').waitFor({ timeout: 15_000 });
    expect(a.app.agent.status()).toMatchObject({ state: 'active', canSell: true, offlineFile: { customer: 'Taverna Nikos' } });

    await loadDemo(a);
    await page.getByTestId('activated-continue').click();
    await signInWithPin(page, /Eleni/, '1234');
    // The demo café's language is Greek: "Άδεια αρχείου" (the shop's name in its title).
    expect(await page.getByTestId('license-chip').innerText()).toMatch(/^(Offline license|Άδεια αρχείου)$/);
    expect(await page.getByTestId('license-chip').getAttribute('title')).toBe('Taverna Nikos');
    await tapItem(page, 'Koulouri', 'Pastries');
    await page.getByTestId('pay').click();
    await page.getByTestId('pay-card').click();
    await page.getByTestId('receipt-none').waitFor();
    const paid = a.app.api.db().prepare("SELECT count(*) AS n FROM orders WHERE status = 'paid'").get() as { n: number };
    expect(paid.n).toBe(1);
    await page.getByTestId('receipt-none').click();
    await shot(page, 'chip-file-mode');

    await page.getByTestId('license-chip').click();
    await page.getByTestId('subscription-screen').waitFor();
    expect(await page.getByTestId('offline-file-summary').innerText()).toMatch(/^(Offline license|Άδεια εκτός σύνδεσης): Taverna Nikos, (issued by|από) Kafeneio Systems, (valid until|ισχύει έως) 31\/12\/(20)?30$/);
    await page.getByTestId('hardware-id-text').waitFor();
    await shot(page, 'subscription-file-mode');

    // The operator console lists the file; an admin revokes it there.
    const consoleContext = await e2e.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const op = await consoleContext.newPage();
    op.on('dialog', (d) => void d.accept('Shop closed, file reissued'));
    await op.goto(`${e2e.worker.url}/admin/`);
    await op.getByLabel('Operator email').fill('owner@pospal.local');
    await op.getByRole('button', { name: 'Sign in' }).click();
    await op.getByRole('heading', { name: 'Overview' }).waitFor();
    await op.goto(`${e2e.worker.url}/admin/#/license-files`);
    await op.getByRole('heading', { name: 'Offline license files' }).waitFor();
    const row = op.locator('tr', { hasText: 'Taverna Nikos' });
    await row.waitFor();
    await shot(op, 'console-license-files');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await op.locator('tr', { hasText: 'Taverna Nikos' }).getByText('revoked').waitFor();
    await shot(op, 'console-license-files-revoked');
    await consoleContext.close();

    // The till learns it at its next online contact ("Check again"), and stops selling.
    await page.getByTestId('check-now').click();
    await expect.poll(() => a.app.agent.status().reason).toBe('file_revoked');
    await page.getByTestId('suspended-banner').waitFor();
    await shot(page, 'subscription-file-revoked');
  }, 180_000);
});
