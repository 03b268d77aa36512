// @vitest-environment node
/**
 * Issue 11 "fast hands" on the order screen, over a real core shop (temp SQLite): repeated taps
 * stack, option defaults and note chips, the manager approval from the keyboard without barcode
 * toasts, discounts checked before the manager is called, parked orders to pick up.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import type { DirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
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

async function activeOrders(): Promise<Order[]> {
  const active = await shop.ok<{ id: string }[]>('order.listActive', {}, shop.cashier);
  return Promise.all(active.map((a) => shop.ok<Order>('order.get', { orderId: a.id }, shop.cashier)));
}

async function currentOrder(): Promise<Order> {
  const all = await activeOrders();
  expect(all).toHaveLength(1);
  return all[0]!;
}

/** Keys as a person types them: far enough apart that the barcode detector never sees a scan. */
function typeSlowly(keys: string[], start = 500_000) {
  keys.forEach((key, i) => {
    const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: start + i * 300 });
    window.dispatchEvent(ev);
  });
}

/** A scanner (or fast fingers on the number row): every key within a few ms, then Enter. */
function typeFast(keys: string, start = 900_000) {
  [...keys, 'Enter'].forEach((key, i) => {
    const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: start + i * 5 });
    window.dispatchEvent(ev);
  });
}

describe('repeated taps (item 7)', () => {
  it('three fast taps of a plain item are one line of 3, on screen at once and in core', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    fireEvent.click(tile('Toast'));
    fireEvent.click(tile('Toast'));
    // Counted on the one line before core answers, the total too.
    expect(screen.getAllByTestId('ticket-line')).toHaveLength(1);
    expect(screen.getByTestId('line-qty').textContent).toBe('3');
    expect(screen.getByTestId('total').textContent).toContain('8.70');
    await waitFor(async () => expect((await currentOrder()).lines.map((l) => [l.name, l.qty])).toEqual([['Toast', 3]]));
    await waitFor(() => expect(screen.getByTestId('line-qty').textContent).toBe('3'));
    expect(screen.getByTestId('total').textContent).toContain('8.70');
  });

  it('a scan of the same item stacks too; another item between starts a new line', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    act(() => typeFast('5200000000028'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('0.50'));
    act(() => typeFast('5200000000028', 950_000));
    fireEvent.click(tile('Toast'));
    act(() => typeFast('5200000000028', 990_000));
    await waitFor(async () => expect((await currentOrder()).lines.map((l) => [l.name, l.qty])).toEqual([['Water', 2], ['Toast', 1], ['Water', 1]]));
    await waitFor(() => expect(screen.getAllByTestId('line-qty').map((q) => q.textContent)).toEqual(['2', '1', '1']));
  });

  it('an item chosen through its options sheet is a line of its own each time', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Pizza Margherita'));
    const sheet = screen.getByTestId('options-sheet');
    fireEvent.click(within(sheet).getByText('Large'));
    fireEvent.click(within(sheet).getByTestId('options-add'));
    fireEvent.click(tile('Pizza Margherita'));
    fireEvent.click(within(screen.getByTestId('options-sheet')).getByText('Large'));
    fireEvent.click(within(screen.getByTestId('options-sheet')).getByTestId('options-add'));
    await waitFor(async () => expect((await currentOrder()).lines.map((l) => l.qty)).toEqual([1, 1]));
  });

  it('after Send, a tap of the same item is a new line (the kitchen gets it as a new line)', async () => {
    const { toasts } = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
    fireEvent.click(screen.getByTestId('send-kitchen'));
    // This shop has no kitchen printer: the till says so, but the line counts as sent.
    await waitFor(() => expect(toasts.some((t) => t.text.startsWith('No printer is set up for kitchen'))).toBe(true));
    fireEvent.click(tile('Toast'));
    await waitFor(async () => expect((await currentOrder()).lines.map((l) => l.qty)).toEqual([1, 1]));
    await waitFor(() => expect(screen.getAllByTestId('line-qty').map((q) => q.textContent)).toEqual(['1', '1']));
  });
});

async function openLineSheetFor(name: string) {
  fireEvent.click(tile(name));
  await waitFor(() => expect(screen.getByTestId('line-plus')).toHaveProperty('disabled', false));
  fireEvent.click(within(screen.getByTestId('ticket-line')).getByText(name));
  return screen.findByTestId('line-sheet');
}

describe('manager approval from the keyboard (item 9)', () => {
  it('says what is approved; the PIN typed with Backspace and Enter approves it; no barcode toast, no payment', async () => {
    const { toasts } = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    const sheet = await openLineSheetFor('Toast');
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '20' } });
    fireEvent.change(within(sheet).getByTestId('discount-reason'), { target: { value: 'regular' } });
    fireEvent.click(within(sheet).getByTestId('line-save'));
    const approval = await screen.findByTestId('manager-approval');
    const number = (await currentOrder()).number;
    expect(within(approval).getByTestId('approval-what').textContent).toContain(`Discount 20 % on Toast, order #${number}`);
    // A manager is picked already: the PIN can be typed at once, as fast as fingers go.
    await waitFor(() => expect(within(approval).getByTestId('pin-submit')).toBeTruthy());
    act(() => typeSlowly(['2', '2', '2', '3', 'Backspace', '2']));
    act(() => typeFast('', 600_000)); // an Enter right after the last digit
    await waitFor(() => expect(screen.queryByTestId('manager-approval')).toBeNull());
    await waitFor(async () => expect((await currentOrder()).lines[0]?.discount).toMatchObject({ kind: 'percent', value: 2000, staffId: shop.manager.id }));
    expect(toasts.filter((t) => t.kind === 'error')).toEqual([]);
    expect(screen.queryByTestId('pay-sheet')).toBeNull();
  });

  it('a PIN typed in a fast burst is still the PIN, not an "Unknown barcode 2222"', async () => {
    const { toasts } = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    const sheet = await openLineSheetFor('Water');
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '10' } });
    fireEvent.change(within(sheet).getByTestId('discount-reason'), { target: { value: 'staff' } });
    fireEvent.click(within(sheet).getByTestId('line-save'));
    await screen.findByTestId('manager-approval');
    await waitFor(() => expect(screen.getByTestId('pin-submit')).toBeTruthy());
    act(() => typeFast('2222'));
    await waitFor(() => expect(screen.queryByTestId('manager-approval')).toBeNull());
    await waitFor(async () => expect((await currentOrder()).lines[0]?.discountCents).toBe(5));
    expect(toasts.some((t) => t.text.includes('2222'))).toBe(false);
    // With the dialog closed, the scanner works again.
    act(() => typeFast('5200000000028', 1_200_000));
    await waitFor(async () => expect((await currentOrder()).lines[0]?.qty).toBe(1));
  });
});

describe('a discount is checked before the manager is called (item 10)', () => {
  it('a line discount without a reason, or above the price, cannot be saved and says why', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    const sheet = await openLineSheetFor('Toast');
    const save = within(sheet).getByTestId('line-save') as HTMLButtonElement;
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '10' } });
    expect(save.disabled).toBe(true);
    expect(within(sheet).getByTestId('discount-problem').textContent).toBe('Type a reason for the discount.');
    fireEvent.change(within(sheet).getByTestId('discount-reason'), { target: { value: 'regular' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(within(sheet).getByText('€'));
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '4' } });
    expect(save.disabled).toBe(true);
    expect(within(sheet).getByTestId('discount-problem').textContent).toContain('2.90');
    fireEvent.click(save);
    expect(screen.queryByTestId('manager-approval')).toBeNull();
    expect(client.calls).not.toContain('order.setDiscount');
  });

  it('an order discount above the total or over 100 % is stopped on the till', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Toast'));
    fireEvent.click(tile('Water'));
    await waitFor(() => expect(screen.getByTestId('order-discount')).toHaveProperty('disabled', false));
    await waitFor(async () => expect((await currentOrder()).lines).toHaveLength(2));
    fireEvent.click(screen.getByTestId('order-discount'));
    const sheet = await screen.findByTestId('discount-sheet');
    const apply = within(sheet).getByTestId('discount-apply') as HTMLButtonElement;
    fireEvent.change(within(sheet).getByTestId('discount-reason'), { target: { value: 'friends' } });
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '120' } });
    expect(apply.disabled).toBe(true);
    expect(within(sheet).getByTestId('discount-problem').textContent).toBe('At most 100 %.');
    fireEvent.click(within(sheet).getByText('€'));
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '3.41' } });
    expect(within(sheet).getByTestId('discount-problem').textContent).toContain('3.40');
    fireEvent.change(within(sheet).getByTestId('discount-value'), { target: { value: '3.40' } });
    expect(apply.disabled).toBe(false);
    fireEvent.click(apply);
    // Now, and only now, the manager is asked, and told what for.
    const approval = await screen.findByTestId('manager-approval');
    expect(within(approval).getByTestId('approval-what').textContent).toMatch(/Discount €3\.40 on order #\d+/);
  });
});

describe('option defaults and note chips (item 8)', () => {
  async function greekCoffee() {
    await shop.ok('catalog.createItem', {
      categoryId: shop.categoryId, name: 'Greek coffee', priceCents: 200, taxRateId: shop.rates.reduced, notePresets: ['To go', 'Extra hot'],
      optionGroups: [
        { name: 'Sugar', minChoices: 1, maxChoices: 1, options: [{ name: 'No sugar', isDefault: true }, { name: 'Medium' }, { name: 'Sweet' }] },
        { name: 'Cup', minChoices: 1, maxChoices: 1, options: [{ name: 'Single' }] },
        { name: 'Extras', minChoices: 0, maxChoices: 2, options: [{ name: 'Biscuit', priceDeltaCents: 50 }] },
      ],
    }, shop.owner);
  }

  it('the sheet opens with the default and the only choice chosen: Add is one tap', async () => {
    await greekCoffee();
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Greek coffee'));
    const sheet = screen.getByTestId('options-sheet');
    const pressed = within(sheet).getAllByTestId('option-choice').filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.textContent);
    expect(pressed).toEqual(['No sugar', 'Single']);
    const add = within(sheet).getByTestId('options-add') as HTMLButtonElement;
    expect(add.disabled).toBe(false);
    fireEvent.click(add);
    await waitFor(async () => expect((await currentOrder()).lines[0]?.options.map((o) => o.name)).toEqual(['No sugar', 'Single']));
  });

  it('note presets are chips: a tap adds "To go", another tap takes it out, typed text stays', async () => {
    await greekCoffee();
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    fireEvent.click(tile('Greek coffee'));
    const sheet = screen.getByTestId('options-sheet');
    const chips = within(sheet).getAllByTestId('note-chip');
    expect(chips.map((c) => c.textContent)).toEqual(['To go', 'Extra hot']);
    const note = within(sheet).getByTestId('options-note') as HTMLInputElement;
    fireEvent.change(note, { target: { value: 'for Maria' } });
    fireEvent.click(chips[0]!);
    fireEvent.click(chips[1]!);
    expect(note.value).toBe('for Maria, To go, Extra hot');
    fireEvent.click(chips[1]!);
    expect(note.value).toBe('for Maria, To go');
    expect(chips[0]!.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(sheet).getByText('Sweet'));
    fireEvent.click(within(sheet).getByTestId('options-add'));
    await waitFor(async () => expect((await currentOrder()).lines[0]).toMatchObject({ note: 'for Maria, To go' }));
    expect((await currentOrder()).lines[0]?.options.map((o) => o.name)).toEqual(['Sweet', 'Single']);
    // The line sheet offers the same chips.
    await waitFor(() => expect(screen.getByTestId('line-plus')).toHaveProperty('disabled', false));
    fireEvent.click(within(screen.getByTestId('ticket-line')).getByText('Greek coffee'));
    const lineSheet = await screen.findByTestId('line-sheet');
    fireEvent.click(within(lineSheet).getAllByTestId('note-chip')[0]!);
    expect((within(lineSheet).getByTestId('line-note') as HTMLInputElement).value).toBe('for Maria');
  });
});

describe('parked orders on the order screen (item 12)', () => {
  async function parkedOrder(itemId: string, comment = ''): Promise<Order> {
    const o = await shop.ok<Order>('order.create', comment ? { comment } : {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId }, shop.cashier);
    return shop.ok<Order>('order.send', { orderId: o.id }, shop.cashier);
  }

  it('shows open counter orders (not table orders, not empty drafts); a tap picks one up into the ticket', async () => {
    const a = await parkedOrder(shop.items.toast, 'for Maria');
    await parkedOrder(shop.items.coffee);
    await shop.ok('order.create', {}, shop.cashier); // an empty draft: nothing to pick up
    const table = await shop.ok<{ id: string }>('table.create', { name: 'T1' }, shop.manager);
    const atTable = await shop.ok<Order>('table.open', { tableId: table.id }, shop.cashier);
    await shop.ok('order.addLine', { orderId: atTable.id, itemId: shop.items.water }, shop.cashier);
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    const strip = await screen.findByTestId('parked-orders');
    const chips = within(strip).getAllByTestId('parked-order');
    expect(chips.map((c) => c.textContent?.match(/#\d+/)?.[0])).toEqual(['#2', '#1']);
    expect(chips[1]!.textContent).toContain('€2.90');
    expect(chips[1]!.textContent).toContain('for Maria');
    fireEvent.click(chips[1]!);
    await waitFor(() => expect(screen.getByTestId('ticket').textContent).toContain(`Order #${a.number}`));
    expect(screen.getAllByTestId('ticket-line').map((l) => l.textContent)).toEqual([expect.stringContaining('Toast')]);
    // The order on screen is not offered again; the other one still is.
    await waitFor(() => expect(within(screen.getByTestId('parked-orders')).getAllByTestId('parked-order')).toHaveLength(1));
    // Adding to it and starting a new order parks it: it is offered again.
    fireEvent.click(tile('Water'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('3.40'));
    fireEvent.click(screen.getByTestId('ticket-new'));
    await waitFor(() => expect(within(screen.getByTestId('parked-orders')).getAllByTestId('parked-order')).toHaveLength(2));
  });

  it('an order parked on another till appears when core says orders changed', async () => {
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    await tiles();
    expect(screen.queryByTestId('parked-orders')).toBeNull();
    const o = await parkedOrder(shop.items.coffee);
    act(() => client.emit('orders', { id: o.id }));
    await waitFor(() => expect(within(screen.getByTestId('parked-orders')).getAllByTestId('parked-order')).toHaveLength(1));
  });
});
