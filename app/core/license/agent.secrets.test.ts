/**
 * Issue 9, rules 4 and 5 at the agent: the unlock token lives in the secret store (a store that
 * can't be read asks for the token and keeps selling on the cached license), and the trusted
 * time floor is kept in the database and the store, so editing one doesn't unlock a clock set back.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_EMAIL, TEST_TOKEN } from './testing/fake-worker';
import { agentHarness, HOUR, MINUTE } from './testing/harness';

async function activated(h = agentHarness()) {
  const agent = h.agent();
  await agent.start();
  expect((await agent.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
  return { h, agent };
}

describe('the clock floor in two places (rule 5)', () => {
  it('highest_trusted_time edited to 0 in the database, clock set back 23 h: locked as clock_tampered offline', async () => {
    const { h, agent } = await activated();
    for (let i = 0; i < 6; i++) await h.advance(agent, 10 * MINUTE);
    h.worker.world.online = false;
    await agent.stop();
    h.db.prepare('UPDATE license_cache SET highest_trusted_time = 0').run();
    h.clock.advance(-23 * HOUR);
    const s = await h.agent().start();
    expect(s).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
  });

  it('the floor edited to 0 in the secret store instead: locked as well', async () => {
    const { h, agent } = await activated();
    for (let i = 0; i < 6; i++) await h.advance(agent, 10 * MINUTE);
    h.worker.world.online = false;
    await agent.stop();
    await h.secrets.set('highestTrustedTime', '0');
    h.clock.advance(-23 * HOUR);
    const s = await h.agent().start();
    expect(s).toMatchObject({ state: 'locked', reason: 'clock_tampered', canSell: false });
  });

  it('an honest clock running minutes slow after a restart never locks', async () => {
    const { h, agent } = await activated();
    for (let i = 0; i < 6; i++) await h.advance(agent, 10 * MINUTE);
    h.worker.world.online = false;
    await agent.stop();
    h.clock.advance(-4 * MINUTE);
    const again = h.agent();
    expect(await again.start()).toMatchObject({ state: 'active', canSell: true });
    await again.checkNow();
    expect(again.status()).toMatchObject({ canSell: true });
  });
});

describe('the unlock token in the secret store (rule 4)', () => {
  it('a secret store that cannot be read: selling continues on the cached license, online work asks for the token', async () => {
    const { h, agent } = await activated();
    await agent.stop();
    writeFileSync(h.secretsFile, 'written by another computer\u0000');
    const before = h.worker.requests.length;
    const again = h.agent();
    expect(await again.start()).toMatchObject({ state: 'active', canSell: true, customerEmail: TEST_EMAIL });
    const s = await again.checkNow();
    expect(s).toMatchObject({ canSell: true, problem: { code: 'TOKEN_NEEDED' } });
    // Nothing was sent without the token (no validate, no session start), nothing was wiped.
    expect(h.worker.requests.length).toBe(before);
    expect(h.db.prepare('SELECT customer_email, license_file IS NOT NULL AS licensed FROM license_cache').get()).toEqual({ customer_email: TEST_EMAIL, licensed: 1 });
    expect(await again.listMachines()).toMatchObject({ ok: false, error: { code: 'TOKEN_NEEDED' } });

    // "Enter your unlock token": the same activation puts it back in the store.
    const r = await again.activate(TEST_EMAIL, TEST_TOKEN);
    expect(r).toMatchObject({ ok: true, status: { state: 'active', problem: null } });
    expect(await h.secrets.get('unlockToken')).toBe(TEST_TOKEN);
    await again.stop();
  });

  it('the token is never in the database, nor in the status the UI (and every tablet) receives', async () => {
    const { h, agent } = await activated();
    const everything = JSON.stringify(h.db.prepare('SELECT * FROM license_cache').all());
    expect(everything).not.toContain(TEST_TOKEN);
    expect(JSON.stringify(agent.status())).not.toContain(TEST_TOKEN);
    await agent.stop();
  });
});
