// @vitest-environment node
/**
 * Buying from the welcome screen when no activation comes (issue 8, rule 6): the checkout of an
 * already-subscribed email opens a "check your email" page, so the app switches to "check your
 * email" after a timeout, or at once when the worker says the checkout will never activate by
 * itself. A checkout still waiting after a restart is resumed. Real core shop, the real license
 * commands and agent, the agent's fake worker at the HTTP boundary.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import { createLicenseCache } from '../../../core/license/cache';
import { savePendingClaim } from '../../../core/license/claim';
import { TEST_CLAIM_SECRET, TEST_EMAIL } from '../../../core/license/testing/fake-worker';
import { agentHarness, type AgentHarness } from '../../../core/license/testing/harness';
import type { SecretStore } from '../../../core/secrets/secret-store';
import { createBillingClient } from '../../../core/license/billing-client';
import { licenseCommands } from '../../../core/license/commands';
/* eslint-enable no-restricted-imports */
import type { LicenseStatus } from '../api/shapes';
import { createFormatters } from '../format';
import { createI18n } from '../i18n';
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { licenseStatus } from '../testing/render';
import { ActivationScreen } from './ActivationScreen';

let shop: TestShop;
let h: AgentHarness;
let secrets: SecretStore;
const SESSION = 'cs_test_checkout_1';

beforeEach(async () => {
  shop = await createCoreTestShop();
  h = agentHarness();
  secrets = h.secrets;
});
afterEach(() => { cleanup(); shop.cleanup(); });

/** /checkout as the worker answers it (the same answer for a subscribed or an unknown email). */
const checkoutEndpoint: typeof fetch = async (_input, init) => {
  h.worker.world.claimHash = (JSON.parse(String(init?.body)) as { claimHash: string }).claimHash;
  const body = { success: true, requestId: 'r1', checkoutUrl: `http://worker.test/checkout/open/${SESSION}`, sessionId: SESSION };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
};

async function renderScreen(options: { checkEmailAfterMs?: number; language?: 'en' | 'el' } = {}) {
  const agent = h.agent();
  await agent.start();
  const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, secrets), billing: createBillingClient('http://worker.test', checkoutEndpoint), secrets });
  const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
  const opened: string[] = [];
  const statuses: LicenseStatus[] = [];
  render(
    <I18nextProvider i18n={createI18n(options.language ?? 'en')}>
      <ActivationScreen client={createDirectClient(api, shop.owner)} fmt={createFormatters('en-GB', 'EUR', 'Europe/Athens')} status={licenseStatus({ state: 'unlicensed', canSell: false })}
        onStatus={(s) => statuses.push(s)} openExternal={(url) => opened.push(url)} checkEmailAfterMs={options.checkEmailAfterMs ?? 60_000} />
    </I18nextProvider>,
  );
  return { opened, statuses };
}

function buy(email: string) {
  fireEvent.click(screen.getByTestId('activation-buy'));
  fireEvent.change(screen.getByTestId('buy-email'), { target: { value: email } });
  fireEvent.change(screen.getByTestId('buy-name'), { target: { value: 'Maria' } });
  fireEvent.change(screen.getByTestId('buy-business'), { target: { value: 'Café' } });
  fireEvent.click(screen.getByTestId('buy-submit'));
}

describe('activation screen: check your email', () => {
  it('no activation after the checkout (e.g. the email already had a subscription): after the timeout it says to check the email', async () => {
    h.worker.world.paid = false; // the checkout page said "check your email": nothing is ever paid
    const { opened } = await renderScreen({ checkEmailAfterMs: 50 });
    buy(TEST_EMAIL);
    await screen.findByTestId('activation-waiting');
    expect(opened).toEqual([`http://worker.test/checkout/open/${SESSION}`]);
    const hint = await screen.findByTestId('activation-check-email');
    expect(hint.textContent).toContain('Check your email');
    expect(hint.textContent).toContain(TEST_EMAIL);
    // Still waiting underneath (a slow payment still activates); the way on is the emailed token.
    expect(screen.getByTestId('activation-waiting')).toBeTruthy();
    fireEvent.click(screen.getByTestId('check-email-have'));
    expect((screen.getByTestId('activate-email') as HTMLInputElement).value).toBe(TEST_EMAIL);
  });

  it('says it in Greek too', async () => {
    h.worker.world.paid = false;
    await renderScreen({ checkEmailAfterMs: 50, language: 'el' });
    buy(TEST_EMAIL);
    expect((await screen.findByTestId('activation-check-email')).textContent).toContain('Ελέγξτε το email σας');
  });

  it('when the worker says this checkout will never activate by itself, it switches at once', async () => {
    h.worker.world.tokenClaimed = true; // e.g. another run of the app already took the token
    await renderScreen();
    buy(TEST_EMAIL);
    expect((await screen.findByTestId('activation-check-email')).textContent).toContain(TEST_EMAIL);
    expect(screen.queryByTestId('activation-waiting')).toBeNull();
    expect(h.worker.operations()).toContain('instant');
  });

  it('resumes the checkout this computer was waiting for after a restart, and activates', async () => {
    await savePendingClaim(secrets, { secret: TEST_CLAIM_SECRET, sessionId: SESSION, email: TEST_EMAIL });
    const { statuses } = await renderScreen();
    await waitFor(() => expect(statuses.some((s) => s.state === 'active')).toBe(true));
    expect(await secrets.get('claimSecret')).toBeNull();
  });
});

describe('the business name typed at checkout (issue 11, item 15)', () => {
  it('prefills the shop\'s business settings', async () => {
    h.worker.world.paid = false;
    await renderScreen();
    buy(TEST_EMAIL);
    await screen.findByTestId('activation-waiting');
    const { settings } = await shop.ok<{ settings: { business: { name: string } } }>('settings.get', {}, shop.owner);
    expect(settings.business.name).toBe('Café');
  });
});
