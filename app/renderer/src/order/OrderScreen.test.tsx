// @vitest-environment node
/**
 * The order entry against a real shop (core API over a temp SQLite file): taps become lines in
 * the database, options are enforced, a scanner typing fast adds the item, search filters,
 * payment with change commits the order, and a license that forbids selling disables it.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import type { DirectClient } from '../testing/direct-client';
import { licenseStatus, renderWithPos } from '../testing/render';
import { OrderScreen } from './OrderScreen';

let shop: TestShop;
let client: DirectClient;

beforeEach(async () => {
  shop = await createCoreTestShop();
  client = createDirectClient(shop.api, shop.cashier);
});
afterEach(() => { cleanup(); shop.cleanup(); window.localStorage.clear(); });

async function tiles() {
  return waitFor(() => {
    const found = screen.getAllByTestId('item-tile');
    expect(found.length).toBeGreaterThan(0);
    return found;
  });
}

function tile(name: string): HTMLElement {
  const t = screen.getAllByTestId('item-tile').find((el) => el.textContent?.includes(name));
  if (!t) throw new Error(`no tile ${name}`);
  return t;
}

async function currentOrder(): Promise<Order> {
  const active = await shop.ok<{ id: string }[]>('order.listActive', {}, shop.cashier);
  expect(active).toHaveLength(1);
  return shop.ok<Order>('order.get', { orderId: active[0]!.id }, shop.cashier);
}

/** A scanner: every key within a few ms, then Enter. */
function scan(code: string, target: EventTarget = window) {
  const start = performance.now();
  [...code, 'Enter'].forEach((key, i) => {
    const ev = new KeyboardEvent('keydown', { key, bubbles: true });
    Object.defineProperty(ev, 'timeStamp', { value: start + i * 5 });
    target.dispatchEvent(ev);
  });
}

describe('order entry', () => {
  it('a tap adds a line that core stores, with totals from core', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Freddo Espresso'));
    // The line shows at once (pending), then core's version replaces it.
    expect(screen.getAllByTestId('ticket-line')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('3.50'));
    fireEvent.click(tile('Freddo Espresso'));
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('9.90'));
    const order = await currentOrder();
    // The second tap of the same plain item went onto its line (issue 11 item 7).
    expect(order.lines.map((l) => [l.name, l.qty])).toEqual([['Freddo Espresso', 2], ['Toast', 1]]);
    expect(order.totalCents).toBe(990);
    // Fast taps before the draft existed made one order, not three.
    expect(client.calls.filter((c) => c === 'order.create')).toHaveLength(1);
  });

  it('quantity steppers change the line in core; down to zero removes it', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('line-plus')).not.toHaveProperty('disabled', true));
    fireEvent.click(screen.getByTestId('line-plus'));
    await waitFor(() => expect(screen.getByTestId('line-qty').textContent).toBe('2'));
    expect((await currentOrder()).lines[0]?.qty).toBe(2);
    fireEvent.click(screen.getByTestId('line-minus'));
    await waitFor(() => expect(screen.getByTestId('line-qty').textContent).toBe('1'));
    fireEvent.click(screen.getByTestId('line-minus'));
    await waitFor(() => expect(screen.queryAllByTestId('ticket-line')).toHaveLength(0));
  });

  it('an item with options opens the sheet; the required group must be chosen; price runs', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Pizza Margherita'));
    const sheet = screen.getByTestId('options-sheet');
    const add = within(sheet).getByTestId('options-add') as HTMLButtonElement;
    expect(add.disabled).toBe(true); // Size is required (min 1)
    expect(within(sheet).getAllByText('required').length).toBeGreaterThan(0);
    fireEvent.click(within(sheet).getByText('Large'));
    fireEvent.click(within(sheet).getByText('Olives'));
    expect(add.disabled).toBe(false);
    expect(add.textContent).toContain('12.50');
    fireEvent.change(within(sheet).getByTestId('options-note'), { target: { value: 'well done' } });
    fireEvent.click(add);
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('12.50'));
    const line = (await currentOrder()).lines[0];
    expect(line?.options.map((o) => o.name).sort()).toEqual(['Large', 'Olives']);
    expect(line?.note).toBe('well done');
    expect(screen.getByTestId('ticket-lines').textContent).toContain('well done');
  });

  it('Esc closes the options sheet without adding anything', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Pizza Margherita'));
    expect(screen.getByTestId('options-sheet')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('options-sheet')).toBeNull();
    expect(screen.queryAllByTestId('ticket-line')).toHaveLength(0);
  });

  it('a barcode scanner typing anywhere adds the item; an unknown code says so', async () => {
    const { toasts } = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    act(() => scan('5200000000028'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('0.50'));
    expect((await currentOrder()).lines[0]?.name).toBe('Water');
    act(() => scan('9999999999999'));
    expect(toasts.some((t) => t.kind === 'error' && t.text.includes('9999999999999'))).toBe(true);
    // Slow typing followed by Enter is a person, not a scanner: nothing is added.
    const slow = ['5', '2', '0', '0', 'Enter'];
    slow.forEach((key, i) => {
      const ev = new KeyboardEvent('keydown', { key, bubbles: true });
      Object.defineProperty(ev, 'timeStamp', { value: 100_000 + i * 300 });
      window.dispatchEvent(ev);
    });
    expect(screen.getAllByTestId('ticket-line')).toHaveLength(1);
  });

  it('a scan into the search box adds the item and leaves the box clean', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    const search = screen.getByTestId('search') as HTMLInputElement;
    search.focus();
    // The browser would type the digits into the box; the scan takes them back out.
    fireEvent.change(search, { target: { value: '5200000000011' } });
    act(() => scan('5200000000011', search));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('3.50'));
    expect(search.value).toBe('');
  });

  it('search filters at once, ignoring case and accents; "/" focuses it', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.keyDown(window, { key: '/' });
    const search = screen.getByTestId('search');
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'TOA' } });
    expect(screen.getAllByTestId('item-tile').map((t) => t.textContent)).toEqual([expect.stringContaining('Toast')]);
    fireEvent.change(search, { target: { value: 'zzz' } });
    expect(screen.queryAllByTestId('item-tile')).toHaveLength(0);
    expect(screen.getByText(/Nothing matches/)).toBeTruthy();
  });

  it('pays in cash with change; the order is paid in the database; the ticket starts over', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Freddo Espresso'));
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('6.40'));
    const orderId = (await currentOrder()).id;
    fireEvent.click(screen.getByTestId('pay'));
    const sheet = await screen.findByTestId('pay-sheet');
    expect(within(sheet).getByTestId('amount-due').textContent).toContain('6.40');
    // Quick cash: exact, next 5 (10.00 is also the 10 note), 20, 50.
    fireEvent.click(within(sheet).getByTestId('cash-1000'));
    const done = await screen.findByTestId('pay-done');
    expect(within(done).getByTestId('change-due').textContent).toContain('3.60');
    const paid = await shop.ok<Order>('order.get', { orderId }, shop.cashier);
    expect(paid.status).toBe('paid');
    expect(paid.payments[0]).toMatchObject({ method: 'cash', amountCents: 640, tenderedCents: 1000, changeCents: 360 });
    fireEvent.click(within(done).getByTestId('receipt-show'));
    // Core's receipt, as page text.
    await waitFor(() => expect(screen.getByTestId('receipt-preview').textContent).toContain('Freddo Espresso'));
    expect(screen.getByTestId('receipt-preview').textContent).toMatch(/3[.,]60/);
    expect(screen.queryAllByTestId('ticket-line')).toHaveLength(0);
  });

  it('Enter opens the payment; card pays the exact amount in one tap', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Water'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('0.50'));
    fireEvent.keyDown(document.body, { key: 'Enter' });
    const sheet = await screen.findByTestId('pay-sheet');
    fireEvent.click(within(sheet).getByTestId('pay-card'));
    await screen.findByTestId('pay-done');
    const order = (await shop.ok<{ status: string; id: string }[]>('order.listOfDay', { businessDay: '2026-06-15' }, shop.cashier))[0];
    expect(order?.status).toBe('paid');
  });

  it('when the license forbids selling the grid is disabled and the reason is shown', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier, license: licenseStatus({ state: 'suspended', canSell: false }) });
    await tiles();
    expect((tile('Toast') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('selling-locked').textContent).toMatch(/payment failed/);
  });

  it('a line discount needs the permission: a cashier gets it approved by a manager PIN', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
    fireEvent.click(within(screen.getByTestId('ticket-line')).getByText('Toast'));
    const sheet = await screen.findByTestId('line-sheet');
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '10' } });
    fireEvent.change(within(sheet).getByTestId('discount-reason'), { target: { value: 'regular' } });
    fireEvent.click(within(sheet).getByTestId('line-save'));
    // Core refused the cashier; the manager approves this one discount.
    const approval = await screen.findByTestId('manager-approval');
    expect((await currentOrder()).discountCents).toBe(0);
    fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes('Manos'))!);
    for (const d of '2222') fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
    fireEvent.click(within(approval).getByTestId('pin-submit'));
    await waitFor(() => expect(screen.getByTestId('ticket-lines').textContent).toContain('regular'));
    const line = (await currentOrder()).lines[0];
    expect(line?.discount).toMatchObject({ kind: 'percent', value: 1000, reason: 'regular', staffId: shop.manager.id });
    expect(line?.discountCents).toBe(29);
  });

  it('voiding a line after Send needs a reason and, for a cashier, a manager PIN', async () => {
    const { toasts } = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    fireEvent.click(tile('Water'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('3.40'));
    fireEvent.click(screen.getByTestId('send-kitchen'));
    // This shop has no kitchen printer: the till says so instead of claiming "Sent".
    await waitFor(() => expect(toasts.some((t) => t.text.startsWith('No printer is set up for kitchen'))).toBe(true));
    expect(toasts.some((t) => t.text === 'Sent to the kitchen.')).toBe(false);
    expect((await currentOrder()).status).toBe('open');
    fireEvent.click(within(screen.getAllByTestId('ticket-line')[0]!).getByText('Toast'));
    const sheet = await screen.findByTestId('line-sheet');
    const remove = within(sheet).getByTestId('line-remove') as HTMLButtonElement;
    expect(remove.disabled).toBe(true); // no reason yet
    fireEvent.change(within(sheet).getByTestId('line-void-reason'), { target: { value: 'customer changed mind' } });
    fireEvent.click(remove);
    const approval = await screen.findByTestId('manager-approval');
    fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes('Manos'))!);
    for (const d of '2222') fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
    fireEvent.click(within(approval).getByTestId('pin-submit'));
    await waitFor(() => expect(screen.getAllByTestId('ticket-line')).toHaveLength(1));
    const order = await currentOrder();
    expect(order.lines.find((l) => l.name === 'Toast')).toMatchObject({ status: 'voided', voidReason: 'customer changed mind' });
    expect(order.totalCents).toBe(50);
  });

  it('the order in progress is still there after visiting another screen', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
    cleanup(); // the screen unmounts (another screen is shown)
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
    expect(screen.getAllByTestId('ticket-line')).toHaveLength(1);
  });
});
