// @vitest-environment node
/**
 * An order's fiscal documents and their states over a real core shop: documents issued by
 * core's ledger and moved through the states the outbox records; "Resend" through the real
 * command; the Orders screen's per-order pills follow the live `fiscal` event.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { OrdersScreen } from '../orders/OrdersScreen';
import { FiscalDocuments } from './FiscalDocuments';
import { createFiscalShop, enableFiscal, issueDocument, type FiscalShop } from '../testing/fiscal-shop';

let f: FiscalShop;
beforeEach(async () => { f = await createFiscalShop(); await enableFiscal(f); });
afterEach(() => { cleanup(); f.shop.cleanup(); });

/** An order with a line and no payment yet: its documents are exactly the ones a test issues. */
async function openOrder(): Promise<Order> {
  const o = await f.shop.ok<Order>('order.create', {}, f.shop.cashier);
  await f.shop.ok('order.addLine', { orderId: o.id, itemId: f.shop.items.toast, qty: 2 }, f.shop.cashier);
  return f.shop.ok<Order>('order.get', { orderId: o.id }, f.shop.cashier);
}
const stateOf = (id: string) => (f.shop.db.prepare('SELECT state FROM fiscal_documents WHERE id = ?').get(id) as { state: string }).state;

describe('an order\'s fiscal documents', () => {
  it('shows each document\'s state: registered with its ΜΑΡΚ, rejected with AADE\'s message, waiting, cancelled', async () => {
    const order = await openOrder();
    for (const [type, state] of [['8.6', 'cancelled'], ['8.6', 'registered'], ['11.1', 'rejected'], ['11.4', 'queued']] as const) {
      issueDocument(f, order.id, type, state);
      f.shop.clock.advance(60_000);
    }
    renderWithPos(<FiscalDocuments orderId={order.id} />, { client: createDirectClient(f.api, f.shop.manager), staff: f.shop.manager });
    const docs = await screen.findAllByTestId('fiscal-doc');
    expect(docs.map((d) => [d.dataset.type, d.dataset.state])).toEqual([['8.6', 'cancelled'], ['8.6', 'registered'], ['11.1', 'rejected'], ['11.4', 'queued']]);
    const [cancelled, registered, rejected, queued] = docs as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(within(registered).getByTestId('fiscal-doc-state').textContent).toBe('Registered');
    expect(within(registered).getByTestId('fiscal-doc-mark').textContent).toMatch(/^ΜΑΡΚ 40000195186\d{4}$/);
    expect(within(registered).queryByTestId('fiscal-doc-resend')).toBeNull();
    expect(within(rejected).getByTestId('fiscal-doc-state').textContent).toBe('Rejected');
    expect(within(rejected).getByTestId('fiscal-doc-error').textContent).toBe('AADE refused it (101): XML Syntax Validation Error: vatCategory. Correct it, then resend: it keeps its number.');
    expect(within(rejected).getByTestId('fiscal-doc-resend')).toBeTruthy();
    expect(within(queued).getByTestId('fiscal-doc-state').textContent).toBe('Waiting to send');
    expect(within(queued).getByTestId('fiscal-doc-waiting').textContent).toMatch(/Not at AADE yet/);
    expect(within(queued).getByTestId('fiscal-doc-resend')).toBeTruthy();
    expect(within(cancelled).getByTestId('fiscal-doc-state').textContent).toBe('Cancelled');
    expect(within(cancelled).queryByTestId('fiscal-doc-resend')).toBeNull();
    expect(rejected.textContent).toContain('A-1');
  });

  it('in Greek too', async () => {
    const order = await openOrder();
    issueDocument(f, order.id, '11.1', 'rejected');
    renderWithPos(<FiscalDocuments orderId={order.id} />, { client: createDirectClient(f.api, f.shop.owner), staff: f.shop.owner, language: 'el' });
    const doc = await screen.findByTestId('fiscal-doc');
    expect(doc.textContent).toContain('Απόδειξη λιανικής 11.1');
    expect(within(doc).getByTestId('fiscal-doc-state').textContent).toBe('Απορρίφθηκε');
    expect(within(doc).getByTestId('fiscal-doc-resend').textContent).toBe('Νέα αποστολή');
  });

  it('"Resend" puts a rejected document back in the outbox under the same number', async () => {
    const order = await openOrder();
    const id = issueDocument(f, order.id, '11.1', 'rejected');
    const { toasts } = renderWithPos(<FiscalDocuments orderId={order.id} />, { client: createDirectClient(f.api, f.shop.owner), staff: f.shop.owner });
    fireEvent.click(await screen.findByTestId('fiscal-doc-resend'));
    await waitFor(() => expect(screen.getByTestId('fiscal-doc').dataset.state).toBe('queued'));
    expect(stateOf(id)).toBe('queued');
    expect(toasts.map((t) => t.text)).toContain('Sent to AADE again.');
    expect(screen.getByTestId('fiscal-doc').textContent).toContain('A-1');
  });

  it('a cashier\'s order detail shows no documents and no error (owner and manager read them)', async () => {
    const order = await openOrder();
    issueDocument(f, order.id, '11.1', 'rejected');
    renderWithPos(<FiscalDocuments orderId={order.id} />, { client: createDirectClient(f.api, f.shop.cashier), staff: f.shop.cashier });
    await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
    expect(screen.queryByTestId('fiscal-docs')).toBeNull();
    expect(screen.queryByTestId('fiscal-docs-error')).toBeNull();
  });
});

describe('orders screen with fiscal documents', () => {
  it('each order shows its documents\' states, and follows the live fiscal event', async () => {
    const order = await openOrder();
    const id = issueDocument(f, order.id, '11.1', 'queued');
    const client = createDirectClient(f.api, f.shop.manager);
    renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client, staff: f.shop.manager });
    const pills = await screen.findByTestId('orders-row-fiscal');
    expect(pills.textContent).toBe('11.1 Waiting to send');
    f.shop.db.prepare("UPDATE fiscal_documents SET state = 'registered', mark = '400001951868543' WHERE id = ?").run(id);
    act(() => client.emit('fiscal', { id }));
    await waitFor(() => expect(screen.getByTestId('orders-row-fiscal').textContent).toBe('11.1 Registered'));
    fireEvent.click(screen.getByTestId('orders-row'));
    expect((await screen.findByTestId('fiscal-doc-mark')).textContent).toBe('ΜΑΡΚ 400001951868543');
    expect(screen.getByTestId('fiscal-export-open')).toBeTruthy();
  });

  it('with fiscal documents off, no myDATA column and no export', async () => {
    await f.api.call('fiscal.settings.set', { enabled: false }, f.shop.owner);
    const order = await openOrder();
    renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client: createDirectClient(f.api, f.shop.owner), staff: f.shop.owner });
    await screen.findByTestId('orders-row');
    await act(async () => { await new Promise((r) => setTimeout(r, 20)); });
    expect(screen.queryByTestId('orders-row-fiscal')).toBeNull();
    expect(screen.queryByTestId('fiscal-export-open')).toBeNull();
  });
});
