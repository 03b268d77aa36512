// @vitest-environment node
/**
 * Settings → Support: the owner saves a support bundle (real core command, real file in the
 * data folder) and turns the opt-in crash reports on (off by default). Real core shop.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
// eslint-disable-next-line no-restricted-imports -- tests drive the real core in-process (no mocks of our code)
import { createApi } from '../../../core/api';
// eslint-disable-next-line no-restricted-imports -- tests drive the real core in-process (no mocks of our code)
import { supportCommands } from '../../../core/logging/support-bundle';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { SettingsScreen } from './SettingsScreen';
import { SupportSettings } from './SupportSettings';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

const apiWithSupport = () => createApi({
  db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir,
  commands: supportCommands({ versions: { app: '0.1.0' }, license: () => ({ state: 'active' }) }),
});

describe('support settings', () => {
  it('saves a support bundle and says where it is kept', async () => {
    const downloads: string[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) { downloads.push(this.download); };
    try {
      renderWithPos(<SupportSettings />, { client: createDirectClient(apiWithSupport(), shop.owner), staff: shop.owner });
      fireEvent.click(screen.getByTestId('support-bundle'));
      const path = await screen.findByTestId('support-bundle-path');
      const file = /(\/\S+\.tar\.gz)/.exec(path.textContent ?? '')?.[1];
      expect(file && existsSync(file)).toBe(true);
      expect(downloads).toEqual([expect.stringMatching(/^pospal-support-.*\.tar\.gz$/)]);
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
  });

  it('crash reports are off by default and the owner turns them on', async () => {
    renderWithPos(<SupportSettings />, { client: createDirectClient(apiWithSupport(), shop.owner), staff: shop.owner });
    const box = screen.getByTestId('crash-reports') as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(async () => expect((await shop.ok<{ settings: { crashReports?: boolean } }>('settings.get', {}, shop.owner)).settings.crashReports).toBe(true));
  });

  it('a cashier does not see the support group', () => {
    renderWithPos(<SettingsScreen />, { client: createDirectClient(apiWithSupport(), shop.cashier), staff: shop.cashier });
    expect(screen.queryByTestId('settings-support')).toBeNull();
  });
});

describe('support settings for a manager', () => {
  it('a manager saves a bundle on the single settings page, and is not offered the owner\'s crash-report setting', async () => {
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function click() { /* no navigation in tests */ };
    try {
      renderWithPos(<SettingsScreen />, { client: createDirectClient(apiWithSupport(), shop.manager), staff: shop.manager });
      expect(screen.getByTestId('settings-owner-only')).toBeTruthy();
      expect(screen.queryByTestId('crash-reports')).toBeNull();
      fireEvent.click(screen.getByTestId('support-bundle'));
      expect((await screen.findByTestId('support-bundle-path')).textContent).toMatch(/\.tar\.gz/);
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
  });
});
