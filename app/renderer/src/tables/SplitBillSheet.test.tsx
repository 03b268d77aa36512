// @vitest-environment node
/**
 * Split bill against a real shop: the guest's part is computed by core from the lines moved
 * across and paid as a part payment; an equal split adds up to the bill.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Order } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { SplitBillSheet } from './SplitBillSheet';
// eslint-disable-next-line no-restricted-imports -- the bytes queued for the real printer, decoded
import { getPrintJobPayload, listPrintJobs } from '../../../core/print/print-queue';
// eslint-disable-next-line no-restricted-imports -- see above
import { inspectEscPos } from '../../../core/pos/receipts/escpos-inspect';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

async function tableBill(): Promise<Order> {
  const table = await shop.ok<{ id: string }>('table.create', { name: 'T4' }, shop.owner);
  const order = await shop.ok<Order>('table.open', { tableId: table.id }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.coffee, qty: 2 }, shop.cashier);
  return shop.ok<Order>('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 1 }, shop.cashier);
}

describe('split bill', () => {
  it('moves one coffee to the guest, who pays exactly that part; the rest stays due', async () => {
    const order = await tableBill();
    expect(order.totalCents).toBe(990);
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<SplitBillSheet orderId={order.id} onClose={() => undefined} />, { client, staff: shop.cashier });
    await waitFor(() => expect(screen.getByTestId('split-due').textContent).toContain('9.90'));
    const coffee = screen.getAllByTestId('split-bill-line').find((b) => b.textContent?.includes('Freddo'));
    fireEvent.click(coffee!);
    expect(screen.getByTestId('split-guest-lines').textContent).toContain('1 × Freddo Espresso');
    expect(screen.getByTestId('split-bill-lines').textContent).toContain('1 × Freddo Espresso');
    fireEvent.click(screen.getByTestId('split-pay-guest'));
    const pay = await screen.findByTestId('pay-sheet');
    expect(within(pay).getByTestId('amount-due').textContent).toContain('3.50');
    fireEvent.click(within(pay).getByTestId('pay-card'));
    await screen.findByTestId('pay-done');
    const after = await shop.ok<Order>('order.get', { orderId: order.id }, shop.cashier);
    expect(after.status).toBe('open');
    expect(after.paidCents).toBe(350);
    expect(after.dueCents).toBe(640);
  });

  it('splits equally into parts that add up to the bill', async () => {
    const order = await tableBill();
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<SplitBillSheet orderId={order.id} onClose={() => undefined} />, { client, staff: shop.cashier });
    await screen.findByTestId('split-due');
    fireEvent.click(screen.getByTestId('split-mode-equal'));
    fireEvent.click(screen.getByText('+'));
    expect(screen.getByTestId('split-parts').textContent).toBe('3');
    fireEvent.click(screen.getByTestId('split-equal-go'));
    const parts = await screen.findByTestId('split-equal-parts');
    expect(parts.textContent).toMatch(/€3\.30.*€3\.30.*€3\.30/);
  });
});

describe('split receipts (issue 11)', () => {
  it("the guest's receipt lists only what they took and their payment; the whole bill stays available", async () => {
    await shop.ok('settings.update', { language: 'en', locale: 'en-IE', printers: [{ id: 'till', name: 'Till', host: '127.0.0.1', port: 9, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true }] }, shop.owner);
    const order = await tableBill();
    const client = createDirectClient(shop.api, shop.cashier);
    renderWithPos(<SplitBillSheet orderId={order.id} onClose={() => undefined} />, { client, staff: shop.cashier });
    await waitFor(() => expect(screen.getByTestId('split-due').textContent).toContain('9.90'));
    fireEvent.click(screen.getAllByTestId('split-bill-line').find((b) => b.textContent?.includes('Freddo'))!);
    fireEvent.click(screen.getByTestId('split-pay-guest'));
    fireEvent.click(within(await screen.findByTestId('pay-sheet')).getByTestId('pay-card'));
    fireEvent.click(within(await screen.findByTestId('pay-done')).getByTestId('receipt-show'));
    const sheet = await screen.findByTestId('receipt-sheet');
    await waitFor(() => expect(sheet.textContent).toContain('1 × Freddo Espresso'));
    expect(sheet.textContent).not.toContain('Toast');
    expect(sheet.textContent).toContain('€3.50');
    expect(sheet.textContent).toContain('Split bill');
    fireEvent.click(within(sheet).getByTestId('receipt-sheet-print'));
    await waitFor(() => expect(listPrintJobs(shop.db, { limit: 10 })).toHaveLength(1));
    const printed = inspectEscPos(getPrintJobPayload(shop.db, listPrintJobs(shop.db, { limit: 10 })[0]!.id), 'cp737');
    expect(printed).toContain('1 x Freddo Espresso');
    expect(printed).not.toContain('Toast');
    expect(printed).toMatch(/TOTAL\s+EUR3\.50/);
    // Back to the split (6.40 still due), then the whole bill's receipt.
    fireEvent.click(within(sheet).getByTestId('sheet-close'));
    fireEvent.click(await screen.findByTestId('split-full-receipt'));
    const full = await screen.findByTestId('receipt-sheet');
    await waitFor(() => expect(full.textContent).toContain('2 × Freddo Espresso'));
    expect(full.textContent).toContain('1 × Toast');
  });
});
