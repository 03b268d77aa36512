// @vitest-environment node
/**
 * Role-aware screens over a real shop: Settings shows each person only what they may change
 * (the owner all groups; a manager and a cashier the language, with who changes the rest);
 * a manager switching the language is never refused; a refusal names who may ("Only the
 * owner…"), so a manager never reads "Ask a manager"; the shift's disabled buttons say why.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { createI18n } from '../i18n';
import { renderWithPos } from '../testing/render';
import { errorText } from '../errors';
import { SettingsScreen } from '../settings/SettingsScreen';
import { ShiftScreen } from '../shift/ShiftScreen';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

const groups = () => screen.queryAllByTestId(/^settings-(business|taxes|printers|language|devices|backups|staff|support)$/).map((b) => b.dataset.testid);

describe('role-aware settings', () => {
  it('the owner sees every group', async () => {
    renderWithPos(<SettingsScreen />, { client: createDirectClient(shop.api, shop.owner), staff: shop.owner });
    await screen.findByTestId('settings-screen');
    expect(groups()).toEqual(['settings-business', 'settings-taxes', 'settings-printers', 'settings-language', 'settings-devices', 'settings-backups', 'settings-staff', 'settings-support']);
  });

  for (const who of ['manager', 'cashier'] as const) {
    it(`a ${who} sees only the language, is told the owner changes the rest, and switches language without a refusal`, async () => {
      const staff = shop[who];
      const { toasts } = renderWithPos(<SettingsScreen />, { client: createDirectClient(shop.api, staff), staff });
      await screen.findByTestId('settings-screen');
      expect(groups()).toEqual([]);
      expect(screen.queryByTestId('business-save')).toBeNull();
      expect(screen.getByTestId('settings-owner-only').textContent).toMatch(/changed by the owner/);
      expect(screen.getByTestId('settings-screen').textContent).not.toMatch(/managers/i);
      fireEvent.click(screen.getByTestId('lang-el'));
      await waitFor(() => expect(screen.getByTestId('lang-el').className).toBe('on'));
      // No error (core refuses settings.update to anyone but the owner): nothing was tried.
      await new Promise((r) => setTimeout(r, 50));
      expect(toasts.filter((t) => t.kind === 'error')).toEqual([]);
    });
  }

  it('a refusal says who may: a manager is never told to ask a manager', async () => {
    const t = createI18n('en').t;
    const denied = await shop.fail('settings.update', { language: 'en' }, shop.manager);
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(errorText(t, denied)).toBe('Only the owner can do this. Ask the owner.');
    const cashierDenied = await shop.fail('reports.sales', { from: '2026-06-15', to: '2026-06-15' }, shop.cashier);
    expect(errorText(t, cashierDenied)).toBe('Only a manager or the owner can do this. Ask a manager.');
  });
});

describe('role-aware shift screen', () => {
  it('a cashier\'s disabled close and cash-out buttons say why; a manager\'s are enabled with no such text', async () => {
    await shop.ok('shift.open', { openingFloatCents: 5000 }, shop.cashier);
    renderWithPos(<ShiftScreen />, { client: createDirectClient(shop.api, shop.cashier), staff: shop.cashier });
    const close = await screen.findByTestId('shift-close-start');
    await waitFor(() => expect(close.getAttribute('aria-describedby')).toBe('why-shift-close'));
    expect((close as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('why-shift-close').textContent).toBe('Only a manager can close the shift.');
    expect((screen.getByTestId('cash-out') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('why-cash-out').textContent).toBe('Only a manager can take cash out.');
    cleanup();
    renderWithPos(<ShiftScreen />, { client: createDirectClient(shop.api, shop.manager), staff: shop.manager });
    await waitFor(() => expect((screen.getByTestId('cash-out') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('why-shift-close')).toBeNull();
    expect(document.body.textContent).not.toMatch(/Ask a manager|Only a manager/);
  });
});
