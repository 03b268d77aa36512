// @vitest-environment node
/**
 * "Computers on this subscription" over the real stack: a real core shop (owner/cashier PINs),
 * the real license commands and agent, and the agent's fake worker at the HTTP boundary (the
 * worker's own route is tested in licensing-worker/test/account.test.ts).
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
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

beforeEach(async () => {
  shop = await createCoreTestShop();
  h = agentHarness();
});
afterEach(() => { cleanup(); shop.cleanup(); });

async function licensedApi() {
  const agent = h.agent();
  await agent.start();
  expect((await agent.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
  const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://billing.invalid'), secrets: h.secrets });
  return createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
}

describe('computers on this subscription', () => {
  it('lists this computer (marked) and the others; the owner deactivates one after confirming and the list reloads', async () => {
    const client = createDirectClient(await licensedApi(), shop.owner);
    const { toasts } = renderWithPos(<SubscriptionScreen />, { client, staff: shop.owner, license: licenseStatus({ machine: { id: 'mach-1', name: 'TILL-1', platform: 'linux' } }) });

    const rows = await screen.findAllByTestId('machine-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('TILL-1');
    expect(rows[0]!.textContent).toContain('This computer');
    expect(within(rows[0]!).queryByTestId('machine-deactivate')).toBeNull();
    expect(rows[1]!.textContent).toContain('OLD-PC');
    expect(rows[1]!.textContent).toContain('win32');
    expect(rows[1]!.textContent).toMatch(/last seen .* ago/);

    fireEvent.click(within(rows[1]!).getByTestId('machine-deactivate'));
    expect(h.worker.requests.some((r) => r.path === '/machines/deactivate')).toBe(false); // asks first
    expect(screen.getByTestId('machines-list').textContent).toContain('Free the seat of OLD-PC?');
    fireEvent.click(screen.getByTestId('machine-deactivate-confirm'));

    await waitFor(() => expect(screen.getAllByTestId('machine-row')).toHaveLength(1));
    expect(h.worker.requests.filter((r) => r.path === '/machines/deactivate').map((r) => r.body)).toEqual([
      { email: TEST_EMAIL, token: TEST_TOKEN, machineId: 'old-1' },
    ]);
    expect(client.calls.filter((c) => c === 'license.machines')).toHaveLength(2);
    expect(toasts.map((t) => t.text)).toContain('OLD-PC was deactivated.');
    expect(screen.getByTestId('machines-list').textContent).toContain('No other computers use this subscription.');
  });

  it('a cashier or a manager sees that only the owner sees the computers: nothing is asked of the worker, and core refuses them too', async () => {
    const api = await licensedApi();
    for (const who of [shop.cashier, shop.manager]) {
      const client = createDirectClient(api, who);
      renderWithPos(<SubscriptionScreen />, { client, staff: who });
      expect(screen.getByTestId('machines-owner-only').textContent).toBe('Only the owner sees the computers on this subscription.');
      expect(screen.queryByTestId('machine-row')).toBeNull();
      expect(client.calls).not.toContain('license.machines');
      cleanup();
      expect(await api.call('license.machines', {}, who)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', details: { requiredRoles: ['owner'] } } });
      expect(await api.call('license.deactivate', { machineId: 'old-1' }, who)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
    expect(h.worker.requests.some((r) => r.path === '/machines' || r.path === '/machines/deactivate')).toBe(false);
  });

  it('deactivate by id of this very computer releases it like "Deactivate this computer" (the cache is forgotten)', async () => {
    const api = await licensedApi();
    const r = await api.call<{ state: string }>('license.deactivate', { machineId: 'mach-1' }, shop.owner);
    expect(r).toMatchObject({ ok: true, value: { state: 'unlicensed' } });
    expect(await createLicenseCache(h.db, h.secrets).read()).toBeUndefined();
  });

  it('speaks Greek, and shows a translated error when the license cannot be read', async () => {
    const client = createDirectClient(await licensedApi(), shop.owner);
    renderWithPos(<SubscriptionScreen />, { client, staff: shop.owner, language: 'el' });
    await waitFor(() => expect(screen.getByText('Υπολογιστές αυτής της συνδρομής')).toBeTruthy());
    expect((await screen.findAllByTestId('machine-row'))[0]!.textContent).toContain('Αυτός ο υπολογιστής');
    cleanup();

    h.worker.world.online = false;
    renderWithPos(<SubscriptionScreen />, { client, staff: shop.owner });
    expect((await screen.findByRole('alert')).textContent).not.toBe('');
    expect(screen.queryByTestId('machine-row')).toBeNull();
  });
});
