/**
 * Issue 15 items 3 and 5: the durable outbox against the fake AADE over real HTTP, on a real
 * SQLite file: offline periods, lost answers, restarts, rejections, one sender at a time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLine, createFiscalShop, openTableOrder, payAll, sendToKitchen, TEST_AFM } from './testing/harness';
import type { FiscalShop } from './testing/harness';

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop(); });
afterEach(async () => { await s.close(); });

async function tableSale(): Promise<string> {
  const orderId = await openTableOrder(s, `T${Math.random().toString(36).slice(2, 6)}`);
  await addLine(s, orderId, s.items.coffee, 2);
  await sendToKitchen(s, orderId);
  await payAll(s, orderId);
  return orderId;
}

const sendCalls = () => s.aade.calls.filter((c) => c.path === '/SendInvoices').length;

describe('the outbox', () => {
  it('offline: documents wait queued with the reason, and go out once on reconnect (no duplicates)', async () => {
    s.aade.offline = true;
    const orderId = await tableSale();
    await s.outbox.runOnce();
    let docs = await s.docs({ orderId });
    expect(docs.map((d) => d.state)).toEqual(['queued', 'queued']);
    expect(docs[0]).toMatchObject({ attempts: 1, errorCode: 'NETWORK' });
    // Still offline at the next try (after its backoff), then the network is back.
    s.clock.advance(60_000);
    await s.outbox.runOnce();
    s.aade.offline = false;
    await s.outbox.runOnce(); // not due yet: the backoff holds
    expect(s.aade.registered).toHaveLength(0);
    s.clock.advance(10 * 60_000);
    await s.outbox.runOnce();
    docs = await s.docs({ orderId });
    expect(docs.map((d) => d.state)).toEqual(['registered', 'registered']);
    expect(s.aade.registered.map((d) => d.invoiceType)).toEqual(['8.6', '11.1']);
    await s.outbox.runOnce();
    expect(s.aade.registered).toHaveLength(2);
  });

  it('backoff grows exponentially (with jitter) across failures', async () => {
    s.aade.offline = true;
    const orderId = await tableSale();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await s.outbox.runOnce();
      const row = s.db.prepare("SELECT next_attempt_at AS n FROM fiscal_documents WHERE order_id = ? AND doc_type = '8.6'").get(orderId) as { n: number };
      delays.push(row.n - s.clock.now());
      s.clock.set(row.n);
    }
    // random() = 0.5 → factor 0.75 of 10 s × 2^(n−1)
    expect(delays).toEqual([7_500, 15_000, 30_000, 60_000]);
  });

  it('a lost answer (AADE registered it, the connection died): the resend meets 228 and recovers the mark, never a second registration', async () => {
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.toast, 1);
    await payAll(s, order.id);
    s.aade.dropAnswers(1);
    await s.outbox.runOnce();
    let [doc] = await s.docs({ orderId: order.id });
    expect(doc?.state).toBe('queued');
    expect(s.aade.registered).toHaveLength(1); // AADE has it; we don't know
    s.clock.advance(60_000);
    await s.outbox.runOnce();
    [doc] = await s.docs({ orderId: order.id });
    expect(doc).toMatchObject({ state: 'registered', mark: s.aade.registered[0]?.mark, uid: s.aade.registered[0]?.uid });
    expect(doc?.qrUrl).toContain('/TimologioQR/');
    expect(s.aade.registered).toHaveLength(1);
    expect(s.aade.calls.map((c) => c.path)).toEqual(['/SendInvoices', '/SendInvoices', '/RequestTransmittedDocs']);
  });

  it('our uid is the one AADE computes (SHA-1 of ΑΦΜ, date, branch, type, series, number)', async () => {
    const orderId = await tableSale();
    const before = (await s.docs({ orderId })).map((d) => d.uid);
    await s.outbox.runOnce();
    expect(s.aade.registered.map((d) => d.uid)).toEqual(before);
  });

  it('a restart mid-outbox: a new core on the same database file resumes, and the crashed send is not duplicated', async () => {
    const orderId = await tableSale();
    // The first core claims the slip, AADE registers it, the answer never arrives and the core dies.
    s.aade.dropAnswers(1);
    s.aade.delayMs = 0;
    await s.outbox.runOnce();
    s.db.prepare("UPDATE fiscal_documents SET state = 'sending', next_attempt_at = ? WHERE doc_type = '8.6'").run(s.clock.now() + 120_000);
    s.db.close();
    const next = s.restart();
    await next.outbox.runOnce(); // the lease of the dead sender still holds
    expect(s.aade.registered).toHaveLength(1);
    s.clock.advance(121_000);
    await next.outbox.runOnce();
    const r = await next.api.call<{ docType: string; state: string }[]>('fiscal.documents.list', { orderId }, s.owner);
    expect(r.ok && r.value.map((d) => [d.docType, d.state])).toEqual([['8.6', 'registered'], ['11.1', 'registered']]);
    expect(s.aade.registered.map((d) => d.invoiceType)).toEqual(['8.6', '11.1']);
  });

  it('a rejected document shows AADE\'s error; corrected, it is resent under the same number', async () => {
    await s.call('fiscal.settings.set', { afm: '090000045' }); // a valid ΑΦΜ, but not this user's
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    await s.outbox.runOnce();
    let [doc] = await s.docs({ orderId: order.id });
    expect(doc).toMatchObject({ state: 'rejected', errorCode: '201', number: 1, mark: null });
    expect(doc?.errorMessage).toContain('VAT number is not the same');
    expect(await s.call('fiscal.status', {}, s.cashier)).toMatchObject({ rejected: 1 });
    // The owner corrects the ΑΦΜ and presses Resend: same series and number, new uid.
    await s.call('fiscal.settings.set', { afm: TEST_AFM });
    await s.call('fiscal.documents.resend', { id: doc?.id }, s.manager);
    await s.outbox.runOnce();
    [doc] = await s.docs({ orderId: order.id });
    expect(doc).toMatchObject({ state: 'registered', number: 1, errorCode: null });
    expect(s.aade.registered.map((d) => [d.invoiceType, d.series, d.aa])).toEqual([['11.1', 'A', '1']]);
    // The next sale continues the series: no gap, no reuse.
    const o2 = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, o2.id, s.items.water, 1);
    await payAll(s, o2.id);
    expect((await s.docs({ orderId: o2.id }))[0]?.number).toBe(2);
  });

  it('TechnicalError and HTTP 5xx answers are retried later, not rejected', async () => {
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    s.aade.failNext(1, 'technical');
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: order.id }))[0]).toMatchObject({ state: 'queued', errorCode: '-1' });
    s.aade.failNext(1, 'http503');
    s.clock.advance(60_000);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: order.id }))[0]).toMatchObject({ state: 'queued', errorCode: 'HTTP_503' });
    s.clock.advance(60_000);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: order.id }))[0]?.state).toBe('registered');
  });

  it('wrong credentials: every call is refused at the door (401) and the documents wait', async () => {
    await s.secrets.set('mydataSubscriptionKey', 'not-the-key');
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: order.id }))[0]).toMatchObject({ state: 'queued', errorCode: 'AUTH_401' });
    expect(s.aade.calls.every((c) => !c.authorized)).toBe(true);
  });

  it('sends with the two headers AADE requires', async () => {
    await tableSale();
    await s.outbox.runOnce();
    expect(s.aade.calls.length).toBeGreaterThan(0);
    expect(s.aade.calls.every((c) => c.authorized)).toBe(true);
  });

  it('one sender at a time: overlapping runs send each document once', async () => {
    await tableSale();
    await tableSale();
    s.aade.delayMs = 30;
    const other = s.restart(); // a second outbox on another connection to the same file
    await Promise.all([s.outbox.runOnce(), s.outbox.runOnce(), other.outbox.runOnce()]);
    await s.outbox.runOnce();
    expect(s.aade.registered).toHaveLength(4);
    expect(sendCalls()).toBe(4);
  });
});

describe('a document that cannot be built', () => {
  it('a VAT rate myDATA does not know: that receipt is rejected with the reason, the next one still goes out', async () => {
    const odd = await s.call<{ id: string }>('tax.createRate', { name: 'VAT 10%', rateBp: 1000 }, s.owner);
    const item = await s.call<{ id: string }>('catalog.createItem', { categoryId: s.categoryId, name: 'Odd', priceCents: 500, taxRateId: odd.id }, s.owner);
    const bad = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, bad.id, item.id, 1);
    await payAll(s, bad.id); // the sale itself is never refused for this
    const good = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, good.id, s.items.coffee, 1);
    await payAll(s, good.id);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: bad.id }))[0]).toMatchObject({ state: 'rejected', errorCode: 'SETTING_INVALID' });
    expect((await s.docs({ orderId: good.id }))[0]?.state).toBe('registered');
  });
});

describe('what must never be registered', () => {
  it('documents issued while testing never reach production; production numbers start at 1', async () => {
    const sale = async () => {
      const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
      await addLine(s, order.id, s.items.coffee, 1);
      await payAll(s, order.id);
      return order.id;
    };
    s.aade.offline = true;
    const tried = await sale();
    await s.call('fiscal.settings.set', { environment: 'production', confirmProduction: true });
    s.aade.offline = false;
    const real = await sale();
    s.clock.advance(60 * 60_000);
    await s.outbox.runOnce();
    expect((await s.docs({ orderId: tried }))[0]).toMatchObject({ environment: 'test', state: 'queued', number: 1 });
    expect((await s.docs({ orderId: real }))[0]).toMatchObject({ environment: 'production', state: 'registered', number: 1 });
    expect(s.aade.registered).toHaveLength(1);
    expect(await s.call('fiscal.status', {}, s.cashier)).toMatchObject({ pending: 0 });
    const csv = await s.call<{ content: string }>('fiscal.export', { month: '2026-06', format: 'csv' }, s.manager);
    expect(csv.content.trim().split('\r\n')).toHaveLength(2);
  });

  it('a number AADE already holds for another document (a restored older backup): rejected, never given that mark', async () => {
    const first = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, first.id, s.items.coffee, 1);
    await payAll(s, first.id);
    await s.outbox.runOnce();
    const taken = (await s.docs({ orderId: first.id }))[0]?.mark;
    // The shop restores yesterday's backup: the receipt and its number are gone from the database.
    s.db.prepare('DELETE FROM fiscal_documents').run();
    s.db.prepare('DELETE FROM fiscal_counters').run();
    const other = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, other.id, s.items.toast, 2);
    await payAll(s, other.id);
    await s.outbox.runOnce();
    const [doc] = await s.docs({ orderId: other.id });
    expect(doc).toMatchObject({ number: 1, state: 'rejected', errorCode: '228', mark: null });
    expect(doc?.errorMessage).toContain(String(taken));
  });
});
