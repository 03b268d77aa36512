// @vitest-environment node
/**
 * Reports over a real shop: VAT by rate as a table (with refunds) and its CSV; "Export CSV" next
 * to the items table exports every item, not the ten shown; pie shares add up to 100 %.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { ReportsScreen } from './ReportsScreen';
import { percentShares } from './chart-labels';

let shop: TestShop;
const downloads: string[] = [];
const realCreate = URL.createObjectURL;
beforeEach(async () => {
  shop = await createCoreTestShop();
  downloads.length = 0;
  // The browser's download plumbing (not ours): keep what would be saved.
  URL.createObjectURL = (blob: Blob) => { void blob.text().then((text) => downloads.push(text)); return 'blob:test'; };
});
afterEach(() => { URL.createObjectURL = realCreate; cleanup(); shop.cleanup(); });

async function sell(lines: { itemId: string; qty: number }[]): Promise<Order> {
  const o = await shop.ok<Order>('order.create', {}, shop.cashier);
  for (const l of lines) await shop.ok('order.addLine', { orderId: o.id, ...l }, shop.cashier);
  const due = (await shop.ok<Order>('order.get', { orderId: o.id }, shop.cashier)).dueCents;
  await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'card', amountCents: due }] }, shop.cashier);
  return shop.ok<Order>('order.get', { orderId: o.id }, shop.cashier);
}

describe('reports screen', () => {
  it('shows VAT by rate with refunds and exports it as CSV', async () => {
    const o = await sell([{ itemId: shop.items.coffee, qty: 2 }, { itemId: shop.items.toast, qty: 1 }]);
    await shop.ok('order.refund', { orderId: o.id, method: 'card', reason: 'spilled', lines: [{ lineId: o.lines[0]!.id, qty: 1 }] }, shop.manager);
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<ReportsScreen />, { client, staff: shop.manager });
    fireEvent.change(await screen.findByTestId('range-from'), { target: { value: o.businessDay } });
    const vat = await screen.findByTestId('vat-table');
    await waitFor(() => expect(within(vat).getAllByTestId('vat-row').map((r) => r.firstChild?.textContent)).toEqual(['24%', '13%']));
    const [r24] = within(vat).getAllByTestId('vat-row');
    expect(r24!.textContent).toContain('€7.00');
    expect(r24!.textContent).toContain('−€3.50');
    fireEvent.click(screen.getByTestId('csv-byTaxRate'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.split(/\r?\n/)[0]).toMatch(/^\ufeff?vat_rate_percent,net,vat,gross/);
  });

  it('"Export CSV" by the items table exports every item, not the ten shown', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await shop.ok<{ id: string }>('catalog.createItem', { categoryId: shop.categoryId, name: `Cake ${i}`, priceCents: 100 + i, taxRateId: shop.rates.reduced }, shop.owner)).id);
    const o = await sell(ids.map((itemId) => ({ itemId, qty: 1 })));
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<ReportsScreen />, { client, staff: shop.manager });
    fireEvent.change(await screen.findByTestId('range-from'), { target: { value: o.businessDay } });
    const table = await screen.findByTestId('items-table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + 10));
    fireEvent.click(screen.getByTestId('csv-byItem'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.trim().split(/\r?\n/)).toHaveLength(1 + 12);
    fireEvent.click(screen.getByTestId('items-show-all'));
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 12);
  });

  it('pie shares are whole percents that add up to 100', () => {
    expect(percentShares([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentShares([700, 300])).toEqual([70, 30]);
    expect(percentShares([0, 0])).toEqual([0, 0]);
    expect(percentShares([5, -2, 5])).toEqual([50, 0, 50]);
  });
});
