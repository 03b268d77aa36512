// @vitest-environment node
/**
 * Cash with no open shift: core refuses it (SHIFT_NOT_OPEN, the real default). The pay sheet
 * says why, lets the cashier count the float and open the shift there, then the same cash
 * payment goes through — against a real shop (temp SQLite), no mocks.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
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
  // The test shop lets cash through without a shift; a real shop does not.
  await shop.ok('settings.update', { allowCashWithoutShift: false }, shop.owner);
  client = createDirectClient(shop.api, shop.cashier);
});
afterEach(() => { cleanup(); shop.cleanup(); window.localStorage.clear(); });

async function ticketWithWater(): Promise<string> {
  renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
  const water = await waitFor(() => {
    const t = screen.getAllByTestId('item-tile').find((el) => el.textContent?.includes('Water'));
    if (!t) throw new Error('no Water tile');
    return t;
  });
  fireEvent.click(water);
  await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('0.50'));
  const active = await shop.ok<{ id: string }[]>('order.listActive', {}, shop.cashier);
  return active[0]!.id;
}

describe('paying cash with no open shift', () => {
  it('explains, opens the shift with the counted float, then takes the same cash payment', async () => {
    const orderId = await ticketWithWater();
    fireEvent.click(screen.getByTestId('pay'));
    fireEvent.click(within(await screen.findByTestId('pay-sheet')).getByTestId('cash-500'));
    const form = await screen.findByTestId('needs-shift');
    expect(within(form).getByTestId('needs-shift-message').textContent).toMatch(/no shift is open/i);
    expect((await shop.ok<Order>('order.get', { orderId }, shop.cashier)).status).not.toBe('paid');

    fireEvent.change(within(form).getByTestId('needs-shift-float'), { target: { value: '100' } });
    fireEvent.click(within(form).getByTestId('needs-shift-open'));
    const done = await screen.findByTestId('pay-done');
    expect(within(done).getByTestId('change-due').textContent).toContain('4.50');

    const shift = await shop.ok<{ openingFloatCents: number } | null>('shift.current', {}, shop.cashier);
    expect(shift?.openingFloatCents).toBe(10000);
    const paid = await shop.ok<Order>('order.get', { orderId }, shop.cashier);
    expect(paid.status).toBe('paid');
    expect(paid.payments[0]).toMatchObject({ method: 'cash', amountCents: 50, tenderedCents: 500, changeCents: 450 });
  });

  it('"Back" returns to the payment choices; card needs no shift', async () => {
    const orderId = await ticketWithWater();
    fireEvent.click(screen.getByTestId('pay'));
    fireEvent.click(within(await screen.findByTestId('pay-sheet')).getByTestId('cash-exact'));
    fireEvent.click(within(await screen.findByTestId('needs-shift')).getByTestId('needs-shift-back'));
    fireEvent.click(within(await screen.findByTestId('pay-sheet')).getByTestId('pay-card'));
    await screen.findByTestId('pay-done');
    expect((await shop.ok<Order>('order.get', { orderId }, shop.cashier)).status).toBe('paid');
    expect(await shop.ok('shift.current', {}, shop.cashier)).toBeNull();
  });
});
