// @vitest-environment node
/**
 * "Enter your license token" over the real stack: a real agent whose file secret store was
 * made unreadable (a backup restored on another computer), the real license commands, the
 * agent's fake worker at the HTTP boundary.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
/* eslint-disable no-restricted-imports -- the test drives core and the license agent in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import { createLicenseCache } from '../../../core/license/cache';
import { TEST_EMAIL, TEST_TOKEN } from '../../../core/license/testing/fake-worker';
import { agentHarness, type AgentHarness } from '../../../core/license/testing/harness';
import { createBillingClient } from '../../../core/license/billing-client';
import { licenseCommands } from '../../../core/license/commands';
/* eslint-enable no-restricted-imports */
import type { LicenseStatus } from '../api/shapes';
import type { ApiClient } from '../api/client';
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { TokenNeededBanner } from './TokenNeededBanner';

let shop: TestShop;
let h: AgentHarness;
beforeEach(async () => { shop = await createCoreTestShop(); h = agentHarness(); });
afterEach(() => { cleanup(); shop.cleanup(); });

function Harness({ client, initial }: { client: ApiClient; initial: LicenseStatus }) {
  const [status, setStatus] = useState(initial);
  return <><TokenNeededBanner client={client} status={status} onStatus={setStatus} /><p data-testid="problem">{status.problem?.code ?? 'none'}</p></>;
}

describe('token needed banner', () => {
  it('asks for the token when the saved one cannot be read, and saving it clears the problem', async () => {
    const first = h.agent();
    await first.start();
    expect((await first.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
    await first.stop();
    writeFileSync(h.secretsFile, 'from another computer');
    const agent = h.agent();
    await agent.start();
    const status = await agent.checkNow();
    expect(status).toMatchObject({ canSell: true, problem: { code: 'TOKEN_NEEDED' } });

    const commands = licenseCommands({ agent, cache: createLicenseCache(h.db, h.secrets), billing: createBillingClient('http://billing.invalid'), secrets: h.secrets });
    const api = createApi({ db: shop.db, clock: shop.clock, license: agent, dataDir: shop.dir, commands, logInternalError: () => {} });
    const client = createDirectClient(api, shop.owner);
    renderWithPos(<Harness client={client} initial={status as LicenseStatus} />, { client, staff: shop.owner });

    expect(screen.getByTestId('token-needed-banner').textContent).toContain('Enter your license token again');
    fireEvent.change(screen.getByTestId('token-needed-input'), { target: { value: TEST_TOKEN } });
    fireEvent.click(screen.getByTestId('token-needed-save'));
    await waitFor(() => expect(screen.getByTestId('problem').textContent).toBe('none'));
    expect(screen.queryByTestId('token-needed-banner')).toBeNull();
    expect(await h.secrets.get('unlockToken')).toBe(TEST_TOKEN);
    await agent.stop();
  });
});
