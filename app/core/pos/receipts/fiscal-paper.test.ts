/**
 * Issue 15 item 4 end to end in core: a real shop (SQLite file, the API, the print queue's
 * table), core's outbox sending to the fake AADE server over HTTP. The receipt printed while
 * the 11.1 waits says "pending transmission" with its number; once AADE registered it, the
 * receipt carries AADE's own ΜΑΡΚ, UID and QR link. A split guest's receipt is their own 11.1;
 * the refund slip is the 11.4; the table's 8.6 slip prints when the order is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../api';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { fiscalCommands } from '../../fiscal/commands';
import type { FiscalDocumentRow } from '../../fiscal/documents-view';
import { mydataRestTransmitter } from '../../fiscal/mydata-rest';
import { createFiscalOutbox, type FiscalOutbox } from '../../fiscal/outbox';
import { startFakeAade, type FakeAade } from '../../fiscal/testing/fake-aade';
import { getPrintJobPayload } from '../../print/print-queue';
import { memorySecretStore } from '../../secrets/secret-store';
import { getSettings } from '../settings/settings-store';
import { inspectEscPos } from './escpos-inspect';

const AFM = '094014201';
const CREDS = { userId: 'cafe-oraia', subscriptionKey: 'sk-test-0123456789' };

let shop: TestShop;
let api: Api;
let aade: FakeAade;
let outbox: FiscalOutbox;
beforeEach(async () => {
  shop = await createTestShop();
  const secrets = memorySecretStore();
  api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: fiscalCommands({ secrets }), logInternalError: () => {} });
  aade = await startFakeAade({ ...CREDS, afm: AFM });
  outbox = createFiscalOutbox({ db: () => shop.db, clock: shop.clock, secrets, transmitter: (_s, credentials) => mydataRestTransmitter({ baseUrl: aade.baseUrl, credentials }) });
  await shop.ok('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
  const r = await api.call('fiscal.settings.set', { enabled: true, afm: AFM, series: 'A', ...CREDS }, shop.owner);
  if (!r.ok) throw new Error(r.error.message);
});
afterEach(async () => { await outbox.stop(); await aade.close(); shop.cleanup(); });

const ok = async <T>(name: string, input: unknown, as = shop.owner): Promise<T> => {
  const r = await api.call<T>(name, input, as);
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value;
};
let click = 0;
const printed = async (command: string, input: Record<string, unknown>): Promise<string> => {
  const r = await ok<{ job: { id: string } }>(command, { ...input, idempotencyKey: `click-${String(++click).padStart(4, '0')}` }, shop.cashier);
  return inspectEscPos(getPrintJobPayload(shop.db, r.job.id), 'cp737');
};
/** The outbox until nothing changes (an 11.1 waits for its 8.6's mark, so it goes in a later pass). */
const drain = async () => { for (let i = 0; i < 6 && (await outbox.runOnce()) > 0; i++) shop.clock.advance(1000); };
const docs = (orderId: string) => ok<FiscalDocumentRow[]>('fiscal.documents.list', { orderId });

async function tableOrder(): Promise<string> {
  const table = await shop.ok<{ id: string }>('table.create', { name: '7' }, shop.owner);
  const order = await shop.ok<{ id: string }>('table.open', { tableId: table.id, guests: 2 }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
  return order.id;
}

describe('fiscal receipt from a real sale', () => {
  it('pending while offline, then AADE\'s ΜΑΡΚ, UID and QR once the outbox has sent it', async () => {
    const orderId = await tableOrder();
    await ok('kitchen.send', { orderId, idempotencyKey: 'send-0001' }, shop.cashier);
    await ok('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: 2000 }] }, shop.cashier);

    aade.offline = true;
    await outbox.runOnce();
    const pending = await printed('receipt.print', { orderId });
    const receipt = (await docs(orderId)).find((d) => d.docType === '11.1');
    expect(receipt?.state).toBe('queued');
    expect(pending).toContain(`Σειρά/Series A - Αρ./No. ${receipt?.number}`);
    expect(pending).toContain('ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ / pending transmission');
    expect(pending).not.toContain('[QR');

    aade.offline = false;
    shop.clock.advance(60 * 60_000);
    await drain();
    const registered = (await docs(orderId)).find((d) => d.docType === '11.1');
    expect(registered?.state).toBe('registered');
    const atAade = aade.registered.find((d) => d.invoiceType === '11.1');
    expect(registered?.mark).toBe(atAade?.mark);
    const text = await printed('receipt.print', { orderId });
    expect(text).toContain('ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ ΠΩΛΗΣΗΣ');
    expect(text).toContain(`ΑΦΜ/VAT no. ${AFM}`);
    expect(text).toContain(`ΜΑΡΚ ${atAade?.mark}`);
    expect(text.replace(/\n/g, '')).toContain(`UID ${atAade?.uid}`);
    expect(text).toContain(`[QR ${registered?.qrUrl}][QR-PRINT]`);
    expect(registered?.qrUrl).toMatch(/\/TimologioQR\/QRInfo\?q=/);
    expect(text).not.toContain('ΕΚΚΡΕΜΕΙ');
  });

  it('the receipt preview (HTML) shows the same ΜΑΡΚ and the QR', async () => {
    const orderId = await tableOrder();
    const order = await shop.ok<{ totalCents: number }>('order.get', { orderId }, shop.cashier);
    await ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: order.totalCents }] }, shop.cashier);
    await drain();
    const { html } = await ok<{ html: string }>('receipt.html', { orderId }, shop.cashier);
    const mark = aade.registered.find((d) => d.invoiceType === '11.1')?.mark ?? 'none';
    expect(html).toContain(`ΜΑΡΚ ${mark}`);
    expect(html).toMatch(/<svg[^>]*data-qr="fiscal"/);
  });

  it('a split guest\'s receipt is their own 11.1; the refund slip is the 11.4 credit note', async () => {
    const orderId = await tableOrder();
    const order = await shop.ok<{ totalCents: number }>('order.get', { orderId }, shop.cashier);
    const half = Math.floor(order.totalCents / 2);
    const first = await ok<{ payments: { id: string }[] }>('payment.take', { orderId, tenders: [{ method: 'card', amountCents: half }] }, shop.cashier);
    const paymentIds = first.payments.map((p) => p.id);
    await ok('payment.take', { orderId, tenders: [{ method: 'card', amountCents: order.totalCents - half }] }, shop.cashier);
    await drain();
    const receipts = (await docs(orderId)).filter((d) => d.docType === '11.1');
    expect(receipts).toHaveLength(2);
    const mine = receipts.find((d) => d.partId === [...paymentIds].sort()[0]);
    const part = await printed('receipt.print', { orderId, part: { paymentIds, shareOf: 2 } });
    expect(part).toContain(`Σειρά/Series A - Αρ./No. ${mine?.number}`);
    expect(part).toContain(`ΜΑΡΚ ${mine?.mark}`);

    const refund = await ok<{ id: string }>('order.refund', { orderId, method: 'card', reason: 'κρύο', amountCents: 100 }, shop.manager);
    const pendingSlip = await printed('refund.printSlip', { refundId: refund.id });
    expect(pendingSlip).toContain('ΠΙΣΤΩΤΙΚΟ ΣΤΟΙΧΕΙΟ ΛΙΑΝΙΚΗΣ');
    expect(pendingSlip).toContain('ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ');
    await drain();
    const credit = (await docs(orderId)).find((d) => d.docType === '11.4');
    const slip = await printed('refund.printSlip', { refundId: refund.id });
    expect(slip).toContain(`ΜΑΡΚ ${credit?.mark}`);
    expect(slip).toContain(`[QR ${credit?.qrUrl}]`);
  });

  it('sending a table\'s order prints its 8.6 slip when the owner enabled it, once per slip', async () => {
    await shop.ok('settings.update', { receipt: { ...getSettings(shop.db).receipt, fiscalOrderSlip: true } }, shop.owner);
    const orderId = await tableOrder();
    await ok('kitchen.send', { orderId, idempotencyKey: 'send-0001' }, shop.cashier);
    await ok('kitchen.send', { orderId, idempotencyKey: 'send-0001' }, shop.cashier);
    const slips = shop.db.prepare("SELECT id, payload FROM print_jobs WHERE ref LIKE 'slip:%'").all() as { id: string; payload: Buffer }[];
    expect(slips).toHaveLength(1);
    const text = inspectEscPos(slips[0]!.payload, 'cp737');
    const slip = (await docs(orderId)).find((d) => d.docType === '8.6');
    expect(text).toContain('ΔΕΛΤΙΟ ΠΑΡΑΓΓΕΛΙΑΣ ΕΣΤΙΑΣΗΣ');
    expect(text).toContain(`Αρ./No. ${slip?.number}`);
    expect(text).toContain('Τραπέζι 7');
    expect(text).toContain('ΕΚΚΡΕΜΕΙ ΔΙΑΒΙΒΑΣΗ');
  });

  it('no slip without the owner\'s choice, and the receipt has no fiscal block when fiscal is off', async () => {
    const orderId = await tableOrder();
    await ok('kitchen.send', { orderId, idempotencyKey: 'send-0001' }, shop.cashier);
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE ref LIKE 'slip:%'").get()).toEqual({ n: 0 });
    await ok('fiscal.settings.set', { enabled: false });
    await ok('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: 2000 }] }, shop.cashier);
    expect(await printed('receipt.print', { orderId })).not.toMatch(/ΑΠΟΔΕΙΞΗ ΛΙΑΝΙΚΗΣ|ΜΑΡΚ|ΕΚΚΡΕΜΕΙ/);
  });
});
