// @vitest-environment node
/**
 * Issue 11, item 15: a cashier's language is their own display choice (no owner permission, the
 * shop's language untouched, kept for them only); the owner setup asks the shop's language. The
 * whole <App> over a real core shop and the real license commands (the agent's fake worker at
 * the HTTP boundary).
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi, type Api, type CommandMap } from '../../../core/api';
import { TestLicense } from '../../../core/api/test-shop';
import { manualClock } from '../../../core/clock';
import { openDatabase } from '../../../core/db';
import { tempDir } from '../../../core/db/test-helpers';
import { createLicenseCache } from '../../../core/license/cache';
import { savePendingClaim } from '../../../core/license/claim';
import { TEST_CLAIM_SECRET, TEST_EMAIL } from '../../../core/license/testing/fake-worker';
import { agentHarness } from '../../../core/license/testing/harness';
/* eslint-enable no-restricted-imports */
// eslint-disable-next-line no-restricted-imports -- the test drives the real core in-process (no mocks of our code)
import { createBillingClient } from '../../../core/license/billing-client';
// eslint-disable-next-line no-restricted-imports -- the test drives the real core in-process (no mocks of our code)
import { licenseCommands } from '../../../core/license/commands';
import { App } from '../App';
import { createI18n } from '../i18n';
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';

let shop: TestShop;
const closers: (() => void)[] = [];
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); for (const c of closers.splice(0)) c(); });

async function activeLicense(): Promise<{ commands: CommandMap; agent: ReturnType<ReturnType<typeof agentHarness>['agent']> }> {
  const h = agentHarness();
  const agent = h.agent();
  await agent.start();
  await savePendingClaim(h.secrets, { secret: TEST_CLAIM_SECRET, sessionId: 'cs_1', email: TEST_EMAIL });
  if (!(await agent.activateInstant(TEST_EMAIL, 'cs_1', TEST_CLAIM_SECRET, { timeoutMs: 1500, pollMs: 100 })).ok) throw new Error('activation');
  const noCheckout: typeof fetch = () => Promise.reject(new Error('no checkout here'));
  return { agent, commands: licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://worker.test', noCheckout), secrets: h.secrets }) };
}

describe('a cashier\'s own language', () => {
  it('switches the cashier\'s screens to English with no owner permission; the shop stays Greek, the manager too', async () => {
    const { agent, commands } = await activeLicense();
    const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
    const client = createDirectClient(api, shop.cashier);
    render(<App client={client} i18n={createI18n('en')} initialSession={{ token: 't', staff: shop.cashier }} />);
    // The shop's language is Greek: the cashier's screens start Greek.
    await waitFor(() => expect(screen.getByTestId('nav-settings').textContent).toBe('Ρυθμίσεις'));
    fireEvent.click(screen.getByTestId('nav-settings'));
    fireEvent.click(await screen.findByTestId('lang-en'));
    await waitFor(() => expect(screen.getByTestId('nav-settings').textContent).toBe('Settings'));
    expect(document.documentElement.lang).toBe('en');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(client.calls).not.toContain('settings.update');
    const { settings } = await shop.ok<{ settings: { language: string } }>('settings.get', {}, shop.owner);
    expect(settings.language).toBe('el');
    expect(await shop.ok('staff.myLanguage', {}, shop.cashier)).toEqual({ language: 'en' });
    expect(await shop.ok('staff.myLanguage', {}, shop.manager)).toEqual({ language: null });
  });

  it('is kept for that person: signed in again, the cashier gets English back', async () => {
    const { agent, commands } = await activeLicense();
    await shop.ok('staff.setMyLanguage', { language: 'en' }, shop.cashier);
    const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
    render(<App client={createDirectClient(api, shop.cashier)} i18n={createI18n('el')} initialSession={{ token: 't', staff: shop.cashier }} />);
    await waitFor(() => expect(screen.getByTestId('nav-settings').textContent).toBe('Settings'));
  });
});

describe('the owner setup', () => {
  function emptyShop(): Api {
    const tmp = tempDir('pospal-setup-lang-');
    const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
    const api = createApi({ db: openDatabase({ file: join(tmp.dir, 'shop.db'), clock }), clock, license: new TestLicense(), dataDir: tmp.dir });
    closers.push(() => { api.db().close(); tmp.cleanup(); });
    return api;
  }

  it('asks the language (starting from the computer\'s) and makes it the shop\'s', async () => {
    const { agent, commands } = await activeLicense();
    const base = emptyShop();
    const api = createApi({ db: base.db(), clock: manualClock(Date.UTC(2026, 5, 15, 9, 0)), license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
    render(<App client={createDirectClient(api, null, {}, { mainComputer: true })} i18n={createI18n('en')} />);
    const language = await screen.findByTestId('owner-language') as HTMLSelectElement;
    expect(language.value).toBe('en'); // the computer's language (main.tsx: navigator.language)
    fireEvent.change(language, { target: { value: 'el' } });
    await waitFor(() => expect(screen.getByTestId('owner-create').textContent).not.toBe('Create owner'));
    fireEvent.change(screen.getByTestId('owner-name'), { target: { value: 'Άννα' } });
    fireEvent.change(screen.getByTestId('owner-pin'), { target: { value: '4321' } });
    fireEvent.click(screen.getByTestId('owner-create'));
    await screen.findByTestId('nav-settings');
    const settings = base.db().prepare("SELECT key, value FROM settings WHERE key IN ('language', 'locale') ORDER BY key").all();
    expect(settings).toEqual([{ key: 'language', value: '"el"' }, { key: 'locale', value: '"el-GR"' }]);
    await waitFor(() => expect(screen.getByTestId('nav-settings').textContent).toBe('Ρυθμίσεις'));
  });
});
