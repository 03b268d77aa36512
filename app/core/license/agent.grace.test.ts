// Issue 8 rule 3 with the fake worker (the clock steered by the test): the offline allowance
// belongs to the session holder. The same attacks against the real worker: agent.worker.test.ts.
import { describe, expect, it } from 'vitest';
import type { AgentDeps } from './agent';
import type { LicenseAgentOptions } from './index';
import { TEST_EMAIL, TEST_TOKEN } from './testing/fake-worker';
import { agentHarness, DAY, MINUTE } from './testing/harness';

async function activated(h = agentHarness()) {
  const agent = h.agent();
  await agent.start();
  expect((await agent.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
  return { h, agent };
}

describe('the offline allowance belongs to the session holder (issue 8 rule 3)', () => {
  it('a till that never held the session cannot sell, however validate answers; the first session that gets through unlocks it', async () => {
    const h = agentHarness();
    h.worker.world.dropSessions = true;
    const agent = h.agent();
    await agent.start();
    expect((await agent.activate(TEST_EMAIL, TEST_TOKEN)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await h.advance(agent, 30 * MINUTE);
    expect(h.worker.operations().filter((o) => o === 'validate').length).toBeGreaterThan(1);
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'offline_expired', canSell: false });
    h.worker.world.dropSessions = false;
    await h.advance(agent, 30 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true, daysLeft: 10 });
  });

  it('session calls failing for days: sells on the last heartbeat\'s signed grace, warns from its day 7, locks at its end though validate answers, recovers with a new session', async () => {
    const { h, agent } = await activated();
    const earned = agent.status().offlineGraceUntil;
    h.worker.world.dropSessions = true;
    for (let day = 1; day <= 6; day++) await h.advance(agent, DAY);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, warning: false, daysLeft: 4, offlineGraceUntil: earned });
    await h.advance(agent, DAY);
    expect(agent.status()).toMatchObject({ state: 'offline_grace', canSell: true, warning: true, daysLeft: 3, offlineGraceUntil: earned });
    await h.advance(agent, 3 * DAY);
    expect(h.worker.operations().slice(-6)).toContain('validate');
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'offline_expired', canSell: false });
    h.worker.world.dropSessions = false;
    await h.advance(agent, 20 * MINUTE);
    expect(agent.status()).toMatchObject({ state: 'active', canSell: true, daysLeft: 10, warning: false });
  });

  it('a validate saying taken_over locks a till whose session calls get no answer', async () => {
    const { h, agent } = await activated();
    h.worker.world.dropSessions = true;
    h.worker.world.endedReason = 'taken_over';
    for (let i = 0; i < 3 && agent.canSell(); i++) await h.advance(agent, MINUTE);
    expect(agent.status()).toMatchObject({ state: 'locked', reason: 'taken_over', canSell: false });
  });

  it('the sessions switch is test-only: production options cannot turn the session off', () => {
    // @ts-expect-error -- not an AgentDeps field: only createAgent's test-only second argument has it
    const deps: Partial<AgentDeps> = { sessions: false };
    // @ts-expect-error -- nor a LicenseAgentOptions field (index.ts, bootstrap, the CLI)
    const options: Partial<LicenseAgentOptions> = { sessions: false };
    expect([deps, options]).toHaveLength(2);
  });
});
