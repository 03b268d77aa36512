/**
 * Issue 12, item 1, the agent's side, against the REAL licensing worker: a validate or heartbeat
 * presents the held license's hash; an "unchanged" answer keeps the cached file as it is (byte
 * for byte, nothing extended locally) and the till sells on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseHash } from 'licensing-worker/protocol';
import { createLicenseClient } from './client';
import { buyDevSubscription } from './testing/dev-billing';
import { MACHINE_A } from './testing/harness';
import { machine, startRealWorker, type LocalWorker } from './testing/real-worker';

let worker: LocalWorker;

beforeAll(async () => {
  worker = await startRealWorker();
}, 180_000);
afterAll(async () => {
  await worker?.stop();
});

const heldFile = (db: ReturnType<typeof machine>['db']) =>
  (db.prepare('SELECT license_file FROM license_cache').get() as { license_file: string | null } | undefined)?.license_file ?? null;

describe('license agent × real worker: "unchanged"', () => {
  it('a steady heartbeat keeps the cached license file byte for byte and the till sells on', async () => {
    const purchase = await buyDevSubscription(worker.url, `shop-${randomUUID().slice(0, 8)}@cafe.example`);
    const m = machine(worker, 'TILL-U', MACHINE_A);
    const agent = m.agent();
    await agent.start();
    expect(await agent.activate(purchase.email, purchase.token)).toMatchObject({ ok: true });
    // The first heartbeat after a new machine's start brings the steady license ("standard" caching).
    await m.advance(agent, 60_000);
    const steady = heldFile(m.db);
    expect(steady).not.toBeNull();
    const beatsBefore = m.requests.length;
    for (let i = 0; i < 3; i++) await m.advance(agent, 60_000);
    expect(m.requests.length).toBeGreaterThan(beatsBefore);
    expect(heldFile(m.db)).toBe(steady);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true });
    await agent.stop();
  });

  it('the worker answers a heartbeat presenting the held hash with licenseUnchanged and no license', async () => {
    const purchase = await buyDevSubscription(worker.url, `shop-${randomUUID().slice(0, 8)}@cafe.example`);
    const m = machine(worker, 'TILL-V', MACHINE_A);
    const agent = m.agent();
    await agent.start();
    expect(await agent.activate(purchase.email, purchase.token)).toMatchObject({ ok: true });
    await m.advance(agent, 60_000);
    const held = heldFile(m.db)!;
    const sessionId = (m.db.prepare('SELECT session_id FROM license_cache').get() as { session_id: string | null }).session_id!;
    const client = createLicenseClient({ baseUrl: worker.url });
    const res = await client.unified({ operation: 'session', action: 'heartbeat', credentials: { sessionId }, heldLicense: await licenseHash(held) });
    expect(res.ok && res.data).toMatchObject({ licenseUnchanged: true, sessionState: 'live' });
    expect(res.ok && res.data.license).toBeUndefined();
    await agent.stop();
  });
});
