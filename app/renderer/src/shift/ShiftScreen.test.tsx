// @vitest-environment node
/**
 * Shift close against a real shop: count the drawer by denomination, see expected vs counted,
 * confirm, and read the numbered Z-report.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { ShiftScreen } from './ShiftScreen';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

describe('shift close', () => {
  it('opens with a float, closes with a counted drawer, shows Z-report with the difference', async () => {
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<ShiftScreen />, { client, staff: shop.manager });
    fireEvent.change(await screen.findByTestId('shift-float'), { target: { value: '100' } });
    fireEvent.click(screen.getByTestId('shift-open'));
    await screen.findByTestId('shift-report-X');
    // A cash sale during the shift (a minute later: the shift counts sales after its opening).
    shop.clock.advance(60_000);
    const o = await shop.ok<Order>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.coffee, qty: 1 }, shop.cashier);
    await shop.ok('payment.take', { orderId: o.id, tenders: [{ method: 'cash', tenderedCents: 500 }] }, shop.cashier);
    shop.clock.advance(60_000);
    cleanup();
    renderWithPos(<ShiftScreen />, { client, staff: shop.manager });
    await waitFor(() => expect(screen.getByTestId('report-expected').textContent).toContain('103.50'));
    fireEvent.click(screen.getByTestId('shift-close-start'));
    fireEvent.change(screen.getByTestId('denom-5000'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('denom-200'), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId('denom-100'), { target: { value: '1' } });
    expect(screen.getByTestId('cash-counted').textContent).toContain('103.00');
    expect(screen.getByTestId('cash-difference').textContent).toContain('-€0.50');
    fireEvent.click(screen.getByTestId('shift-close-confirm'));
    const z = await screen.findByTestId('zreport-screen');
    expect(z.textContent).toContain('Z-report 1');
    expect(within(z).getByTestId('report-counted').textContent).toContain('103.00');
    expect(within(z).getByTestId('report-difference').textContent).toContain('0.50');
    // No cash out and no cash refunds: plain zeros, never a "−€0.00".
    expect(z.textContent).not.toContain('−€0.00');
    expect(z.textContent?.match(/€0\.00/g)?.length).toBeGreaterThanOrEqual(2);
    expect(await shop.ok('shift.current', {}, shop.manager)).toBeNull();
  });
});
