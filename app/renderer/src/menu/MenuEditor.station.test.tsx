// @vitest-environment node
/**
 * Issue 11 (4): the Menu screen chooses each category's station (kitchen, bar, not sent) and an
 * item's own override; Send then routes by them. Real core shop, signed in as a manager (who
 * edits the menu but not the shop's settings).
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { MenuEditor } from './MenuEditor';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

describe('stations on the Menu screen', () => {
  it('a manager sends a category to the bar and keeps one item at the till; Send follows', async () => {
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<MenuEditor />, { client, staff: shop.manager });
    const select = await screen.findByTestId('menu-category-station') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('kitchen'));
    fireEvent.change(select, { target: { value: 'bar' } });
    await waitFor(async () => {
      const { settings } = await shop.ok<{ settings: { kitchen: { categoryStations: Record<string, string | null> } } }>('settings.get', {}, shop.manager);
      expect(settings.kitchen.categoryStations[shop.categoryId]).toBe('bar');
    });
    await waitFor(() => expect((screen.getByTestId('menu-category-station') as HTMLSelectElement).value).toBe('bar'));
    const toastRow = screen.getAllByRole('row').find((r) => r.textContent?.startsWith('Toast'));
    expect(within(toastRow!).getByTestId('menu-item-station').textContent).toBe('Bar');
    fireEvent.click(within(toastRow!).getByTestId('menu-edit-item'));
    const editor = await screen.findByTestId('item-editor');
    const itemStation = within(editor).getByTestId('item-station') as HTMLSelectElement;
    expect(itemStation.value).toBe('');
    expect(itemStation.options[0]?.textContent).toBe('As its category (Bar)');
    fireEvent.change(itemStation, { target: { value: 'none' } });
    fireEvent.click(within(editor).getByTestId('item-save'));
    await waitFor(async () => expect((await shop.ok<{ station: string | null }>('catalog.getItem', { id: shop.items.toast }, shop.manager)).station).toBe('none'));

    const order = await shop.ok<{ id: string }>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.coffee }, shop.cashier);
    await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.toast }, shop.cashier);
    const sent = await shop.ok<{ tickets: { station: string; lines: { name: string }[] }[] }>('kitchen.send', { orderId: order.id, idempotencyKey: 'send-0001' }, shop.cashier);
    expect(sent.tickets.map((t) => [t.station, t.lines.map((l) => l.name)])).toEqual([['bar', ['Freddo Espresso']]]);
  });

  it('a cashier may not change a station', async () => {
    expect((await shop.fail('catalog.setCategoryStation', { categoryId: shop.categoryId, station: 'bar' }, shop.cashier)).code).toBe('PERMISSION_DENIED');
  });
});
