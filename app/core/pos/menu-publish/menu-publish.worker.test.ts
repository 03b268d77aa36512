/**
 * The QR menu from the app's side, over the REAL local worker (workerd, local D1, development
 * billing) and a real shop database: the owner publishes the catalog, the public page lists it
 * with hostile text escaped; a cashier or a manager can't publish; the QR codes (screen, SVG,
 * PNG, ESC/POS) carry the menu's URL; the buy form's price comes from the worker.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../api';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { createLicenseCache } from '../../license/cache';
import { createLicenseClient } from '../../license/client';
import { buyDevSubscription, simulateBilling } from '../../license/testing/dev-billing';
import { closedPortUrl, startRealWorker, type LocalWorker } from '../../license/testing/real-worker';
import { memorySecretStore } from '../../secrets/secret-store';
import { inspectEscPos } from '../receipts/escpos-inspect';
import { menuPublishCommands } from './commands';

/** The app's one worker client; retries without waiting (the policy's sleep is injected). */
const workerClient = (baseUrl: string, send?: typeof fetch) => createLicenseClient({ baseUrl, ...(send ? { fetch: send } : {}), sleep: async () => {} });

let worker: LocalWorker;
beforeAll(async () => {
  worker = await startRealWorker();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

let shop: TestShop;
afterEach(() => shop?.cleanup());

const HOSTILE = '<script>alert(1)</script>';

/** A shop whose computer is activated (credentials in its real cache + secret store). */
async function activatedShop(url = worker.url, send?: typeof fetch): Promise<{ api: Api; email: string }> {
  shop = await createTestShop();
  const email = `menu-${randomUUID().slice(0, 8)}@cafe.example`;
  const { token } = await buyDevSubscription(worker.url, email);
  const cache = createLicenseCache(shop.db, memorySecretStore());
  await cache.saveCredentials(email, token, Date.now());
  const api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: menuPublishCommands({ cache, worker: workerClient(url, send) }) });
  return { api, email };
}

const slug = () => `cafe-${randomUUID().slice(0, 8)}`;

describe('menu.publish (app → real worker)', () => {
  it('the owner publishes the catalog; the public page lists the items with hostile text escaped', async () => {
    const { api } = await activatedShop();
    await shop.ok('catalog.updateItem', { id: shop.items.toast, name: `Toast ${HOSTILE}`, allergens: ['gluten'], description: 'With ham & cheese' }, shop.owner);
    const s = slug();
    const r = await api.call<{ url: string; itemCount: number }>('menu.publish', { slug: s }, shop.owner);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.url).toBe(`${worker.url.replace(/\/$/, '')}/m/${s}`);
    const page = await fetch(r.value.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Freddo Espresso');
    expect(html).toContain('3,50\u00a0€');
    expect(html).toContain('Toast &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('With ham &amp; cheese');
    expect(html).not.toContain(HOSTILE);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");

    const publication = await api.call<{ publication: { slug: string } | null }>('menu.publication', {}, shop.owner);
    expect(publication.ok && publication.value.publication?.slug).toBe(s);
  });

  it('is refused for a cashier and a manager (owner only), before anything is sent', async () => {
    const { api } = await activatedShop(await closedPortUrl());
    for (const who of [shop.cashier, shop.manager]) {
      const r = await api.call('menu.publish', { slug: slug() }, who);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('PERMISSION_DENIED');
    }
    const anonymous = await api.call('menu.publish', { slug: slug() }, null);
    expect(!anonymous.ok && anonymous.error.code).toBe('AUTH_REQUIRED');
  });

  it('a bad slug is refused in the app with the field named', async () => {
    const { api } = await activatedShop(await closedPortUrl());
    const r = await api.call('menu.publish', { slug: 'Admin' }, shop.owner);
    expect(!r.ok && r.error.code).toBe('VALIDATION_FAILED');
  });

  it('a lapsed subscription is told by the worker (SUBSCRIPTION_INACTIVE) and the page says unavailable', async () => {
    const { api, email } = await activatedShop();
    const s = slug();
    expect((await api.call('menu.publish', { slug: s }, shop.owner)).ok).toBe(true);
    await simulateBilling(worker.url, email, 'payment_failed');
    const again = await api.call('menu.publish', { slug: s }, shop.owner);
    expect(!again.ok && again.error.code).toBe('SUBSCRIPTION_INACTIVE');
    const html = await (await fetch(`${worker.url}/m/${s}`)).text();
    expect(html).toContain('This menu is not available right now.');
    expect(html).not.toContain('Freddo Espresso');
  });
});

describe('the menu QR code', () => {
  it('encodes the menu URL on screen (SVG, PNG) and on the printed sticker (ESC/POS)', async () => {
    const { api } = await activatedShop();
    const s = slug();
    const published = await api.call<{ url: string }>('menu.publish', { slug: s }, shop.owner);
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    const url = published.value.url;
    const qr = await api.call<{ url: string; svg: string; pngDataUrl: string }>('menu.qr', {}, shop.owner);
    if (!qr.ok) throw new Error(JSON.stringify(qr.error));
    expect(qr.value.url).toBe(url);
    expect(qr.value.svg).toMatch(/^<svg[^>]*viewBox/);
    expect(qr.value.pngDataUrl).toMatch(/^data:image\/png;base64,/);
    // The same symbol as qrcode's model of the URL (the data its segments hold is the URL).
    const model = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const text = (data: unknown) => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
    expect(model.segments.map((seg) => text((seg as { data: unknown }).data)).join('')).toBe(url);
    expect(qr.value.svg).toBe(await QRCode.toString(url, { errorCorrectionLevel: 'M', margin: 2, type: 'svg' }));

    await shop.ok('settings.update', { printers: [{ id: 'p1', name: 'Receipt', host: '127.0.0.1', port: 9100, station: 'receipt', enabled: true, paper: 80, codePage: 'cp737' }] }, shop.owner);
    const job = await api.call<{ id: string }>('menu.printQr', {}, shop.owner);
    if (!job.ok) throw new Error(JSON.stringify(job.error));
    const row = shop.db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(job.value.id) as { payload: Buffer };
    const printed = inspectEscPos(new Uint8Array(row.payload), 'cp737');
    expect(printed).toContain(url);
    // GS ( k … 0x31 0x50 0x30 <data>: the QR store command carries the URL bytes.
    expect(Buffer.from(row.payload).includes(Buffer.concat([Buffer.from([0x31, 0x50, 0x30]), Buffer.from(url)]))).toBe(true);
  });

  it('receipts carry the menu QR when the owner turns it on', async () => {
    const { api } = await activatedShop();
    const published = await api.call<{ url: string }>('menu.publish', { slug: slug() }, shop.owner);
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    expect((await api.call('menu.receiptQr', { enabled: true }, shop.owner)).ok).toBe(true);
    const settings = await shop.ok<{ settings: { receipt: { qrUrlTemplate: string | null } } }>('settings.get', {}, shop.owner);
    expect(settings.settings.receipt.qrUrlTemplate).toBe(published.value.url);
    expect(!(await api.call('menu.receiptQr', { enabled: true }, shop.cashier)).ok).toBe(true);
  });
});

describe('billing.pricing', () => {
  it('answers the worker’s plan (development billing: €20 a month), also without a session', async () => {
    const api = createApi({ db: (shop = await createTestShop()).db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: menuPublishCommands({ cache: createLicenseCache(shop.db, memorySecretStore()), worker: workerClient(worker.url) }) });
    const r = await api.call('billing.pricing', {}, null);
    expect(r).toEqual({ ok: true, value: { amountCents: 2000, currency: 'EUR', interval: 'month', intervalCount: 1, source: 'development' } });
  });
});

describe('menu calls ride the one worker client', () => {
  it('retry a publish the worker answered 503 (the one retry policy), and pass the worker\'s verdicts through', async () => {
    let failures = 2;
    const sent: string[] = [];
    const flaky: typeof fetch = async (input, init) => {
      sent.push(String(input));
      return failures-- > 0 ? new Response('overloaded', { status: 503 }) : fetch(input, init);
    };
    const { api } = await activatedShop(worker.url, flaky);
    const r = await api.call('menu.publish', { slug: slug() }, shop.owner);
    expect(r.ok).toBe(true);
    expect(sent).toHaveLength(3);
  });

  it('report a cut network as OFFLINE after the retries', async () => {
    const sent: string[] = [];
    const cut: typeof fetch = async (input) => { sent.push(String(input)); throw new TypeError('fetch failed'); };
    const { api } = await activatedShop(worker.url, cut);
    const r = await api.call('menu.publish', { slug: slug() }, shop.owner);
    expect(!r.ok && r.error.code).toBe('OFFLINE');
    expect(sent.length).toBeGreaterThan(1);
  });
});
