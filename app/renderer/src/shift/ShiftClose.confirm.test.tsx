// @vitest-environment node
/**
 * Issue 11 item 11 on the shift screen, over a real shop: a count far from expected asks once
 * more and names the difference; the note shows on the Z-report; the next shift's float can
 * start from the cash counted at the close.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { ShiftScreen } from './ShiftScreen';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

describe('closing with a large difference', () => {
  it('counted 0 against 208 expected asks, naming the shortage; only "close anyway" closes; the note is on the Z', async () => {
    await shop.ok('shift.open', { openingFloatCents: 20_800 }, shop.manager);
    shop.clock.advance(60_000);
    const client = createDirectClient(shop.api, shop.manager);
    renderWithPos(<ShiftScreen />, { client, staff: shop.manager });
    await waitFor(() => expect(screen.getByTestId('report-expected').textContent).toContain('208.00'));
    fireEvent.click(screen.getByTestId('shift-close-start'));
    fireEvent.click(screen.getByTestId('shift-close-confirm'));
    const ask = await screen.findByTestId('difference-confirm');
    expect(ask.textContent).toContain('The drawer is €208.00 short: counted €0.00, expected €208.00.');
    expect(within(ask).getByTestId('shift-close-anyway').textContent).toContain('-€208.00');
    expect(await shop.ok('shift.current', {}, shop.manager)).not.toBeNull();
    // Counting again (any change to the count) asks again for the new figure.
    fireEvent.click(within(ask).getByTestId('count-again'));
    expect(screen.queryByTestId('difference-confirm')).toBeNull();
    fireEvent.change(screen.getByTestId('denom-10000'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('shift-close-confirm'));
    expect((await screen.findByTestId('difference-confirm')).textContent).toContain('€92.00 more than expected');
    fireEvent.change(screen.getByTestId('denom-10000'), { target: { value: '' } });
    expect(screen.queryByTestId('difference-confirm')).toBeNull();
    fireEvent.change(screen.getByTestId('close-note'), { target: { value: 'Cash taken to the bank before counting' } });
    fireEvent.click(screen.getByTestId('shift-close-confirm'));
    fireEvent.click(within(await screen.findByTestId('difference-confirm')).getByTestId('shift-close-anyway'));
    const z = await screen.findByTestId('zreport-screen');
    expect(within(z).getByTestId('report-difference').textContent).toContain('208.00');
    expect(within(z).getByTestId('report-note').textContent).toContain('Cash taken to the bank before counting');
    expect(await shop.ok('shift.current', {}, shop.manager)).toBeNull();
  });

  it('a small difference closes at once (no question)', async () => {
    await shop.ok('shift.open', { openingFloatCents: 1000 }, shop.manager);
    shop.clock.advance(60_000);
    renderWithPos(<ShiftScreen />, { client: createDirectClient(shop.api, shop.manager), staff: shop.manager });
    await waitFor(() => expect(screen.getByTestId('report-expected').textContent).toContain('10.00'));
    fireEvent.click(screen.getByTestId('shift-close-start'));
    fireEvent.change(screen.getByTestId('denom-500'), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId('denom-1'), { target: { value: '1' } }); // 5.01 counted: 4.99 short
    fireEvent.click(screen.getByTestId('shift-close-confirm'));
    await screen.findByTestId('zreport-screen');
    expect(screen.queryByTestId('difference-confirm')).toBeNull();
  });
});

describe('the next opening float', () => {
  it('can start from the cash counted at the last close', async () => {
    await shop.ok('shift.open', { openingFloatCents: 5000 }, shop.manager);
    shop.clock.advance(60_000);
    await shop.ok('shift.close', { countedCashCents: 12_350 }, shop.manager);
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<ShiftScreen />, { client, staff: shop.cashier });
    const suggest = await screen.findByTestId('float-from-drawer');
    expect(suggest.textContent).toBe('Start with €123.50 (counted at the close of shift 1)');
    fireEvent.click(suggest);
    expect((screen.getByTestId('shift-float') as HTMLInputElement).value).toBe('123.50');
    fireEvent.click(screen.getByTestId('shift-open'));
    await screen.findByTestId('shift-report-X');
    expect(await shop.ok('shift.current', {}, shop.cashier)).toMatchObject({ number: 2, openingFloatCents: 12_350 });
  });
});
