/**
 * Issue 15 item 4, core side: what the screens and the paper read — the banner's status, the
 * documents list, resend, the month's export for the accountant, the receipt link, and the
 * `fiscal` change events the outbox raises.
 */
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptFiscalFor } from './receipt-link';
import { createFiscalOutbox } from './outbox';
import { mydataRestTransmitter } from './mydata-rest';
import { addLine, createFiscalShop, openTableOrder, payAll, sendToKitchen, TEST_AFM } from './testing/harness';
import type { FiscalShop } from './testing/harness';

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop(); });
afterEach(async () => { await s.close(); });

async function tableSale(): Promise<{ orderId: string; refundId: string }> {
  const orderId = await openTableOrder(s);
  await addLine(s, orderId, s.items.coffee, 2);
  await sendToKitchen(s, orderId);
  await payAll(s, orderId);
  const refund = await s.call<{ id: string }>('order.refund', { orderId, method: 'card', reason: 'x', amountCents: 100 }, s.manager);
  return { orderId, refundId: refund.id };
}

describe('status, list, resend, export, receipt link', () => {
  it('the banner: pending documents, the oldest, and over an hour', async () => {
    s.aade.offline = true;
    await tableSale();
    await s.outbox.runOnce();
    const start = s.clock.now();
    expect(await s.call('fiscal.status', {}, s.cashier)).toEqual({ enabled: true, pending: 3, rejected: 0, oldestPendingAt: start, waitingOverHour: false });
    s.clock.advance(61 * 60_000);
    expect(await s.call('fiscal.status', {}, s.cashier)).toMatchObject({ pending: 3, waitingOverHour: true });
    s.aade.offline = false;
    await s.call('fiscal.documents.resend', { id: (await s.docs())[0]?.id }, s.manager); // "send now" skips the backoff
    await s.outbox.runOnce();
    expect(await s.call('fiscal.status', {}, s.cashier)).toEqual({ enabled: true, pending: 0, rejected: 0, oldestPendingAt: null, waitingOverHour: false });
  });

  it('lists by order, month and state; resend of an unknown id says so', async () => {
    const { orderId } = await tableSale();
    await s.outbox.runOnce();
    expect((await s.docs({ orderId })).map((d) => d.docType)).toEqual(['8.6', '11.1', '11.4']);
    expect(await s.call('fiscal.documents.list', { month: '2026-06' })).toHaveLength(3);
    expect(await s.call('fiscal.documents.list', { month: '2026-07' })).toHaveLength(0);
    expect(await s.call('fiscal.documents.list', { state: 'registered' })).toHaveLength(3);
    const r = await s.fapi.call('fiscal.documents.resend', { id: 'nope' }, s.owner);
    expect(!r.ok && r.error.code).toBe('FISCAL_DOCUMENT_NOT_FOUND');
  });

  it('exports the month as InvoicesDoc XML and as CSV for the accountant', async () => {
    await tableSale();
    await s.outbox.runOnce();
    const xml = await s.call<{ filename: string; content: string }>('fiscal.export', { month: '2026-06', format: 'xml' }, s.manager);
    expect(xml.filename).toBe('mydata-2026-06.xml');
    expect(XMLValidator.validate(xml.content)).toBe(true);
    expect(xml.content.match(/<invoice>/g)).toHaveLength(3);
    const csv = await s.call<{ filename: string; content: string }>('fiscal.export', { month: '2026-06', format: 'csv' }, s.manager);
    const rows = csv.content.trim().split('\r\n');
    expect(rows[0]).toBe('type;series;number;issueDate;state;mark;uid;netEUR;vatEUR;totalEUR;correlatedMarks;errorCode;errorMessage');
    expect(rows.slice(1).map((r) => r.split(';').slice(0, 5))).toEqual([
      ['8.6', 'A', '1', '2026-06-15', 'registered'], ['11.1', 'A', '1', '2026-06-15', 'registered'], ['11.4', 'A', '1', '2026-06-15', 'registered'],
    ]);
    expect(rows[2]?.split(';').slice(7, 10)).toEqual(['5.65', '1.35', '7.00']);
  });

  it('the receipt link: pending with series and number at once, then mark, uid and QR; null when off', async () => {
    const { orderId, refundId } = await tableSale();
    expect(receiptFiscalFor(s.db, { orderId })).toEqual({ state: 'pending', docType: '11.1', series: 'A', number: 1, issuerAfm: TEST_AFM });
    expect(receiptFiscalFor(s.db, { orderId, docType: '8.6' })).toMatchObject({ state: 'pending', docType: '8.6' });
    await s.outbox.runOnce();
    const receipt = receiptFiscalFor(s.db, { orderId });
    const registered = s.aade.registered.find((d) => d.invoiceType === '11.1');
    expect(receipt).toEqual({ state: 'registered', docType: '11.1', series: 'A', number: 1, mark: registered?.mark, uid: registered?.uid, qrUrl: expect.stringContaining('/TimologioQR/') as unknown, issuerAfm: TEST_AFM });
    expect(receiptFiscalFor(s.db, { orderId, refundId })).toMatchObject({ state: 'registered', docType: '11.4' });
    await s.call('fiscal.settings.set', { enabled: false });
    expect(receiptFiscalFor(s.db, { orderId })).toBeNull();
  });

  it('the outbox reports every state change (the app publishes them as `fiscal` events)', async () => {
    const changes: { id: string; state: string }[] = [];
    const outbox = createFiscalOutbox({
      db: () => s.db, clock: s.clock, secrets: s.secrets, onChange: (c) => changes.push(c),
      transmitter: (_x, credentials) => mydataRestTransmitter({ baseUrl: s.aade.baseUrl, credentials }),
    });
    const { orderId } = await tableSale();
    await outbox.runOnce();
    const docs = await s.docs({ orderId });
    expect(changes).toEqual(docs.map((d) => ({ id: d.id, state: 'registered' })));
  });
});
