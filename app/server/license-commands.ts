/**
 * The license agent and the worker's account endpoints as API commands (`license.*`), so the
 * renderer reaches them through the same transport as everything else. Readable without a
 * staff session: a locked shop must still be able to see why and fix it. Changing the
 * license (deactivate this machine) needs the owner.
 */
import { z } from 'zod';
import { defineCommand } from '../core/api';
import type { CommandMap } from '../core/api';
import { PosError } from '../core/errors';
import type { PosErrorCode } from '../core/errors';
import type { ActionResult, LicenseAgent, LicenseStatus } from '../core/license/agent';
import type { LicenseCache } from '../core/license/cache';
import type { BillingClient, BillingResult } from './billing-client';

/** The agent's status plus the names the renderer reads (holder, periodEnd). */
export function licenseView(s: LicenseStatus) {
  return {
    ...s,
    holder: s.sessionHolder
      ? { machineName: s.sessionHolder.name, platform: s.sessionHolder.platform, lastSeenAt: s.sessionHolder.lastHeartbeatAt }
      : null,
    periodEnd: s.currentPeriodEnd,
  };
}
export type LicenseView = ReturnType<typeof licenseView>;

/** License problems keep the agent's codes (MACHINE_LIMIT, SESSION_CONFLICT…), which the UI translates. */
function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new PosError(code as PosErrorCode, message, details);
}

function viewOf(r: ActionResult): LicenseView {
  if (r.ok) return licenseView(r.status);
  const { code, message, ...details } = r.error;
  if (code === 'INSTANT_TIMEOUT') fail('CHECKOUT_PENDING', 'The payment is not complete yet');
  fail(code, message, details);
}

function unwrap<T>(r: BillingResult<T>): T {
  if (r.ok) return r.value;
  fail(r.error.code, r.error.message, r.error.details);
}

const email = z.string().trim().toLowerCase().pipe(z.email()).describe('email');

export interface LicenseCommandDeps {
  agent: LicenseAgent;
  cache: LicenseCache;
  billing: BillingClient;
}

export function licenseCommands(deps: LicenseCommandDeps): CommandMap {
  const { agent, billing } = deps;
  return {
    'license.status': defineCommand({ input: z.object({}).loose(), permission: null, run: () => licenseView(agent.status()) }),
    'license.check': defineCommand({ input: z.object({}).loose(), permission: null, run: async () => licenseView(await agent.checkNow()) }),
    'license.activate': defineCommand({
      input: z.object({ email: z.string().max(254), token: z.string().max(64) }).strict(),
      permission: null,
      run: async (_ctx, i) => viewOf(await agent.activate(i.email, i.token)),
    }),
    'license.checkout': defineCommand({
      input: z.object({ email, name: z.string().trim().min(1).max(200), businessName: z.string().trim().max(200).default('') }).strict(),
      permission: null,
      run: async (_ctx, i) => unwrap(await billing.checkout(i)),
    }),
    // One short look for the finished checkout per call; the screen polls while it waits.
    'license.instant': defineCommand({
      input: z.object({ email, sessionId: z.string().trim().min(1).max(255) }).strict(),
      permission: null,
      run: async (_ctx, i) => viewOf(await agent.activateInstant(i.email, i.sessionId, { timeoutMs: 1500, pollMs: 500 })),
    }),
    'license.takeOver': defineCommand({ input: z.object({}).loose(), permission: null, run: async () => viewOf(await agent.takeOver()) }),
    'license.deactivate': defineCommand({
      // With credentials + machineId: free another machine's seat (MACHINE_LIMIT list, before
      // activation). With machineId only: free one from the subscription page's list with the
      // cached credentials (owner). Without: release this machine (owner).
      input: z.object({ email: z.string().max(254), token: z.string().max(64), machineId: z.string().min(1).max(100) }).strict()
        .or(z.object({ machineId: z.string().min(1).max(100) }).strict())
        .or(z.object({}).strict()),
      permission: null,
      run: async (ctx, i) => {
        if ('email' in i) return viewOf(await agent.deactivateMachine(i.email, i.token, i.machineId));
        if (ctx.staff?.role !== 'owner') fail('PERMISSION_DENIED', 'Only the owner may release a computer\'s license');
        if ('machineId' in i && i.machineId !== agent.status().machine?.id) {
          const cached = await deps.cache.read();
          if (!cached) fail('NOT_ACTIVATED', 'Activate POSPal on this computer first');
          if (cached.token === null) fail('TOKEN_NEEDED', 'Enter your unlock token: this computer could not read the saved one');
          return viewOf(await agent.deactivateMachine(cached.email, cached.token, i.machineId));
        }
        return viewOf(await agent.deactivate());
      },
    }),
    // The subscription's active computers, this one marked `current` (readable like the status).
    'license.machines': defineCommand({
      input: z.object({}).loose(),
      permission: null,
      run: async () => {
        const r = await agent.listMachines();
        if (!r.ok) fail(r.error.code, r.error.message);
        return { machines: r.machines };
      },
    }),
    'license.portal': defineCommand({
      input: z.object({}).loose(),
      permission: null,
      run: async () => {
        const cached = await deps.cache.read();
        if (!cached) fail('NOT_ACTIVATED', 'Activate POSPal on this computer first');
        if (cached.token === null) fail('TOKEN_NEEDED', 'Enter your unlock token: this computer could not read the saved one');
        return unwrap(await billing.portal({ email: cached.email, token: cached.token }));
      },
    }),
    'license.recover': defineCommand({
      input: z.object({ email }).strict(),
      permission: null,
      run: async (_ctx, i) => unwrap(await billing.recover(i)),
    }),
  };
}
