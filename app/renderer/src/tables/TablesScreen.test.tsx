// @vitest-environment node
/**
 * The floor plan over a real shop: a card shows free / seated / ordered / bill printed and the
 * covers; seating a free table asks how many guests; a manager renames a table, sets its covers
 * and deletes it only when free (the button says why not); a cashier sees no editor.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import type { TableStatus } from '../../../core/pos/tables/tables';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { TablesScreen } from './TablesScreen';

let shop: TestShop;
beforeEach(async () => {
  shop = await createCoreTestShop();
  await shop.ok('settings.update', { printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
});
afterEach(() => { cleanup(); shop.cleanup(); });

const card = async (name: string) => (await screen.findAllByTestId('table-card')).find((c) => within(c).getByTestId('table-name').textContent === name)!;

describe('tables screen', () => {
  it('shows each table\'s state and covers: free, seated, ordered, bill printed', async () => {
    const ids = await Promise.all(['A', 'B', 'C', 'D'].map(async (name) => (await shop.ok<{ id: string }>('table.create', { name, seats: 4 }, shop.owner)).id));
    await shop.ok('table.open', { tableId: ids[1], guests: 2 }, shop.cashier);
    const c = await shop.ok<Order>('table.open', { tableId: ids[2], guests: 3 }, shop.cashier);
    await shop.ok('order.addLine', { orderId: c.id, itemId: shop.items.coffee, qty: 1 }, shop.cashier);
    const d = await shop.ok<Order>('table.open', { tableId: ids[3] }, shop.cashier);
    await shop.ok('order.addLine', { orderId: d.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
    await shop.ok('receipt.print', { orderId: d.id }, shop.cashier);
    renderWithPos(<TablesScreen />, { client: createDirectClient(shop.api, shop.cashier), staff: shop.cashier });
    const states = async () => Promise.all(['A', 'B', 'C', 'D'].map(async (n) => within(await card(n)).getByTestId('table-state').textContent));
    await waitFor(async () => expect(await states()).toEqual(['Free', 'Seated', 'Ordered', 'Bill printed']));
    expect(within(await card('A')).getByTestId('table-covers').textContent).toBe('4 seats');
    expect(within(await card('C')).getByTestId('table-covers').textContent).toBe('3/4 covers');
    // A cashier has no editor.
    expect(screen.queryByTestId('table-edit-open')).toBeNull();
  });

  it('"Print bill" on an ordered table prints it and the card turns to bill printed', async () => {
    const id = (await shop.ok<{ id: string }>('table.create', { name: 'Patio', seats: 2 }, shop.owner)).id;
    const bill = await shop.ok<Order>('table.open', { tableId: id }, shop.cashier);
    await shop.ok('order.addLine', { orderId: bill.id, itemId: shop.items.coffee, qty: 1 }, shop.cashier);
    const { toasts } = renderWithPos(<TablesScreen />, { client: createDirectClient(shop.api, shop.cashier), staff: shop.cashier });
    fireEvent.click(within(await card('Patio')).getByTestId('table-print-bill'));
    await waitFor(async () => expect(within(await card('Patio')).getByTestId('table-state').textContent).toBe('Bill printed'));
    expect(toasts.map((x) => x.text)).toContain('Bill sent to the printer.');
  });

  it('seating a free table asks how many guests and opens the bill with them', async () => {
    const id = (await shop.ok<{ id: string }>('table.create', { name: 'Window', seats: 2 }, shop.owner)).id;
    const { ctx } = renderWithPos(<TablesScreen />, { client: createDirectClient(shop.api, shop.cashier), staff: shop.cashier });
    const navigated: unknown[] = [];
    ctx.navigate = (...args: unknown[]) => { navigated.push(args); };
    fireEvent.click(within(await card('Window')).getByTestId('table-open'));
    fireEvent.click(within(await screen.findByTestId('covers-sheet')).getByTestId('covers-5'));
    await waitFor(async () => expect((await shop.ok<TableStatus[]>('table.list', {}, shop.cashier)).find((t) => t.id === id)).toMatchObject({ state: 'seated', guests: 5 }));
    await waitFor(() => expect(navigated).toEqual([['order', expect.objectContaining({ tableId: id })]]));
  });

  it('a manager renames a table, changes its covers, and deletes it only when free', async () => {
    const id = (await shop.ok<{ id: string }>('table.create', { name: 'T1', seats: 2 }, shop.owner)).id;
    const busy = await shop.ok<{ id: string }>('table.create', { name: 'T2' }, shop.owner);
    await shop.ok('table.open', { tableId: busy.id }, shop.cashier);
    renderWithPos(<TablesScreen />, { client: createDirectClient(shop.api, shop.manager), staff: shop.manager });

    fireEvent.click(within(await card('T1')).getByTestId('table-edit-open'));
    let sheet = await screen.findByTestId('table-edit');
    fireEvent.change(within(sheet).getByTestId('table-edit-name'), { target: { value: 'Garden 1' } });
    fireEvent.click(within(sheet).getByTestId('table-seats-plus'));
    fireEvent.click(within(sheet).getByTestId('table-seats-plus'));
    fireEvent.click(within(sheet).getByTestId('table-edit-save'));
    await waitFor(async () => expect((await shop.ok<TableStatus[]>('table.list', {}, shop.cashier)).find((t) => t.id === id)).toMatchObject({ name: 'Garden 1', seats: 4 }));

    // A busy table: delete is disabled and says why.
    fireEvent.click(within(await card('T2')).getByTestId('table-edit-open'));
    sheet = await screen.findByTestId('table-edit');
    expect((within(sheet).getByTestId('table-delete') as HTMLButtonElement).disabled).toBe(true);
    expect(within(sheet).getByTestId('table-delete-why').textContent).toMatch(/running bill/);
    fireEvent.keyDown(window, { key: 'Escape' });

    fireEvent.click(within(await card('Garden 1')).getByTestId('table-edit-open'));
    sheet = await screen.findByTestId('table-edit');
    fireEvent.click(within(sheet).getByTestId('table-delete'));
    fireEvent.click(within(sheet).getByTestId('table-delete-confirm'));
    await waitFor(async () => expect((await shop.ok<TableStatus[]>('table.list', {}, shop.cashier)).map((t) => t.name)).toEqual(['T2']));
  });
});
