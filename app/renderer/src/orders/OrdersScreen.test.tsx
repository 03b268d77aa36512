// @vitest-environment node
/**
 * Today's orders against a real shop: a cashier's refund or void goes through a manager's PIN
 * (a one-off approval session runs that single command, recorded as the manager's); a wrong PIN
 * changes nothing; a manager voids directly. The cashier stays signed in throughout.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { OrdersScreen } from './OrdersScreen';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

async function paidOrder(): Promise<Order> {
  const o = await shop.ok<Order>('order.create', {}, shop.cashier);
  await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.toast, qty: 2 }, shop.cashier);
  await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'cash', tenderedCents: 1000 }] }, shop.cashier);
  return shop.ok<Order>('order.get', { orderId: o.id }, shop.cashier);
}

// The shop's test clock is 2026-06-15: the screen opens on that business day (`initialDay`).
describe('orders screen', () => {
  it('a cashier refunds with a manager PIN; the refund is recorded by the manager', async () => {
    const order = await paidOrder();
    const client = createDirectClient(shop.api, shop.cashier);
    const { toasts } = renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client, staff: shop.cashier });
    fireEvent.click(await screen.findByTestId('orders-row'));
    const detail = await screen.findByTestId('order-detail');
    await waitFor(() => expect(within(detail).getByTestId('order-refund')).toBeTruthy());
    fireEvent.click(within(detail).getByTestId('order-refund'));
    fireEvent.click(screen.getByTestId('refund-mode-amount'));
    fireEvent.change(screen.getByTestId('action-reason'), { target: { value: 'cold toast' } });
    fireEvent.change(screen.getByTestId('refund-amount'), { target: { value: '2.90' } });
    fireEvent.click(screen.getByTestId('action-confirm'));
    const approval = await screen.findByTestId('manager-approval');
    fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes('Manos'))!);
    for (const d of '2222') fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
    fireEvent.click(within(approval).getByTestId('pin-submit'));
    await waitFor(() => expect(toasts.some((t) => t.kind === 'success')).toBe(true));
    const refunds = await shop.ok<{ amountCents: number; staffId: string; reason: string }[]>('order.listRefunds', { orderId: order.id }, shop.cashier);
    expect(refunds).toMatchObject([{ amountCents: 290, staffId: shop.manager.id, reason: 'cold toast' }]);
  });

  it('shows payment method, table, staff and the order note on the list and in the detail', async () => {
    const table = await shop.ok<{ id: string }>('table.create', { name: 'Terrace 3' }, shop.owner);
    const o = await shop.ok<Order>('table.open', { tableId: table.id, guests: 2 }, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.coffee, qty: 1 }, shop.cashier);
    await shop.ok('order.setDetails', { orderId: o.id, comment: 'allergic to nuts' }, shop.cashier);
    await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 350 }] }, shop.cashier);
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<OrdersScreen initialDay={o.businessDay} />, { client, staff: shop.manager });
    const row = await screen.findByTestId('orders-row');
    expect(within(row).getByTestId('orders-row-table').textContent).toBe('Terrace 3');
    expect(within(row).getByTestId('orders-row-staff').textContent).toBe('Katerina');
    expect(within(row).getByTestId('orders-row-method').textContent).toBe('Card');
    expect(within(row).getByTestId('orders-row-note').textContent).toBe('allergic to nuts');
    fireEvent.click(row);
    const facts = await screen.findByTestId('order-facts');
    await waitFor(() => expect(facts.textContent).toMatch(/Terrace 3.*2 covers.*Katerina.*Card/));
    expect(screen.getByTestId('order-note').textContent).toBe('allergic to nuts');
  });

  it('finds an order by its number or by its amount', async () => {
    const first = await paidOrder(); // 2 × toast = 5,80
    const o = await shop.ok<Order>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.water, qty: 1 }, shop.cashier);
    await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: 50 }] }, shop.cashier);
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<OrdersScreen initialDay={first.businessDay} />, { client, staff: shop.cashier });
    await waitFor(() => expect(screen.getAllByTestId('orders-row')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('orders-search'), { target: { value: '5,80' } });
    await waitFor(() => expect(screen.getAllByTestId('orders-row').map((r) => r.textContent)).toEqual([expect.stringContaining('€5.80')]));
    fireEvent.change(screen.getByTestId('orders-search'), { target: { value: `#${o.number}` } });
    await waitFor(() => expect(screen.getAllByTestId('orders-row').map((r) => r.firstChild?.textContent)).toEqual([String(o.number)]));
    fireEvent.change(screen.getByTestId('orders-search'), { target: { value: '99,99' } });
    await screen.findByTestId('orders-none');
  });

  it('a manager refunds one of two toasts by picking it; the slip is printed; the rest stays refundable', async () => {
    await shop.ok('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
    const order = await paidOrder();
    const client = createDirectClient(shop.api, shop.manager);
    const { toasts } = renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client, staff: shop.manager });
    fireEvent.click(await screen.findByTestId('orders-row'));
    fireEvent.click(await screen.findByTestId('order-refund'));
    const line = await screen.findByTestId('refund-line');
    fireEvent.click(within(line).getByTestId('refund-line-plus'));
    fireEvent.click(within(line).getByTestId('refund-line-plus'));
    fireEvent.click(within(line).getByTestId('refund-line-minus'));
    expect(within(line).getByTestId('refund-line-qty').textContent).toBe('1');
    fireEvent.change(screen.getByTestId('action-reason'), { target: { value: 'burnt' } });
    expect(screen.getByTestId('action-confirm').textContent).toBe('Refund €2.90');
    fireEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(() => expect(toasts.map((t) => t.text)).toContain('Refund slip sent to the printer.'));
    const refunds = await shop.ok<{ amountCents: number; lines: { qty: number }[] }[]>('order.listRefunds', { orderId: order.id }, shop.manager);
    expect(refunds).toMatchObject([{ amountCents: 290, lines: [{ qty: 1 }] }]);
    const jobs = await shop.ok<{ kind: string; description: string }[]>('print.jobs', {}, shop.manager);
    expect(jobs.map((j) => j.description)).toContain(`REFUND #${order.number}`);
    // The form again: one toast left to refund.
    await screen.findByTestId('order-refund-row');
    fireEvent.click(screen.getByTestId('order-refund'));
    expect(within(await screen.findByTestId('refund-line')).getByText('/ 1', { exact: false })).toBeTruthy();
  });

  it('a wrong manager PIN refuses and nothing is refunded', async () => {
    const order = await paidOrder();
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client, staff: shop.cashier });
    fireEvent.click(await screen.findByTestId('orders-row'));
    fireEvent.click(await screen.findByTestId('order-void'));
    fireEvent.change(screen.getByTestId('action-reason'), { target: { value: 'mistake' } });
    fireEvent.click(screen.getByTestId('action-confirm'));
    const approval = await screen.findByTestId('manager-approval');
    fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes('Manos'))!);
    for (const d of '9999') fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
    fireEvent.click(within(approval).getByTestId('pin-submit'));
    await waitFor(() => expect(within(approval).getByRole('alert').textContent).toMatch(/Wrong PIN/));
    expect((await shop.ok<Order>('order.get', { orderId: order.id }, shop.cashier)).status).toBe('paid');
  });

  it('a manager voids directly, without a second PIN', async () => {
    const order = await paidOrder();
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<OrdersScreen initialDay={order.businessDay} />, { client, staff: shop.manager });
    fireEvent.click(await screen.findByTestId('orders-row'));
    fireEvent.click(await screen.findByTestId('order-void'));
    fireEvent.change(screen.getByTestId('action-reason'), { target: { value: 'test order' } });
    fireEvent.click(screen.getByTestId('action-confirm'));
    await waitFor(async () => expect((await shop.ok<Order>('order.get', { orderId: order.id }, shop.manager)).status).toBe('voided'));
    expect(screen.queryByTestId('manager-approval')).toBeNull();
  });
});
