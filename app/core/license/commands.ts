/**
 * The license agent and the worker's account endpoints as API commands (`license.*`), so the
 * renderer reaches them through the same transport as everything else. Only the status (and
 * "check again") is open to every caller: it is what the banner shows. Whatever changes or
 * reveals the subscription is the owner's (`license.manage`); taking the session over from
 * another computer takes an owner or a manager (`license.takeover`). First run: on a shop with
 * no staff yet the main computer itself may activate, buy and take over (core's `firstRun`).
 */
import { z } from 'zod';
import { defineCommand } from '../api/command';
import type { CommandMap } from '../api/command';
import { PosError } from '../errors';
import type { PosErrorCode } from '../errors';
import type { ActionResult, LicenseAgent, LicenseStatus } from './agent';
import type { LicenseCache } from './cache';
import { claimHashOf, FINAL_CLAIM_CODES, forgetPendingClaim, newClaimSecret, readPendingClaim, savePendingClaim } from './claim';
import type { SecretStore } from '../secrets/secret-store';
import type { BillingClient } from './billing-client';
import { workerFailureError } from './billing-client';
import type { WorkerResult } from './client';
import { prefillBusinessName } from '../pos/settings/business-prefill';

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

function unwrap<T>(r: WorkerResult<T>): T {
  if (r.ok) return r.data;
  throw workerFailureError(r.failure);
}

const email = z.string().trim().toLowerCase().pipe(z.email()).describe('email');

export interface LicenseCommandDeps {
  agent: LicenseAgent;
  cache: LicenseCache;
  billing: BillingClient;
  /** Holds the checkout claim secret (key `claimSecret`) across restarts. */
  secrets: SecretStore;
}

export function licenseCommands(deps: LicenseCommandDeps) {
  const { agent, billing } = deps;
  /** This computer runs (or ran) a trial it started itself: the checkout converts it. */
  async function trialConversion(): Promise<{ email: string; secret: string } | null> {
    const status = agent.status();
    const secret = await deps.secrets.get('trialClaimSecret');
    const inTrial = status.trialEndsAt !== null || status.reason === 'trial_ended';
    return secret && inTrial && status.customerEmail ? { email: status.customerEmail, secret } : null;
  }
  return {
    'license.status': defineCommand({ input: z.object({}).loose(), permission: null, run: () => licenseView(agent.status()) }),
    'license.check': defineCommand({ input: z.object({}).loose(), permission: null, run: async () => licenseView(await agent.checkNow()) }),
    'license.activate': defineCommand({
      input: z.object({ email: z.string().max(254), token: z.string().max(64) }).strict(),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => viewOf(await agent.activate(i.email, i.token)),
    }),
    // Whether "Try free for N days" is offered, and N (the worker's configuration). Public, like
    // billing.pricing: the welcome screen reads it before anyone signs in.
    'billing.trialTerms': defineCommand({
      input: z.object({}).loose(), permission: null, run: async () => unwrap(await billing.trialTerms()).trial,
    }),
    // A free trial for this computer (issue 13): its own claim secret, kept for the conversion.
    'license.startTrial': defineCommand({
      input: z.object({ email: z.string().max(254), language: z.enum(['en', 'el']).default('en') }).strict(),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => {
        const secret = newClaimSecret();
        await deps.secrets.set('trialClaimSecret', secret);
        return viewOf(await agent.startTrial({ email: i.email, language: i.language, claimHash: claimHashOf(secret) }));
      },
    }),
    // A fresh claim secret per checkout: only its hash leaves this computer (issue 8, rule 2).
    // During (or after) a trial the checkout carries the trial's claim instead: the payment then
    // converts this computer's trial customer in place (same token, no activation to wait for).
    'license.checkout': defineCommand({
      input: z.object({
        email, name: z.string().trim().min(1).max(200), businessName: z.string().trim().max(200).default(''),
        /** The UI language: the worker writes this customer's emails in it. */
        language: z.enum(['en', 'el']).default('en'),
      }).strict(),
      permission: 'license.manage',
      firstRun: true,
      run: async (ctx, i) => {
        const trial = await trialConversion();
        if (trial) {
          const answer = unwrap(await billing.checkout({ ...i, email: trial.email, claimHash: claimHashOf(trial.secret) }));
          prefillBusinessName(ctx.db, ctx.clock, i.businessName);
          return { checkoutUrl: answer.checkoutUrl, sessionId: answer.sessionId, convertsTrial: true };
        }
        const secret = newClaimSecret();
        const answer = unwrap(await billing.checkout({ ...i, claimHash: claimHashOf(secret) }));
        const started = { checkoutUrl: answer.checkoutUrl, sessionId: answer.sessionId, convertsTrial: false };
        await savePendingClaim(deps.secrets, { secret, sessionId: started.sessionId, email: i.email });
        prefillBusinessName(ctx.db, ctx.clock, i.businessName); // issue 11 item 15
        return started;
      },
    }),
    // One short look for the finished checkout per call; the screen polls while it waits.
    // Without arguments: the checkout this computer opened last (after a restart).
    'license.instant': defineCommand({
      input: z.object({ email, sessionId: z.string().trim().min(1).max(255) }).strict().or(z.object({}).strict()),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => {
        const claim = await readPendingClaim(deps.secrets);
        const sessionId = 'sessionId' in i ? i.sessionId : claim?.sessionId;
        if (!claim || !sessionId || claim.sessionId !== sessionId) {
          fail('CLAIM_EXPIRED', 'This computer holds no claim for that checkout; use the unlock token from the welcome email');
        }
        const r = await agent.activateInstant('email' in i ? i.email : claim.email, sessionId, claim.secret, { timeoutMs: 1500, pollMs: 500 });
        // Claimed (or never claimable from here): the secret has done its work.
        if (r.ok || FINAL_CLAIM_CODES.has(r.error.code)) await forgetPendingClaim(deps.secrets);
        return viewOf(r);
      },
    }),
    // The checkout this computer is waiting for, if any (the activation screen resumes it).
    'license.pendingCheckout': defineCommand({
      input: z.object({}).loose(),
      permission: 'license.manage',
      firstRun: true,
      run: async () => {
        const claim = await readPendingClaim(deps.secrets);
        return claim?.sessionId ? { email: claim.email, sessionId: claim.sessionId } : null;
      },
    }),
    // It stops the other till mid-service: an owner or a manager (first run: the new main computer).
    'license.takeOver': defineCommand({
      input: z.object({}).loose(), permission: 'license.takeover', firstRun: true, run: async () => viewOf(await agent.takeOver()),
    }),
    'license.deactivate': defineCommand({
      // With credentials + machineId: free another machine's seat (MACHINE_LIMIT list, before
      // activation). With machineId only: free one from the subscription page's list with the
      // cached credentials. Without: release this machine. All the owner's; at first run the
      // main computer frees a seat this way while it activates.
      input: z.object({ email: z.string().max(254), token: z.string().max(64), machineId: z.string().min(1).max(100) }).strict()
        .or(z.object({ machineId: z.string().min(1).max(100) }).strict())
        .or(z.object({}).strict()),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => {
        if ('email' in i) return viewOf(await agent.deactivateMachine(i.email, i.token, i.machineId));
        if ('machineId' in i && i.machineId !== agent.status().machine?.id) {
          const cached = await deps.cache.read();
          if (!cached) fail('NOT_ACTIVATED', 'Activate POSPal on this computer first');
          if (cached.token === null) fail('TOKEN_NEEDED', 'Enter your unlock token: this computer could not read the saved one');
          return viewOf(await agent.deactivateMachine(cached.email, cached.token, i.machineId));
        }
        return viewOf(await agent.deactivate());
      },
    }),
    // The subscription's active computers, this one marked `current` (the owner's).
    'license.machines': defineCommand({
      input: z.object({}).loose(),
      permission: 'license.manage',
      run: async () => {
        const r = await agent.listMachines();
        if (!r.ok) fail(r.error.code, r.error.message);
        return { machines: r.machines };
      },
    }),
    // The billing portal: cancel, change card, invoices.
    'license.portal': defineCommand({
      input: z.object({}).loose(),
      permission: 'license.manage',
      run: async () => {
        const cached = await deps.cache.read();
        if (!cached) fail('NOT_ACTIVATED', 'Activate POSPal on this computer first');
        if (cached.token === null) fail('TOKEN_NEEDED', 'Enter your unlock token: this computer could not read the saved one');
        return { url: unwrap(await billing.portal({ email: cached.email, token: cached.token })).url };
      },
    }),
    // A new token by email (the old one stops working): the owner's; at first run the
    // activation screen's "lost my token" on the main computer.
    'license.recover': defineCommand({
      input: z.object({ email }).strict(),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => { unwrap(await billing.recover(i)); return null; },
    }),
  } satisfies CommandMap;
}
