// @vitest-environment node
/**
 * Issue 9, rules 2 and 9, on screen, over the real stack: a real core shop (owner Olga,
 * manager, cashier with their PINs), the real license commands and agent, the agent's fake
 * worker at the HTTP boundary. Screens hide what a role can't do and say who can; a cashier
 * calls a manager's PIN for a takeover; activation on a staffed shop asks the owner's PIN.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import type { CallOrigin } from '../../../core/api';
import type { Db } from '../../../core/db';
import { MANAGER_PIN, OWNER_PIN } from '../../../core/api/test-shop';
import { createLicenseCache } from '../../../core/license/cache';
import type { LicenseAgent } from '../../../core/license/agent';
import { TEST_EMAIL, TEST_TOKEN } from '../../../core/license/testing/fake-worker';
import { agentHarness, type AgentHarness } from '../../../core/license/testing/harness';
import { createBillingClient } from '../../../core/license/billing-client';
import { licenseCommands, licenseView } from '../../../core/license/commands';
/* eslint-enable no-restricted-imports */
import type { LicenseStatus } from '../api/shapes';
import { createFormatters } from '../format';
import { createI18n } from '../i18n';
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { licenseStatus, renderWithPos } from '../testing/render';
import { ActivationScreen } from './ActivationScreen';
import { SubscriptionScreen } from './SubscriptionScreen';
import { SuspendedBanner } from './SuspendedBanner';
import { TakeoverDialog } from './TakeoverDialog';
import { TakenOverLock } from './TakenOverLock';
import { takeOverAs } from './roles';

let shop: TestShop;
let h: AgentHarness;
let agent: LicenseAgent;

beforeEach(async () => {
  shop = await createCoreTestShop();
  h = agentHarness();
});
afterEach(async () => { cleanup(); await agent?.stop(); shop.cleanup(); });

async function licenseApi(db: Db, options: { activate?: boolean; conflict?: boolean } = {}) {
  if (options.conflict) h.worker.world.otherHolder = { machineName: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() - 60_000 };
  agent = h.agent();
  await agent.start();
  if (options.activate !== false) await agent.activate(TEST_EMAIL, TEST_TOKEN);
  const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://billing.invalid'), secrets: h.secrets });
  return createApi({ db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
}

const fmt = createFormatters('en-IE', 'EUR');
const withI18n = (ui: ReactNode, lang: 'en' | 'el' = 'en') => render(<I18nextProvider i18n={createI18n(lang)}>{ui}</I18nextProvider>);

function approveWith(name: string, pin: string) {
  const approval = screen.getByTestId('manager-approval');
  fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes(name))!);
  for (const d of pin) fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
  fireEvent.click(within(approval).getByTestId('pin-submit'));
}
const approverNames = () => within(screen.getByTestId('manager-approval')).getAllByTestId('approval-manager').map((b) => b.textContent);

describe('subscription page by role', () => {
  it('the owner sees billing, recovery and release; a manager or cashier only the status and "check again", and reads why', async () => {
    const api = await licenseApi(shop.db);
    renderWithPos(<SubscriptionScreen />, { client: createDirectClient(api, shop.owner), staff: shop.owner });
    for (const id of ['manage-billing', 'recover-token', 'deactivate-device', 'check-now']) expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.queryByTestId('subscription-owner-only')).toBeNull();
    cleanup();

    for (const who of [shop.manager, shop.cashier]) {
      renderWithPos(<SubscriptionScreen />, { client: createDirectClient(api, who), staff: who });
      for (const id of ['manage-billing', 'recover-token', 'deactivate-device']) expect(screen.queryByTestId(id)).toBeNull();
      expect(screen.getByTestId('check-now')).toBeTruthy();
      expect(screen.getByTestId('subscription-owner-only').textContent).toContain('Ask the owner to sign in.');
      cleanup();
    }
  });

  it('speaks Greek', async () => {
    const api = await licenseApi(shop.db);
    renderWithPos(<SubscriptionScreen />, { client: createDirectClient(api, shop.cashier), staff: shop.cashier, language: 'el' });
    await waitFor(() => expect(screen.getByTestId('subscription-owner-only').textContent).toContain('Ζητήστε του να συνδεθεί'));
    expect(screen.getByTestId('machines-owner-only').textContent).toBe('Μόνο ο ιδιοκτήτης βλέπει τους υπολογιστές αυτής της συνδρομής.');
  });
});

describe('suspended banner by role', () => {
  it('"Update payment" (the billing portal) is the owner\'s; others are told to ask the owner', () => {
    const suspended = licenseStatus({ state: 'suspended', canSell: false });
    withI18n(<SuspendedBanner status={suspended} onPortal={() => undefined} onCheckAgain={() => undefined} canManageBilling={false} />);
    expect(screen.queryByTestId('update-payment')).toBeNull();
    expect(screen.getByTestId('ask-owner-payment').textContent).toBe('Ask the owner to sign in and update the payment.');
    expect(screen.getByTestId('check-again')).toBeTruthy();
    cleanup();
    withI18n(<SuspendedBanner status={suspended} onPortal={() => undefined} onCheckAgain={() => undefined} canManageBilling />);
    expect(screen.getByTestId('update-payment')).toBeTruthy();
    expect(screen.queryByTestId('ask-owner-payment')).toBeNull();
  });
});

describe('takeover by a cashier (rule 9)', () => {
  it('"Ask a manager to approve" opens the manager PIN sheet (no cashiers in it); the takeover then runs as the manager', async () => {
    const api = await licenseApi(shop.db, { conflict: true });
    expect(agent.status().state).toBe('session_conflict');
    const client = createDirectClient(api, shop.cashier);
    await expect(client.call('license.takeOver', {})).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const statuses: LicenseStatus[] = [];
    withI18n(<TakeoverDialog holder={{ name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: h.clock.now() }} fmt={fmt}
      approvalClient={client} onTakeOver={(s) => void takeOverAs(client, s, (x) => statuses.push(x))} onNotNow={() => undefined} />);
    expect(screen.queryByTestId('takeover-use-here')).toBeNull();
    expect(screen.getByTestId('takeover-needs-manager').textContent).toContain('a manager or the owner approves it with their PIN');

    fireEvent.click(screen.getByTestId('takeover-ask-manager'));
    await waitFor(() => expect(approverNames().length).toBe(2));
    expect(screen.getByText('Approve the takeover')).toBeTruthy();
    const [manager] = (await shop.ok<{ staff: { name: string; role: string }[] }>('staff.listForLogin', {}, null)).staff.filter((s) => s.role === 'manager');
    approveWith(manager!.name, MANAGER_PIN);

    await waitFor(() => expect(agent.status().state).toBe('active'));
    expect(h.worker.operations()).toContain('session/takeover');
    expect(statuses.at(-1)?.state).toBe('active');
  });

  it('a cashier\'s own PIN is not an approval: the sheet offers only managers and the owner, and core refuses a cashier session', async () => {
    const api = await licenseApi(shop.db, { conflict: true });
    const client = createDirectClient(api, shop.cashier);
    withI18n(<TakenOverLock status={licenseStatus({ state: 'locked', reason: 'taken_over', canSell: false, sessionHolder: { name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: 0 } })}
      fmt={fmt} approvalClient={client} onTakeBack={(s) => void takeOverAs(client, s, () => undefined)} onOpenReports={() => undefined} />);
    expect(screen.queryByTestId('take-back')).toBeNull();
    fireEvent.click(screen.getByTestId('take-back-ask-manager'));
    await waitFor(() => expect(approverNames().length).toBe(2));
    const cashierName = (await shop.ok<{ staff: { name: string; role: string }[] }>('staff.listForLogin', {}, null)).staff.find((s) => s.role === 'cashier')!.name;
    expect(approverNames().some((n) => n?.includes(cashierName))).toBe(false);
    await expect(takeOverAs(client, { token: 'direct-cashier', staff: shop.cashier }, () => undefined)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(h.worker.operations()).not.toContain('session/takeover');
  });

  it('speaks Greek', () => {
    withI18n(<TakeoverDialog holder={{ name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: 0 }} fmt={fmt}
      approvalClient={createDirectClient(shop.api, shop.cashier)} onTakeOver={() => undefined} onNotNow={() => undefined} />, 'el');
    expect(screen.getByTestId('takeover-ask-manager').textContent).toBe('Ζητήστε έγκριση από υπεύθυνο');
  });
});

describe('activation by role (rule 2)', () => {
  function renderActivation(client: ReturnType<typeof createDirectClient>, statuses: LicenseStatus[]) {
    withI18n(<ActivationScreen client={client} fmt={fmt} status={licenseStatus({ state: 'unlicensed', canSell: false, customerEmail: null })}
      onStatus={(s) => statuses.push(s)} openExternal={() => undefined} />);
    fireEvent.click(screen.getByTestId('activation-have'));
    fireEvent.change(screen.getByTestId('activate-email'), { target: { value: TEST_EMAIL } });
    fireEvent.change(screen.getByTestId('activate-token'), { target: { value: TEST_TOKEN } });
    fireEvent.click(screen.getByTestId('activate-submit'));
  }

  it('on a shop with staff, "Activate" asks the owner\'s PIN (only the owner is offered) and then activates as the owner', async () => {
    const api = await licenseApi(shop.db, { activate: false });
    const statuses: LicenseStatus[] = [];
    renderActivation(createDirectClient(api, null, {}, { mainComputer: true }), statuses);
    await waitFor(() => expect(screen.getByText('Owner approval')).toBeTruthy());
    expect(screen.getByTestId('manager-approval').textContent).toContain('Ask the owner to type their PIN.');
    await waitFor(() => expect(approverNames()).toHaveLength(1));
    expect(agent.status().state).toBe('unlicensed');
    approveWith(shop.owner.name, OWNER_PIN);
    await waitFor(() => expect(agent.status().state).toBe('active'));
    expect(statuses.at(-1)?.state).toBe('active');
    expect(licenseView(agent.status()).customerEmail).toBe(TEST_EMAIL);
  });

  it('first run (no staff yet): the main computer activates without any PIN; a tablet is refused', async () => {
    const api = await licenseApi(h.db, { activate: false }); // h.db: a fresh shop database, no staff
    renderActivation(createDirectClient(api, null, {}, { mainComputer: false }), []);
    await waitFor(() => expect(screen.queryByTestId('manager-approval')).toBeTruthy());
    expect(agent.status().state).toBe('unlicensed');
    cleanup();

    const statuses: LicenseStatus[] = [];
    renderActivation(createDirectClient(api, null, {}, { mainComputer: true } satisfies CallOrigin), statuses);
    await waitFor(() => expect(agent.status().state).toBe('active'));
    expect(screen.queryByTestId('manager-approval')).toBeNull();
  });
});
