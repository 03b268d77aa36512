// @vitest-environment node
/**
 * The shell's fiscal banner over a real core shop: nothing while documents reach AADE in time;
 * once one has waited more than an hour (the shop's clock), the banner says how many and leads
 * to the Orders screen; it follows the live `fiscal` event and goes when the document is in.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { FiscalBanner } from './FiscalBanner';
import { createFiscalShop, enableFiscal, issueDocument, type FiscalShop } from '../testing/fiscal-shop';

let f: FiscalShop;
beforeEach(async () => { f = await createFiscalShop(); await enableFiscal(f); });
afterEach(() => { cleanup(); f.shop.cleanup(); });

const settle = () => act(async () => { await new Promise((r) => setTimeout(r, 20)); });
const HOUR = 60 * 60 * 1000;

describe('fiscal banner', () => {
  it('appears when a document has waited over an hour, counts them, and goes once AADE has them', async () => {
    const order = await f.shop.ok<{ id: string }>('order.create', {}, f.shop.cashier);
    const first = issueDocument(f, order.id, '8.6', 'queued');
    const client = createDirectClient(f.api, f.shop.cashier);
    let opened = 0;
    renderWithPos(<FiscalBanner client={client} onOpen={() => { opened++; }} />, { client, staff: f.shop.cashier });
    await settle();
    expect(screen.queryByTestId('fiscal-banner')).toBeNull();

    f.shop.clock.advance(HOUR - 60_000);
    issueDocument(f, order.id, '8.6', 'rejected');
    act(() => client.emit('fiscal', {}));
    await settle();
    expect(screen.queryByTestId('fiscal-banner')).toBeNull();

    f.shop.clock.advance(2 * 60_000);
    act(() => client.emit('fiscal', {}));
    const banner = await screen.findByTestId('fiscal-banner');
    expect(banner.textContent).toContain('2 fiscal documents have not reached AADE for more than an hour');
    fireEvent.click(screen.getByTestId('fiscal-banner-open'));
    expect(opened).toBe(1);

    f.shop.db.prepare("UPDATE fiscal_documents SET state = 'registered', mark = '400001951868543' WHERE id = ?").run(first);
    f.shop.db.prepare("UPDATE fiscal_documents SET state = 'cancelled' WHERE id <> ?").run(first);
    act(() => client.emit('orders', { id: order.id, command: 'payment.take' }));
    await waitFor(() => expect(screen.queryByTestId('fiscal-banner')).toBeNull());
  });

  it('in Greek, one document', async () => {
    const order = await f.shop.ok<{ id: string }>('order.create', {}, f.shop.cashier);
    issueDocument(f, order.id, '11.1', 'queued');
    f.shop.clock.advance(HOUR + 1);
    const client = createDirectClient(f.api, f.shop.cashier);
    renderWithPos(<FiscalBanner client={client} onOpen={() => undefined} />, { client, staff: f.shop.cashier, language: 'el' });
    expect((await screen.findByTestId('fiscal-banner')).textContent).toContain('1 παραστατικό δεν έχει φτάσει στην ΑΑΔΕ');
  });

  it('nothing when fiscal documents are off, however long something waits', async () => {
    const order = await f.shop.ok<{ id: string }>('order.create', {}, f.shop.cashier);
    issueDocument(f, order.id, '11.1', 'queued');
    await f.api.call('fiscal.settings.set', { enabled: false }, f.shop.owner);
    f.shop.clock.advance(5 * HOUR);
    const client = createDirectClient(f.api, f.shop.cashier);
    renderWithPos(<FiscalBanner client={client} onOpen={() => undefined} />, { client, staff: f.shop.cashier });
    await settle();
    expect(screen.queryByTestId('fiscal-banner')).toBeNull();
  });
});
