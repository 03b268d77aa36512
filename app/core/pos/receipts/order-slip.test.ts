/**
 * Issue 15 item 4: the customer's 8.6 order slip. Golden bytes of the slip (registered: ΜΑΡΚ,
 * UID, QR; pending: the pending line), and over a real shop: printed once per 8.6 on the receipt
 * printer when the owner asked for it and fiscal is on, never otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../api';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { fiscalCommands } from '../../fiscal/commands';
import { insertDocument } from '../../fiscal/ledger';
import { fiscalActive } from '../../fiscal/settings';
import { getPrintJobPayload } from '../../print/print-queue';
import { memorySecretStore } from '../../secrets/secret-store';
import { getSettings } from '../settings/settings-store';
import { inspectEscPos } from './escpos-inspect';
import { benign, expectOnlyLayoutCommands, hostile } from './hostile-fixtures';
import { printOrderSlipAfterSend } from './order-slip';
import { renderOrderSlipEscPos, type OrderSlipModel } from './order-slip-escpos';

const QR = 'https://mydataapidev.aade.gr/TimologioQR/QRInfo?q=8f3a1c';
const slip = (patch: Partial<OrderSlipModel> = {}): OrderSlipModel => ({
  businessName: 'Καφέ Ωραία', addressLines: ['Ερμού 12, Αθήνα'],
  fiscal: { issuerAfm: '094014201', document: { state: 'registered', docType: '8.6', series: 'A', number: 31, mark: '400001951868600', uid: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C', qrUrl: QR } },
  orderNumber: 42, tableName: '5', staffName: 'Μαρία', at: Date.UTC(2026, 10, 22, 12, 3), timeZone: 'Europe/Athens', locale: 'el-GR',
  currency: 'EUR', language: 'el', lines: [{ qty: 2, name: 'Φρέντο εσπρέσο', amountCents: 700 }, { qty: 1, name: 'Τοστ', amountCents: 350 }],
  totalCents: 1050, reprint: false, ...patch,
});
const read = (m: OrderSlipModel, paper: 58 | 80 = 80) => inspectEscPos(renderOrderSlipEscPos(m, { paper, codePage: 'cp737' }), 'cp737');

describe('8.6 order slip on paper', () => {
  it('names the document in Greek and English, the table, the lines and total, ΜΑΡΚ, UID and AADE\'s QR (golden)', async () => {
    const text = read(slip());
    expect(text).toContain('ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ ΕΣΤΙΑΣΗΣ\n[BOLD 0]Restaurant order slip');
    expect(text).toContain('Σειρά/Series A - Αρ./No. 31');
    expect(text).toMatch(/Τραπέζι 5 +#42/);
    expect(text).toMatch(/2 x Φρέντο εσπρέσο +7,00 EUR/);
    expect(text).toMatch(/ΣΥΝΟΛΟ +10,50 EUR/);
    expect(text).toContain('ΜΑΡΚ 400001951868600');
    expect(text).toContain(`[QR ${QR}][QR-PRINT]`);
    await expect(text).toMatchFileSnapshot('./__golden__/order-slip-80.txt');
  });

  it('pending (58 mm): the pending line, wrapped, and no QR', () => {
    const text = read(slip({ fiscal: { issuerAfm: '094014201', document: { state: 'pending', docType: '8.6', series: 'A', number: 32 } } }), 58);
    expect(text).toContain('[BOLD 1]ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ / pending\ntransmission\n');
    expect(text).not.toContain('[QR');
  });

  it('hostile line names, table, staff or mark print as text only', () => {
    const render = (x: string) => renderOrderSlipEscPos(slip({
      tableName: x, staffName: x, businessName: x, lines: [{ qty: 1, name: x, amountCents: 100 }],
      fiscal: { issuerAfm: x, document: { state: 'registered', docType: '8.6', series: x, number: 1, mark: x, uid: x, qrUrl: QR } },
    }), { paper: 80, codePage: 'cp737' });
    expectOnlyLayoutCommands(render(hostile()), render(benign()));
  });
});

describe('8.6 order slip over a real shop', () => {
  let shop: TestShop;
  let api: Api;
  beforeEach(async () => {
    shop = await createTestShop();
    api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: fiscalCommands({ secrets: memorySecretStore() }), logInternalError: () => {} });
    await shop.ok('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
    const r = await api.call('fiscal.settings.set', { enabled: true, afm: '094014201', userId: 'cafe', subscriptionKey: 'key-1234567890' }, shop.owner);
    expect(r.ok).toBe(true);
  });
  afterEach(() => shop.cleanup());

  async function tableOrderWithSlip(): Promise<{ orderId: string; docId: string }> {
    const table = await shop.ok<{ id: string }>('table.create', { name: 'Βεράντα 3' }, shop.owner);
    const order = await shop.ok<{ id: string }>('table.open', { tableId: table.id, guests: 2 }, shop.cashier);
    await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
    const settings = fiscalActive(shop.db);
    if (!settings) throw new Error('fiscal on');
    // The 8.6 a send issues (core's own ledger).
    const docId = shop.db.transaction(() => insertDocument(shop.db, shop.clock, settings, {
      docType: '8.6', orderId: order.id, body: { rows: [{ description: 'Freddo espresso', quantity: 2, rateBp: 2400, netCents: 565, vatCents: 135 }], payments: [] },
    }))();
    return { orderId: order.id, docId };
  }
  const slipOn = (on: boolean) => shop.ok('settings.update', { receipt: { ...getSettings(shop.db).receipt, fiscalOrderSlip: on } }, shop.owner);

  it('prints the new 8.6 once on the receipt printer, from the document\'s own rows and total', async () => {
    await slipOn(true);
    const { orderId, docId } = await tableOrderWithSlip();
    const job = printOrderSlipAfterSend(shop.db, shop.clock, getSettings(shop.db), orderId);
    expect(job).toMatchObject({ printerId: 'counter', kind: 'receipt', ref: `slip:${docId}` });
    const text = inspectEscPos(getPrintJobPayload(shop.db, job!.id), 'cp737');
    expect(text).toContain('ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ ΕΣΤΙΑΣΗΣ');
    expect(text).toMatch(/Τραπέζι Βεράντα 3/);
    expect(text).toMatch(/2 x Freddo espresso +7,00 EUR/);
    expect(text).toContain('ΑΦΜ/VAT no. 094014201');
    expect(text).toContain('ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ');
    // A second send that issued nothing new prints nothing new.
    expect(printOrderSlipAfterSend(shop.db, shop.clock, getSettings(shop.db), orderId)?.id).toBe(job!.id);
    expect((shop.db.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE ref LIKE 'slip:%'").get() as { n: number }).n).toBe(1);
  });

  it('prints nothing unless the owner enabled it, or when fiscal documents are off', async () => {
    const { orderId } = await tableOrderWithSlip();
    expect(printOrderSlipAfterSend(shop.db, shop.clock, getSettings(shop.db), orderId)).toBeNull();
    await slipOn(true);
    await api.call('fiscal.settings.set', { enabled: false }, shop.owner);
    expect(printOrderSlipAfterSend(shop.db, shop.clock, getSettings(shop.db), orderId)).toBeNull();
  });
});
