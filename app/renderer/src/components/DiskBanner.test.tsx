// @vitest-environment node
/**
 * The disk banner over the real stack: a real core shop, the real `system.disk` command over a
 * disk monitor whose statfs the test sets, and a real SQLITE_FULL from the shop's file.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
/* eslint-disable no-restricted-imports -- the test drives core in-process (no mocks of our code) */
import { createApi } from '../../../core/api';
import { diskCommands } from '../../../core/db/disk-commands';
import { createDiskMonitor } from '../../../core/db/disk-space';
/* eslint-enable no-restricted-imports */
import { createCoreTestShop, type TestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { DiskBanner } from './DiskBanner';

let shop: TestShop;
beforeEach(async () => { shop = await createCoreTestShop(); });
afterEach(() => { cleanup(); shop.cleanup(); });

const MB = 1024 * 1024;

function wired(freeMb: number) {
  const monitor = createDiskMonitor({ dir: shop.dir, statfs: async () => ({ bavail: freeMb * MB, bsize: 1 }) });
  const api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: diskCommands(monitor), logInternalError: () => {} });
  return { monitor, api, client: createDirectClient(api, shop.cashier) };
}

describe('disk banner', () => {
  it('nothing while there is room; a warning with the space left under the threshold (en, el)', async () => {
    const roomy = wired(5000);
    await roomy.monitor.check();
    renderWithPos(<DiskBanner client={roomy.client} />, { client: roomy.client });
    await act(async () => { await new Promise((r) => setTimeout(r, 10)); });
    expect(screen.queryByTestId('disk-low-banner')).toBeNull();
    cleanup();

    const low = wired(120);
    await low.monitor.check();
    renderWithPos(<DiskBanner client={low.client} />, { client: low.client });
    expect((await screen.findByTestId('disk-low-banner')).textContent).toContain('120 MB left');
    cleanup();
    renderWithPos(<DiskBanner client={low.client} />, { client: low.client, language: 'el' });
    expect((await screen.findByTestId('disk-low-banner')).textContent).toContain('απομένουν 120 MB');
  });

  it('a write refused with DISK_FULL: the red banner says the disk is full and selling resumes once space is freed', async () => {
    const { monitor, api, client } = wired(5000);
    await monitor.check();
    renderWithPos(<DiskBanner client={client} />, { client });
    shop.db.pragma(`max_page_count = ${Number(shop.db.pragma('page_count', { simple: true }))}`);
    let code = '';
    for (let i = 0; i < 300 && code === ''; i++) {
      const r = await api.call<{ id: string }>('order.create', {}, shop.cashier);
      if (!r.ok) code = r.error.code;
    }
    expect(code).toBe('DISK_FULL');
    monitor.noteFull(); // what app/bootstrap does for every DISK_FULL answer
    act(() => client.emit('disk', monitor.status()));
    const banner = await screen.findByTestId('disk-full-banner');
    expect(banner.textContent).toMatch(/disk is full.*selling resumes/);
    expect(banner.getAttribute('role')).toBe('alert');
  });
});
