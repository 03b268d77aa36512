/**
 * Issue 15 items 2 and 5: what table service issues, over the real ledger (SQLite file), the
 * real commands and the fake AADE over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCustomerReceipt } from '../pos/receipts/build-receipt';
import { refundTaxParts } from '../pos/refunds/refund-tax';
import { getSettings } from '../pos/settings/settings-store';
import { parseBody } from './body';
import { addLine, createFiscalShop, openTableOrder, payAll, sendToKitchen } from './testing/harness';
import type { FiscalShop } from './testing/harness';

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop(); });
afterEach(async () => { await s.close(); });

const bodyOf = (id: string) => parseBody((s.db.prepare('SELECT body FROM fiscal_documents WHERE id = ?').get(id) as { body: string }).body);

describe('a day of table service', () => {
  it('several sends to the kitchen: one 8.6 per send, one 11.1 naming all of them', async () => {
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.coffee, 2);
    await sendToKitchen(s, orderId);
    await addLine(s, orderId, s.items.toast, 1);
    await sendToKitchen(s, orderId);
    await sendToKitchen(s, orderId); // nothing new: no slip
    await payAll(s, orderId);
    await s.outbox.runOnce();

    const docs = await s.docs({ orderId });
    expect(docs.map((d) => [d.docType, d.number, d.state])).toEqual([['8.6', 1, 'registered'], ['8.6', 2, 'registered'], ['11.1', 1, 'registered']]);
    const [slip1, slip2, receipt] = docs;
    expect(bodyOf(slip1?.id ?? '').rows.map((r) => [r.description, r.quantity])).toEqual([['Freddo Espresso', 2]]);
    expect(bodyOf(slip2?.id ?? '').rows.map((r) => [r.description, r.quantity])).toEqual([['Toast', 1]]);
    expect(receipt?.correlatedMarks).toEqual([slip1?.mark, slip2?.mark]);
    // AADE got the receipt naming both slips' marks.
    const sent = s.aade.registered.find((d) => d.invoiceType === '11.1');
    expect(sent?.connected).toEqual([slip1?.mark, slip2?.mark]);
    expect(receipt?.qrUrl).toContain('/TimologioQR/');
  });

  it('paying a table with lines never sent issues their slip first, and the receipt names it', async () => {
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.water, 3);
    await payAll(s, orderId, 'cash');
    await s.outbox.runOnce();
    const docs = await s.docs({ orderId });
    expect(docs.map((d) => d.docType)).toEqual(['8.6', '11.1']);
    expect(docs[1]?.correlatedMarks).toEqual([docs[0]?.mark]);
  });

  it('a counter sale (no table) is only an 11.1', async () => {
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: order.id })).map((d) => [d.docType, d.state, d.correlatedMarks])).toEqual([['11.1', 'registered', []]]);
  });

  it('a split bill: one 11.1 per part, each naming the slips, partId = the part\'s first payment id', async () => {
    const orderId = await openTableOrder(s);
    const coffee = await addLine(s, orderId, s.items.coffee, 2);
    await addLine(s, orderId, s.items.toast, 1);
    await sendToKitchen(s, orderId);
    const first = await s.call<{ payments: { id: string }[] }>('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 350 }], part: { items: [{ lineId: coffee, qty: 1 }] } }, s.cashier);
    const order = await s.call<{ dueCents: number }>('order.get', { orderId }, s.cashier);
    const second = await s.call<{ payments: { id: string }[] }>('payment.take', { orderId, tenders: [{ method: 'cash', tenderedCents: order.dueCents }] }, s.cashier);
    await s.outbox.runOnce();
    const docs = await s.docs({ orderId });
    expect(docs.map((d) => [d.docType, d.partId, d.state])).toEqual([
      ['8.6', null, 'registered'], ['11.1', first.payments[0]?.id, 'registered'], ['11.1', second.payments[0]?.id, 'registered'],
    ]);
    expect(docs[1]?.correlatedMarks).toEqual([docs[0]?.mark]);
    expect(docs[2]?.correlatedMarks).toEqual([docs[0]?.mark]);
    expect((docs[1]?.totalCents ?? 0) + (docs[2]?.totalCents ?? 0)).toBe(990);
    // Each part's document says what that part's receipt prints (VAT per rate, total).
    const shop = getSettings(s.db);
    const paper1 = buildCustomerReceipt(s.db, shop, orderId, { reprint: false, now: s.clock.now(), part: { paymentIds: [first.payments[0]?.id ?? ''], items: [{ lineId: coffee, qty: 1 }] } });
    const paper2 = buildCustomerReceipt(s.db, shop, orderId, { reprint: false, now: s.clock.now(), part: { paymentIds: [second.payments[0]?.id ?? ''], shareOf: 2 } });
    for (const [doc, paper] of [[docs[1], paper1], [docs[2], paper2]] as const) {
      const body = bodyOf(doc?.id ?? '');
      expect(doc?.totalCents).toBe(paper.totalCents);
      expect(body.rows.map((r) => [r.rateBp, r.vatCents])).toEqual(paper.taxes.filter((t) => t.taxCents !== 0 || t.netCents !== 0).map((t) => [t.rateBasisPoints, t.taxCents]));
    }
  });

  it('totals and VAT per rate equal the receipt model to the cent (discounts, two rates, options)', async () => {
    const orderId = await openTableOrder(s);
    await s.call('order.addLine', { orderId, itemId: s.items.pizza, qty: 3, optionIds: [s.pizzaOptions.large, s.pizzaOptions.olives] }, s.cashier);
    await addLine(s, orderId, s.items.coffee, 7);
    await addLine(s, orderId, s.items.water, 1);
    await s.call('order.setDiscount', { orderId, discount: { kind: 'percent', value: 1250 }, reason: 'regulars' }, s.manager);
    await sendToKitchen(s, orderId);
    await payAll(s, orderId);
    const receipt = (await s.docs({ orderId })).find((d) => d.docType === '11.1');
    const paper = buildCustomerReceipt(s.db, getSettings(s.db), orderId, { reprint: false, now: s.clock.now() });
    const body = bodyOf(receipt?.id ?? '');
    expect(receipt?.totalCents).toBe(paper.totalCents);
    expect(receipt?.vatCents).toBe(paper.taxes.reduce((a, t) => a + t.taxCents, 0));
    expect(body.rows.map((r) => ({ rate: r.rateBp, vat: r.vatCents, gross: r.netCents + r.vatCents }))).toEqual(
      paper.taxes.map((t) => ({ rate: t.rateBasisPoints, vat: t.taxCents, gross: t.netCents + t.taxCents })),
    );
    expect(body.payments).toEqual([{ method: 'card', amountCents: paper.totalCents }]);
  });
});

describe('refunds and voids', () => {
  it('a refund issues an 11.4 naming the receipt, with the refund slip\'s VAT per rate', async () => {
    const orderId = await openTableOrder(s);
    const coffee = await addLine(s, orderId, s.items.coffee, 2);
    await addLine(s, orderId, s.items.toast, 1);
    await payAll(s, orderId);
    const refund = await s.call<{ id: string; amountCents: number }>('order.refund', { orderId, method: 'card', reason: 'cold', lines: [{ lineId: coffee, qty: 1 }] }, s.manager);
    await s.outbox.runOnce();
    const docs = await s.docs({ orderId });
    const receipt = docs.find((d) => d.docType === '11.1');
    const credit = docs.find((d) => d.docType === '11.4');
    expect(credit).toMatchObject({ refundId: refund.id, state: 'registered', totalCents: refund.amountCents, correlatedMarks: [receipt?.mark] });
    const parts = refundTaxParts(s.db, { id: refund.id, orderId, amountCents: refund.amountCents });
    expect(bodyOf(credit?.id ?? '').rows.map((r) => [r.rateBp, r.vatCents, r.netCents + r.vatCents])).toEqual(parts.map((p) => [p.rateBasisPoints, p.taxCents, p.amountCents]));
    expect(s.aade.registered.find((d) => d.invoiceType === '11.4')?.connected).toEqual([receipt?.mark]);
  });

  it('an order voided before payment: its slips are cancelled with AADE (CancelInvoice by mark)', async () => {
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.coffee, 1);
    await sendToKitchen(s, orderId);
    await s.outbox.runOnce();
    await s.call('order.void', { orderId, reason: 'left' }, s.manager);
    await s.outbox.runOnce();
    const [slip] = await s.docs({ orderId });
    expect(slip?.state).toBe('cancelled');
    expect(s.aade.registered.find((d) => d.mark === slip?.mark)?.cancelled).toBe(true);
    expect(s.aade.calls.filter((c) => c.path === '/CancelInvoice')).toHaveLength(1);
  });

  it('a slip voided before it ever reached AADE is sent, then cancelled: its number is not skipped', async () => {
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.coffee, 1);
    await sendToKitchen(s, orderId);
    await s.call('order.void', { orderId, reason: 'left' }, s.manager);
    await s.outbox.runOnce();
    const [slip] = await s.docs({ orderId });
    expect(slip).toMatchObject({ number: 1, state: 'cancelled' });
    expect(s.aade.registered.map((d) => [d.invoiceType, d.aa, d.cancelled])).toEqual([['8.6', '1', true]]);
  });

  it('a paid order voided: one 11.4 reversing its receipt', async () => {
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 2);
    await payAll(s, order.id);
    await s.call('order.void', { orderId: order.id, reason: 'wrong order' }, s.manager);
    await s.outbox.runOnce();
    const docs = await s.docs({ orderId: order.id });
    expect(docs.map((d) => [d.docType, d.state, d.totalCents])).toEqual([['11.1', 'registered', 700], ['11.4', 'registered', 700]]);
    expect(docs[1]?.correlatedMarks).toEqual([docs[0]?.mark]);
  });

  it('sent lines voided later: the slip is cancelled and reissued with what remains; the receipt names only the live slips', async () => {
    const orderId = await openTableOrder(s);
    const coffee = await addLine(s, orderId, s.items.coffee, 3);
    const toast = await addLine(s, orderId, s.items.toast, 1);
    await sendToKitchen(s, orderId);
    await s.outbox.runOnce();
    await s.call('order.updateLine', { orderId, lineId: coffee, qty: 1, reason: 'changed mind' }, s.manager);
    await s.call('order.removeLine', { orderId, lineId: toast, reason: 'burnt' }, s.manager);
    await payAll(s, orderId);
    await s.outbox.runOnce();
    const docs = await s.docs({ orderId });
    expect(docs.map((d) => [d.docType, d.number, d.state])).toEqual([
      ['8.6', 1, 'cancelled'], ['8.6', 2, 'cancelled'], ['8.6', 3, 'registered'], ['11.1', 1, 'registered'],
    ]);
    expect(bodyOf(docs[1]?.id ?? '').rows.map((r) => [r.description, r.quantity])).toEqual([['Freddo Espresso', 1], ['Toast', 1]]);
    expect(bodyOf(docs[2]?.id ?? '').rows.map((r) => [r.description, r.quantity])).toEqual([['Freddo Espresso', 1]]);
    expect(docs[3]?.correlatedMarks).toEqual([docs[2]?.mark]);
    expect(docs[3]?.totalCents).toBe(350);
    const replaced = s.db.prepare('SELECT replaces_id AS r FROM fiscal_documents WHERE id = ?').get(docs[2]?.id) as { r: string };
    expect(replaced.r).toBe(docs[1]?.id);
  });

  it('with fiscal off nothing is issued', async () => {
    await s.call('fiscal.settings.set', { enabled: false });
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.coffee, 1);
    await sendToKitchen(s, orderId);
    await payAll(s, orderId);
    expect(await s.docs({ orderId })).toEqual([]);
  });
});

describe('a part receipt follows the money', () => {
  it('items that are not what the guest paid: the 11.1 is for the amount paid (a share), never the claimed items', async () => {
    const orderId = await openTableOrder(s);
    const pizza = (await s.call<{ lines: { id: string }[] }>('order.addLine', { orderId, itemId: s.items.pizza, qty: 2, optionIds: [s.pizzaOptions.large] }, s.cashier)).lines[0]?.id ?? '';
    await addLine(s, orderId, s.items.coffee, 1);
    await s.call('payment.take', { orderId, tenders: [{ method: 'card', amountCents: 350 }], part: { items: [{ lineId: pizza, qty: 2 }] } }, s.cashier);
    const [, receipt] = await s.docs({ orderId });
    expect(receipt).toMatchObject({ docType: '11.1', totalCents: 350 });
    expect(bodyOf(receipt?.id ?? '').payments).toEqual([{ method: 'card', amountCents: 350 }]);
  });
});

describe('sends that are not new', () => {
  it('the same send twice (a double click: same idempotency key) issues one slip', async () => {
    const orderId = await openTableOrder(s);
    await addLine(s, orderId, s.items.coffee, 1);
    await s.call('kitchen.send', { orderId, idempotencyKey: 'double-click-1' }, s.cashier);
    await addLine(s, orderId, s.items.toast, 1);
    await s.call('kitchen.send', { orderId, idempotencyKey: 'double-click-1' }, s.cashier);
    expect((await s.docs({ orderId })).map((d) => d.docType)).toEqual(['8.6']);
  });

  it('tables merged: the merged bill\'s receipt names the slips of both tables, none issued twice', async () => {
    const a = await openTableOrder(s, 'A1');
    await addLine(s, a, s.items.coffee, 1);
    await sendToKitchen(s, a);
    const b = await openTableOrder(s, 'B1');
    await addLine(s, b, s.items.toast, 1);
    await sendToKitchen(s, b);
    const tables = await s.call<{ id: string; name: string }[]>('table.list', {}, s.cashier);
    const id = (n: string) => tables.find((t) => t.name === n)?.id;
    await s.call('table.merge', { fromTableId: id('A1'), intoTableId: id('B1') }, s.cashier);
    await sendToKitchen(s, b);
    await payAll(s, b);
    await s.outbox.runOnce();
    const slips = [...await s.docs({ orderId: a }), ...await s.docs({ orderId: b })].filter((d) => d.docType === '8.6');
    expect(slips).toHaveLength(2);
    const receipt = (await s.docs({ orderId: b })).find((d) => d.docType === '11.1');
    expect(new Set(receipt?.correlatedMarks)).toEqual(new Set(slips.map((d) => d.mark)));
    expect(receipt?.totalCents).toBe(640);
  });
});
