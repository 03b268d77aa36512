// @vitest-environment node
/**
 * Issue 11, item 17: activation ends on "This computer is activated", then the PIN screen (or
 * the owner setup). A computer that was already active when the app opened goes straight on.
 * The whole <App> over a real core shop, the real license commands and agent, the agent's fake
 * worker at the HTTP boundary.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import { createLicenseCache } from '../../../core/license/cache';
import { savePendingClaim } from '../../../core/license/claim';
import { TEST_CLAIM_SECRET, TEST_EMAIL } from '../../../core/license/testing/fake-worker';
import { agentHarness, type AgentHarness } from '../../../core/license/testing/harness';
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
let h: AgentHarness;
beforeEach(async () => { shop = await createCoreTestShop(); h = agentHarness(); });
afterEach(() => { cleanup(); shop.cleanup(); });

async function renderApp() {
  const agent = h.agent();
  await agent.start();
  const noCheckout: typeof fetch = () => Promise.reject(new Error('no checkout in this test'));
  const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://worker.test', noCheckout), secrets: h.secrets });
  const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
  render(<App client={createDirectClient(api, shop.owner, {}, { mainComputer: true })} i18n={createI18n('en')} openExternal={() => undefined} />);
  return agent;
}

describe('after activation', () => {
  it('says "This computer is activated" with whose subscription, then Continue leads to the PIN screen', async () => {
    // A checkout paid while the app was closed: the welcome screen resumes and activates.
    await savePendingClaim(h.secrets, { secret: TEST_CLAIM_SECRET, sessionId: 'cs_test_checkout_1', email: TEST_EMAIL });
    await renderApp();
    const step = await screen.findByTestId('activated-step', {}, { timeout: 5000 });
    expect(step.textContent).toContain('This computer is activated');
    expect(step.textContent).toContain(TEST_EMAIL);
    expect(step.textContent).not.toMatch(/€|\bEUR\b|\/ ?month/);
    expect(screen.queryByTestId('pin-signin')).toBeNull();
    fireEvent.click(screen.getByTestId('activated-continue'));
    expect(await screen.findByTestId('pin-signin')).toBeTruthy();
  });

  it('a computer already active when the app opens goes straight to the PIN screen', async () => {
    const agent = h.agent();
    await agent.start();
    await savePendingClaim(h.secrets, { secret: TEST_CLAIM_SECRET, sessionId: 'cs_test_checkout_1', email: TEST_EMAIL });
    const r = await agent.activateInstant(TEST_EMAIL, 'cs_test_checkout_1', TEST_CLAIM_SECRET, { timeoutMs: 1500, pollMs: 100 });
    expect(r.ok).toBe(true);
    await renderApp();
    expect(await screen.findByTestId('pin-signin')).toBeTruthy();
    expect(screen.queryByTestId('activated-step')).toBeNull();
  });
});
