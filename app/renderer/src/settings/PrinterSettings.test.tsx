// @vitest-environment node
/**
 * Issue 11 (3, 5): Settings → Printers marks the printer the cash drawer hangs from, and turns
 * "paying sends a counter order to its stations" on or off. Real core shop, as the owner.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import type { Settings } from '../api/shapes';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { PrinterSettingsPanel } from './PrinterSettings';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });
const stored = async () => (await shop.ok<{ settings: Settings }>('settings.get', {}, shop.owner)).settings;

describe('printer settings', () => {
  it('marks the printer with the cash drawer', async () => {
    renderWithPos(<PrinterSettingsPanel />, { client: createDirectClient(shop.api, shop.owner), staff: shop.owner });
    fireEvent.click(screen.getByTestId('printer-add'));
    fireEvent.change(screen.getByTestId('printer-name'), { target: { value: 'Till' } });
    fireEvent.change(screen.getByTestId('printer-host'), { target: { value: '192.168.1.50' } });
    fireEvent.click(screen.getByTestId('printer-cash-drawer'));
    fireEvent.submit(screen.getByTestId('printer-form'));
    await waitFor(async () => expect((await stored()).printers).toMatchObject([{ id: 'till', station: 'receipt', cashDrawer: true }]));
  });

  it('turns off sending counter orders when paid', async () => {
    renderWithPos(<PrinterSettingsPanel />, { client: createDirectClient(shop.api, shop.owner), staff: shop.owner });
    const box = screen.getByTestId('send-on-pay') as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(async () => expect((await stored()).kitchen.sendCounterOrdersOnPay).toBe(false));
  });
});
