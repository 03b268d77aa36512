// @vitest-environment node
/**
 * Issue 11, item 14: the demo café's staff and PINs are on its sign-in screen; a real shop's
 * never are. Real core over temp SQLite files, the real demo loader.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
// eslint-disable-next-line no-restricted-imports -- tests drive the real core in-process (no mocks of our code)
import { createApi, type Api } from '../../../core/api';
// eslint-disable-next-line no-restricted-imports -- as above
import { TestLicense } from '../../../core/api/test-shop';
// eslint-disable-next-line no-restricted-imports -- as above
import { manualClock } from '../../../core/clock';
// eslint-disable-next-line no-restricted-imports -- as above
import { openDatabase } from '../../../core/db';
// eslint-disable-next-line no-restricted-imports -- as above
import { tempDir } from '../../../core/db/test-helpers';
// eslint-disable-next-line no-restricted-imports -- the test drives the real core in-process (no mocks of our code)
import { demoCommands } from '../../../core/pos/demo/demo-shop';
import { createI18n } from '../i18n';
import { createCoreTestShop } from '../testing/core-shop';
import { createDirectClient } from '../testing/direct-client';
import { PinSignIn } from './PinSignIn';

const open: { close(): void }[] = [];
afterEach(() => { cleanup(); for (const o of open.splice(0)) o.close(); });

function freshShop(): Api {
  const tmp = tempDir('pospal-pin-');
  const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
  const api = createApi({ db: openDatabase({ file: join(tmp.dir, 'shop.db'), clock }), clock, license: new TestLicense(), dataDir: tmp.dir, commands: demoCommands });
  open.push({ close: () => { api.db().close(); tmp.cleanup(); } });
  return api;
}
const show = (api: Api) => render(
  <I18nextProvider i18n={createI18n('en')}><PinSignIn client={createDirectClient(api, null)} onSignedIn={() => undefined} /></I18nextProvider>,
);

describe('the sign-in screen', () => {
  it('a demo shop shows each demo staff member with their PIN', async () => {
    const api = freshShop();
    const r = await api.call('demo.load', {});
    expect(r.ok).toBe(true);
    show(api);
    await screen.findByTestId('demo-note');
    const buttons = screen.getAllByTestId('staff-button').map((b) => b.textContent);
    expect(buttons).toEqual(expect.arrayContaining([expect.stringMatching(/Eleni.*PIN 1234/), expect.stringMatching(/Nikos.*PIN 2222/), expect.stringMatching(/Maria.*PIN 1111/)]));
  });

  it('a real shop shows names and roles only', async () => {
    const shop = await createCoreTestShop();
    open.push({ close: () => shop.cleanup() });
    show(shop.api);
    expect((await screen.findAllByTestId('staff-button')).length).toBeGreaterThan(1);
    expect(screen.queryAllByTestId('demo-pin')).toEqual([]);
    expect(screen.queryByTestId('demo-note')).toBeNull();
  });
});
