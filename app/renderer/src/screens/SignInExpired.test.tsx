// @vitest-environment node
/**
 * Issue 11, item 18: a browser tab left open across an app restart. The real HTTP client against
 * the real app server (real core, real SQLite, the real license commands over the agent with its
 * fake worker at the HTTP boundary); the server is stopped and started again on the same port, so
 * the tab's device token is the previous start's. The tab says its sign-in expired and offers
 * Reload and Pair again, instead of stale screens where every call answers 401.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createLicenseCache } from '../../../core/license/cache';
import { TEST_CLAIM_SECRET, TEST_EMAIL } from '../../../core/license/testing/fake-worker';
import { agentHarness } from '../../../core/license/testing/harness';
import { savePendingClaim } from '../../../core/license/claim';
/* eslint-enable no-restricted-imports */
// eslint-disable-next-line no-restricted-imports -- the test drives the real core in-process (no mocks of our code)
import { createBillingClient } from '../../../core/license/billing-client';
// eslint-disable-next-line no-restricted-imports -- the test drives the real core in-process (no mocks of our code)
import { licenseCommands } from '../../../core/license/commands';
import { startTestServer, type TestServer } from '../../../server/test-server';
import { createHttpClient, type TokenStore } from '../api/http-client';
import { App } from '../App';
import { createI18n } from '../i18n';

const running: TestServer[] = [];
afterEach(async () => { cleanup(); for (const s of running.splice(0)) await s.stop(); });

function memoryStore(): TokenStore {
  const m = new Map<string, string>();
  return { get: (k) => m.get(k) ?? null, set: (k, v) => { if (v === null) m.delete(k); else m.set(k, v); } };
}

async function activeLicenseCommands() {
  const h = agentHarness();
  const agent = h.agent();
  await agent.start();
  await savePendingClaim(h.secrets, { secret: TEST_CLAIM_SECRET, sessionId: 'cs_1', email: TEST_EMAIL });
  const r = await agent.activateInstant(TEST_EMAIL, 'cs_1', TEST_CLAIM_SECRET, { timeoutMs: 1500, pollMs: 100 });
  if (!r.ok) throw new Error('activation');
  const noCheckout: typeof fetch = () => Promise.reject(new Error('no checkout here'));
  return licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://worker.test', noCheckout), secrets: h.secrets });
}

describe('a tab left open across an app restart', () => {
  it('says its sign-in expired; Pair again leads to the pairing screen, Reload reloads', async () => {
    const commands = await activeLicenseCommands();
    const first = await startTestServer({ commands });
    running.push(first);
    const ownerId = await first.addStaff('Anna', 'owner', '4321');
    const store = memoryStore();
    store.set('pospal.deviceToken', first.server.localToken);
    const client = createHttpClient({ baseUrl: first.server.url, store, reconnectDelayMs: 50 });
    const session = await client.signIn(ownerId, '4321');
    let reloads = 0;
    render(<App client={client} i18n={createI18n('en')} initialSession={session} reload={() => { reloads++; }} />);
    await screen.findByTestId('nav-orders');

    // The app restarts: same address, a new start (its own token for this computer's tab).
    const port = Number(new URL(first.server.url).port);
    running.splice(0, 1);
    await first.stop();
    const second = await startTestServer({ commands, server: { port } });
    running.push(second);

    fireEvent.click(screen.getByTestId('nav-orders'));
    const expired = await screen.findByTestId('signin-expired');
    expect(expired.getAttribute('role') ?? expired.querySelector('[role=alert]')).toBeTruthy();
    expect(screen.queryByTestId('nav-orders')).toBeNull();
    fireEvent.click(screen.getByTestId('expired-reload'));
    expect(reloads).toBe(1);
    fireEvent.click(screen.getByTestId('expired-pair'));
    expect(await screen.findByTestId('pairing-screen')).toBeTruthy();
    expect(client.hasDeviceToken()).toBe(false);
  });

  it('a tab whose token is still good keeps working (no expired screen)', async () => {
    const commands = await activeLicenseCommands();
    const server = await startTestServer({ commands });
    running.push(server);
    const ownerId = await server.addStaff('Anna', 'owner', '4321');
    const store = memoryStore();
    store.set('pospal.deviceToken', server.server.localToken);
    const client = createHttpClient({ baseUrl: server.server.url, store });
    const session = await client.signIn(ownerId, '4321');
    render(<App client={client} i18n={createI18n('en')} initialSession={session} />);
    fireEvent.click(await screen.findByTestId('nav-orders'));
    expect(await screen.findByTestId('orders-screen')).toBeTruthy();
    expect(screen.queryByTestId('signin-expired')).toBeNull();
  });
});
