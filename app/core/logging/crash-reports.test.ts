// Crash reports are opt-in: off on a new shop, on only after the owner turns them on, and a
// junk value is refused (the till never starts reporting by accident).
import { afterEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../api/test-shop';
import { getSettings } from '../pos/settings/settings-store';
import { crashDumpsDirOf, crashReportsEnabled } from './crash-reports';

let shop: TestShop | undefined;
afterEach(() => shop?.cleanup());

describe('crash reporting setting', () => {
  it('is off by default on a new shop', async () => {
    shop = await createTestShop();
    expect(getSettings(shop.db).crashReports).toBe(false);
    expect(crashReportsEnabled(getSettings(shop.db))).toBe(false);
    // absent (settings written before it) is off too
    expect(crashReportsEnabled({})).toBe(false);
  });

  it('the owner turns it on and off; a cashier cannot; a non-boolean is refused', async () => {
    shop = await createTestShop();
    await shop.ok('settings.update', { crashReports: true }, shop.owner);
    expect(crashReportsEnabled(getSettings(shop.db))).toBe(true);
    expect((await shop.fail('settings.update', { crashReports: false }, shop.cashier)).code).toBe('PERMISSION_DENIED');
    expect((await shop.fail('settings.update', { crashReports: 'yes' }, shop.owner)).code).toBe('VALIDATION_FAILED');
    await shop.ok('settings.update', { crashReports: false }, shop.owner);
    expect(crashReportsEnabled(getSettings(shop.db))).toBe(false);
  });

  it('dumps go to the data folder', () => {
    expect(crashDumpsDirOf('/data/pospal')).toBe('/data/pospal/crashes');
  });
});
