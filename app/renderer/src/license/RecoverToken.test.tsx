// @vitest-environment node
/**
 * "Recover my token" tells the owner what happens now that recovery is confirmed by email
 * (issue 8 rule 4): first a confirmation link, then the new token; the current one keeps
 * working. Real core shop and license commands; the worker is reached through an injected fetch.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import { createLicenseCache } from '../../../core/license/cache';
import { TEST_EMAIL, TEST_TOKEN } from '../../../core/license/testing/fake-worker';
import { agentHarness, type AgentHarness } from '../../../core/license/testing/harness';
import { createBillingClient } from '../../../core/license/billing-client';
import { licenseCommands } from '../../../core/license/commands';
/* eslint-enable no-restricted-imports */
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { licenseStatus, renderWithPos } from '../testing/render';
import { SubscriptionScreen } from './SubscriptionScreen';

let shop: TestShop;
let h: AgentHarness;
const sent: Array<{ path: string; body: unknown }> = [];

beforeEach(async () => {
  shop = await createCoreTestShop();
  h = agentHarness();
  sent.length = 0;
});
afterEach(() => { cleanup(); shop.cleanup(); });

/** The worker's /recover answer: always 202 with the same body. */
const workerFetch: typeof fetch = async (input, init) => {
  sent.push({ path: new URL(String(input)).pathname, body: JSON.parse(String(init?.body)) });
  return new Response(JSON.stringify({ success: true, requestId: 'req-1' }), { status: 202, headers: { 'content-type': 'application/json' } });
};

async function api() {
  const agent = h.agent();
  await agent.start();
  expect((await agent.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
  const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://billing.test', workerFetch), secrets: h.secrets });
  return createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
}

describe('Recover my token', () => {
  it.each([
    ['en', ['confirmation link', 'second email', 'keeps working']],
    ['el', ['σύνδεσμο επιβεβαίωσης', 'δεύτερο email', 'λειτουργεί']],
  ] as const)('says to look for the link, then for the new token (%s)', async (language, words) => {
    const client = createDirectClient(await api(), shop.owner);
    const { toasts } = renderWithPos(<SubscriptionScreen />, { client, staff: shop.owner, language, license: licenseStatus({ customerEmail: TEST_EMAIL }) });
    fireEvent.click(await screen.findByTestId('recover-token'));
    await waitFor(() => expect(toasts).toHaveLength(1));
    expect(sent).toEqual([{ path: '/recover', body: { email: TEST_EMAIL } }]);
    for (const w of words) expect(toasts[0]!.text).toContain(w);
    expect(toasts[0]!.text).toContain(TEST_EMAIL);
  });
});
