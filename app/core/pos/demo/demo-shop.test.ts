/** Issue 11 (4): the demo café sends drinks to the bar and food to the kitchen. Real core, real SQLite. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createApi, type Api } from '../../../core/api';
import { TestLicense } from '../../../core/api/test-shop';
import { manualClock } from '../../../core/clock';
import { openDatabase } from '../../../core/db';
import { tempDir } from '../../../core/db/test-helpers';
import { demoCommands } from './demo-shop';

let tmp: ReturnType<typeof tempDir>;
let api: Api;
beforeEach(() => {
  tmp = tempDir('pospal-demo-');
  const clock = manualClock(Date.UTC(2026, 5, 15, 9, 0));
  api = createApi({ db: openDatabase({ file: join(tmp.dir, 'shop.db'), clock }), clock, license: new TestLicense(), dataDir: tmp.dir, commands: demoCommands });
});
afterEach(() => { api.db().close(); tmp.cleanup(); });

describe('demo café routing', () => {
  it('coffee goes to the bar, pastries to the kitchen', async () => {
    const loaded = await api.call<{ staff: { id: string; role: string; pin: string }[] }>('demo.load', {});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const owner = loaded.value.staff.find((s) => s.role === 'owner');
    const login = await api.call<{ id: string; name: string; role: 'owner' }>('staff.login', { staffId: owner?.id, pin: owner?.pin });
    if (!login.ok) throw new Error('login');
    const session = login.value;
    const items = await api.call<{ id: string; name: string }[]>('catalog.listItems', {}, session);
    if (!items.ok) throw new Error('items');
    const id = (name: string) => items.value.find((i) => i.name === name)?.id;
    const order = await api.call<{ id: string }>('order.create', {}, session);
    if (!order.ok) throw new Error('order');
    await api.call('order.addLine', { orderId: order.value.id, itemId: id('Spanakopita') }, session);
    const espresso = items.value.find((i) => i.name.toLowerCase().includes('espresso'));
    const full = await api.call<{ optionGroups: { name: string; minChoices: number; options: { id: string }[] }[] }>('catalog.getItem', { id: espresso?.id }, session);
    const optionIds = full.ok ? full.value.optionGroups.filter((g) => g.minChoices > 0).map((g) => g.options[0]?.id) : [];
    const added = await api.call('order.addLine', { orderId: order.value.id, itemId: espresso?.id, optionIds }, session);
    expect(added.ok).toBe(true);
    const sent = await api.call<{ tickets: { station: string; lines: { name: string }[] }[] }>('kitchen.send', { orderId: order.value.id, idempotencyKey: 'demo-send-1' }, session);
    if (!sent.ok) throw new Error(JSON.stringify(sent.error));
    expect(sent.value.tickets.map((t) => [t.station, t.lines.map((l) => l.name)])).toEqual([['bar', [espresso?.name]], ['kitchen', ['Spanakopita']]]);
  });
});
