// @vitest-environment node
/**
 * Settings → Fiscal (myDATA) over a real core shop and the real fiscal commands: an invalid ΑΦΜ
 * is refused as it is typed and never saved, production needs a confirmation, the subscription
 * key is never displayed once saved, core's refusals are shown in words.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { SettingsScreen } from '../settings/SettingsScreen';
import { FiscalSettings } from './FiscalSettings';
import { BAD_AFM, GOOD_AFM, createFiscalShop, type FiscalShop } from '../testing/fiscal-shop';

let f: FiscalShop;
beforeEach(async () => { f = await createFiscalShop(); });
afterEach(() => { cleanup(); f.shop.cleanup(); });

const SECRET_KEY = 'sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const saved = () => f.shop.db.prepare('SELECT enabled, afm, environment, series, branch FROM fiscal_settings').get() as { enabled: number; afm: string | null; environment: string; series: string; branch: number };

function open(language: 'en' | 'el' = 'en') {
  const client = createDirectClient(f.api, f.shop.owner);
  return renderWithPos(<FiscalSettings />, { client, staff: f.shop.owner, language });
}
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('fiscal settings', () => {
  it('checks the ΑΦΜ as it is typed: nine digits, then the check digit', async () => {
    open();
    await screen.findByTestId('fiscal-settings');
    type('fiscal-afm', '09401');
    expect(screen.getByTestId('fiscal-afm-check').textContent).toBe('An ΑΦΜ has 9 digits.');
    type('fiscal-afm', BAD_AFM);
    expect(screen.getByTestId('fiscal-afm-check').textContent).toMatch(/check digit does not match/);
    expect(screen.getByTestId('fiscal-afm').getAttribute('aria-invalid')).toBe('true');
    type('fiscal-afm', GOOD_AFM);
    expect(screen.getByTestId('fiscal-afm-check').textContent).toBe('Valid ΑΦΜ.');
  });

  it('an invalid ΑΦΜ is refused and never saved', async () => {
    open();
    await screen.findByTestId('fiscal-settings');
    type('fiscal-afm', BAD_AFM);
    fireEvent.click(screen.getByTestId('fiscal-save'));
    expect((await screen.findByTestId('fiscal-form-error')).textContent).toMatch(/9-digit ΑΦΜ/);
    await new Promise((r) => setTimeout(r, 20));
    expect(saved().afm).toBeNull();
  });

  it('saves ΑΦΜ, series, branch and the credentials, and then never shows the key: it only says "saved"', async () => {
    const { toasts } = open();
    await screen.findByTestId('fiscal-settings');
    expect(screen.getByTestId('fiscal-credentials-state').textContent).toMatch(/No myDATA user id/);
    type('fiscal-afm', GOOD_AFM);
    type('fiscal-series', 'b1');
    type('fiscal-branch', '2');
    type('fiscal-user-id', 'cafe-oraia');
    type('fiscal-key', SECRET_KEY);
    fireEvent.click(screen.getByTestId('fiscal-enabled'));
    fireEvent.click(screen.getByTestId('fiscal-save'));
    await waitFor(() => expect(toasts.some((t) => t.kind === 'success')).toBe(true));
    expect(saved()).toMatchObject({ enabled: 1, afm: GOOD_AFM, series: 'B1', branch: 2, environment: 'test' });
    expect(await f.secrets.get('mydataSubscriptionKey')).toBe(SECRET_KEY);
    await waitFor(() => expect(screen.getByTestId('fiscal-credentials-state').textContent).toMatch(/are saved/));
    const key = screen.getByTestId('fiscal-key') as HTMLInputElement;
    expect(key.value).toBe('');
    expect(key.type).toBe('password');
    expect(key.placeholder).toBe('saved');
    expect(document.body.innerHTML).not.toContain(SECRET_KEY);

    // A fresh screen (another day): the key is still only "saved".
    cleanup();
    open();
    await screen.findByTestId('fiscal-settings');
    expect((screen.getByTestId('fiscal-key') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain(SECRET_KEY);
    expect((screen.getByTestId('fiscal-afm') as HTMLInputElement).value).toBe(GOOD_AFM);
  });

  it('production asks first and explains; "stay in test" keeps the test environment', async () => {
    open();
    await screen.findByTestId('fiscal-settings');
    expect((screen.getByTestId('fiscal-env-test') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('fiscal-env-production'));
    const dialog = await screen.findByTestId('fiscal-production-confirm');
    expect(dialog.textContent).toMatch(/registered with AADE as a real tax document/);
    fireEvent.click(within(dialog).getByTestId('fiscal-production-no'));
    expect(screen.queryByTestId('fiscal-production-confirm')).toBeNull();
    expect((screen.getByTestId('fiscal-env-test') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('fiscal-save'));
    await new Promise((r) => setTimeout(r, 20));
    expect(saved().environment).toBe('test');
  });

  it('production once confirmed is saved as production', async () => {
    const { toasts } = open();
    await screen.findByTestId('fiscal-settings');
    fireEvent.click(screen.getByTestId('fiscal-env-production'));
    fireEvent.click(await screen.findByTestId('fiscal-production-yes'));
    expect((screen.getByTestId('fiscal-env-production') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId('fiscal-env-production-note')).toBeTruthy();
    fireEvent.click(screen.getByTestId('fiscal-save'));
    await waitFor(() => expect(toasts.some((t) => t.kind === 'success')).toBe(true));
    expect(saved().environment).toBe('production');
  });

  it('core\'s refusal is said in words: turning it on without the myDATA credentials (en, el)', async () => {
    open();
    await screen.findByTestId('fiscal-settings');
    type('fiscal-afm', GOOD_AFM);
    fireEvent.click(screen.getByTestId('fiscal-enabled'));
    fireEvent.click(screen.getByTestId('fiscal-save'));
    expect((await screen.findByTestId('fiscal-form-error')).textContent).toMatch(/myDATA is not set up yet/);
    expect(saved().enabled).toBe(0);
    cleanup();
    open('el');
    await screen.findByTestId('fiscal-settings');
    type('fiscal-afm', GOOD_AFM);
    fireEvent.click(screen.getByTestId('fiscal-enabled'));
    fireEvent.click(screen.getByTestId('fiscal-save'));
    expect((await screen.findByTestId('fiscal-form-error')).textContent).not.toMatch(/FISCAL_NOT_CONFIGURED/);
  });

  it('names the documents the channel covers', async () => {
    open();
    const covers = await screen.findByTestId('fiscal-covers');
    expect(covers.textContent).toContain('Order slip 8.6');
    expect(covers.textContent).toContain('Retail receipt 11.1');
    expect(covers.textContent).toContain('Credit note 11.4');
  });

  it('is the owner\'s: a manager does not see the fiscal group', () => {
    renderWithPos(<SettingsScreen />, { client: createDirectClient(f.api, f.shop.manager), staff: f.shop.manager });
    expect(screen.queryByTestId('settings-fiscal')).toBeNull();
    cleanup();
    renderWithPos(<SettingsScreen />, { client: createDirectClient(f.api, f.shop.owner), staff: f.shop.owner });
    expect(screen.getByTestId('settings-fiscal')).toBeTruthy();
  });
});
