// @vitest-environment node
/**
 * Issue 11 (3): "No sale" opens the cash drawer for a manager (audited, one ESC p), is not
 * offered to a cashier; a cash-in from the screen kicks it too. Real core shop; the drawer
 * pulse is the queued printer job, decoded.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
// eslint-disable-next-line no-restricted-imports -- the bytes queued for the real printer, decoded
import { getPrintJobPayload, listPrintJobs } from '../../../core/print/print-queue';
// eslint-disable-next-line no-restricted-imports -- see above
import { inspectEscPos } from '../../../core/pos/receipts/escpos-inspect';
import { ShiftScreen } from './ShiftScreen';

let shop: TestShop;
beforeEach(async () => {
  shop = await createCoreTestShop();
  await shop.ok('settings.update', { printers: [{ id: 'till', name: 'Till', host: '127.0.0.1', port: 9, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true, cashDrawer: true }] }, shop.owner);
  await shop.ok('shift.open', { openingFloatCents: 5_000 }, shop.manager);
});
afterEach(() => { cleanup(); shop.cleanup(); });

const kicks = () => listPrintJobs(shop.db, { limit: 50 }).filter((j) => j.kind === 'drawer').map((j) => inspectEscPos(getPrintJobPayload(shop.db, j.id), 'cp737'));

describe('No sale', () => {
  it('a manager opens the drawer: one pulse, audited', async () => {
    const { toasts } = renderWithPos(<ShiftScreen />, { client: createDirectClient(shop.api, shop.manager), staff: shop.manager });
    fireEvent.click(await screen.findByTestId('no-sale'));
    await waitFor(() => expect(toasts.some((t) => t.text === 'Cash drawer opened.')).toBe(true));
    expect(kicks()).toEqual(['[DRAWER 0 25 250]']);
    const audit = shop.db.prepare("SELECT staff_id AS staffId FROM audit_log WHERE action = 'drawer.noSale'").all();
    expect(audit).toEqual([{ staffId: shop.manager.id }]);
  });

  it('is not offered to a cashier; their cash in still opens the drawer', async () => {
    renderWithPos(<ShiftScreen />, { client: createDirectClient(shop.api, shop.cashier), staff: shop.cashier });
    fireEvent.click(await screen.findByTestId('cash-in'));
    expect(screen.queryByTestId('no-sale')).toBeNull();
    fireEvent.change(screen.getByTestId('cash-move-amount'), { target: { value: '20' } });
    fireEvent.change(screen.getByTestId('cash-move-reason'), { target: { value: 'coins' } });
    fireEvent.click(screen.getByTestId('cash-move-save'));
    await waitFor(() => expect(kicks()).toHaveLength(1));
  });
});
