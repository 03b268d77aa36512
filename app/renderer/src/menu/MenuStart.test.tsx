// @vitest-environment node
/**
 * Issue 11, item 13: an owner who created their account first is not stuck with an empty menu.
 * The Menu screen imports a file and loads the demo menu, over a real core shop (temp SQLite)
 * with only its owner; "Add item" says a category comes first.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
// eslint-disable-next-line no-restricted-imports -- tests drive the real core in-process (no mocks of our code)
import { createApi, type Api, type SessionStaff } from '../../../core/api';
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
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { MenuEditor } from './MenuEditor';

let tmp: ReturnType<typeof tempDir>;
let api: Api;
let owner: SessionStaff;
async function ok<T>(command: string, input: unknown, as: SessionStaff | null = owner): Promise<T> {
  const r = await api.call<T>(command, input, as);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
beforeEach(async () => {
  tmp = tempDir('pospal-menu-start-');
  const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
  api = createApi({ db: openDatabase({ file: join(tmp.dir, 'shop.db'), clock }), clock, license: new TestLicense(), dataDir: tmp.dir, commands: demoCommands });
  const created = await ok<{ id: string }>('staff.bootstrapOwner', { name: 'Anna', pin: '4321' }, null);
  owner = await ok<SessionStaff>('staff.login', { staffId: created.id, pin: '4321' }, null);
});
afterEach(() => { cleanup(); api.db().close(); tmp.cleanup(); });

const renderMenu = (as: SessionStaff = owner) => renderWithPos(<MenuEditor />, { client: createDirectClient(api, as), staff: as });

describe('the Menu screen of an owner-first shop', () => {
  it('"Add item" is disabled and says a category is needed first', async () => {
    renderMenu();
    expect((await screen.findByTestId('menu-add-item') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('menu-needs-category').textContent).toMatch(/add a category first/);
  });

  it('the owner loads the demo menu; the screen shows its categories and the offer goes away', async () => {
    renderMenu();
    fireEvent.click(await screen.findByTestId('menu-load-demo'));
    await waitFor(() => expect(screen.getAllByTestId('menu-category').map((b) => b.textContent)).toContain('Coffee'));
    expect(screen.queryByTestId('menu-load-demo')).toBeNull();
    expect((await ok<unknown[]>('catalog.listItems', {})).length).toBeGreaterThan(20);
  });

  it('imports a CSV file chosen on the screen', async () => {
    renderMenu();
    const csv = 'category,name,price,tax_rate\nMains,Moussaka,12.50,13\nMains,Pastitsio,11.00,13\n';
    const input = await screen.findByTestId('menu-import-file');
    fireEvent.change(input, { target: { files: [new File([csv], 'menu.csv', { type: 'text/csv' })] } });
    await waitFor(() => expect(screen.getAllByTestId('menu-category').map((b) => b.textContent)).toEqual(['Mains']));
    const items = await ok<{ name: string; priceCents: number }[]>('catalog.listItems', {});
    expect(items.map((i) => [i.name, i.priceCents])).toEqual([['Moussaka', 1250], ['Pastitsio', 1100]]);
  });

  it('a file with bad rows imports nothing and lists the rows to fix', async () => {
    renderMenu();
    const csv = 'category,name,price,tax_rate\nMains,Moussaka,twelve,13\n';
    fireEvent.change(await screen.findByTestId('menu-import-file'), { target: { files: [new File([csv], 'menu.csv', { type: 'text/csv' })] } });
    expect((await screen.findByTestId('menu-import-errors')).textContent).toMatch(/Row 2/);
    expect(await ok<unknown[]>('catalog.listItems', {})).toEqual([]);
  });

  it('a manager sees that only the owner may load the demo menu', async () => {
    const m = await ok<{ id: string }>('staff.create', { name: 'Nikos', role: 'manager', pin: '5555' });
    const manager = await ok<SessionStaff>('staff.login', { staffId: m.id, pin: '5555' }, null);
    renderMenu(manager);
    await screen.findByTestId('menu-start');
    expect(screen.queryByTestId('menu-load-demo')).toBeNull();
    expect(screen.getByTestId('menu-start').textContent).toMatch(/owner can load the demo menu/);
  });
});
