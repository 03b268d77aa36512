/**
 * Issue 15 through the composition root: the app starts its myDATA outbox, sends where
 * POSPAL_MYDATA_URL says (the fake AADE here), publishes every state change as a `fiscal`
 * event, and a document committed before a stop goes out after the next start.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPosPal } from './bootstrap';
import type { PosPal } from './bootstrap';
import { tempDir } from './core/db/test-helpers';
import { insertDocument } from './core/fiscal/ledger';
import { kickFiscalOutbox } from './core/fiscal/service';
import { fiscalActive } from './core/fiscal/settings';
import { startFakeAade } from './core/fiscal/testing/fake-aade';
import type { FakeAade } from './core/fiscal/testing/fake-aade';
import type { SessionStaff } from './core/pos/staff/permissions';

const AFM = '094019245';
const USER = 'boot-user';
const KEY = '0123456789abcdef0123456789abcdef';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let app: PosPal | null = null;
let aade: FakeAade | null = null;
const tmp = tempDir('pospal-boot-fiscal-');
afterEach(async () => {
  await app?.stop();
  app = null;
  await aade?.close();
  aade = null;
});
afterAll(() => tmp.cleanup());

async function start(dataDir: string, mydataUrl: string): Promise<PosPal> {
  return startPosPal({
    env: { POSPAL_DATA_DIR: dataDir, POSPAL_LICENSE_URL: `http://127.0.0.1:${await closedPort()}`, POSPAL_MYDATA_URL: mydataUrl },
    rendererDir: null, http: 'never', log: () => {},
    licenseClient: { maxRetries: 0, timeoutMs: 500 },
    fingerprint: { readComponents: async () => ({ machineId: 'boot-fiscal-machine', cpuModel: 'test cpu' }) },
  });
}

async function ok<T>(a: PosPal, name: string, input: unknown, as: SessionStaff | null, mainComputer = false): Promise<T> {
  const r = await a.api.call<T>(name, input, as, { mainComputer });
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
  return r.value;
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('the app\'s myDATA outbox', () => {
  it('sends to POSPAL_MYDATA_URL, publishes `fiscal` events, and resumes after a restart', async () => {
    aade = await startFakeAade({ userId: USER, subscriptionKey: KEY, afm: AFM });
    const dataDir = join(tmp.dir, 'data');
    app = await start(dataDir, aade.baseUrl);
    const created = await ok<{ id: string }>(app, 'staff.bootstrapOwner', { name: 'Olga', pin: '1111' }, null, true);
    const owner = await ok<SessionStaff>(app, 'staff.login', { staffId: created.id, pin: '1111' }, null, true);
    await ok(app, 'fiscal.settings.set', { afm: AFM, userId: USER, subscriptionKey: KEY, enabled: true }, owner);
    const events: unknown[] = [];
    app.events.subscribe((e) => { if (e.name === 'fiscal') events.push(e.data); });
    const db = app.api.db();
    const settings = fiscalActive(db);
    if (!settings) throw new Error('fiscal is on');
    const issue = () => db.transaction(() => insertDocument(db, { now: () => Date.now() }, settings, {
      docType: '11.1', body: { rows: [{ rateBp: 2400, netCents: 282, vatCents: 68 }], payments: [{ method: 'cash', amountCents: 350 }] },
    })).immediate();
    const first = issue();
    kickFiscalOutbox();
    await until(() => events.length > 0); // published after our row says registered
    expect(events).toEqual([{ id: first, state: 'registered' }]);
    expect(aade.registered).toHaveLength(1);

    // Committed, then the app stops before sending (offline): the next start sends it.
    aade.offline = true;
    const second = issue();
    await app.stop();
    aade.offline = false;
    app = await start(dataDir, aade.baseUrl);
    const live = app;
    const registered = () => (live.api.db().prepare("SELECT COUNT(*) AS n FROM fiscal_documents WHERE state = 'registered'").get() as { n: number }).n;
    await until(() => registered() === 2); // AADE registers before it answers: wait for our side
    expect(aade.registered.map((d) => d.aa)).toEqual(['1', '2']);
    const list = await ok<{ id: string; state: string }[]>(app, 'fiscal.documents.list', {}, owner);
    expect(list.map((d) => [d.id, d.state])).toEqual([[first, 'registered'], [second, 'registered']]);
  });
});
