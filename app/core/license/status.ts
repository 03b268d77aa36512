/** The agent's public surface: what the UI, the API gate and the CLI see. */
import type BetterSqlite3 from 'better-sqlite3';
import type { LicensePayload, MachineSummary } from 'licensing-worker/protocol';
import type { Clock } from '../clock';
import type { SecretStore } from '../secrets/secret-store';
import type { CacheRecord, SubscriptionInfo } from './cache';
import type { LicenseClient } from './client';
import type { Fingerprinter, MachineIdentity } from './fingerprint';
import type { TrustedKeys } from './keys';
import type { AgentProblem, SessionHolder } from './problems';
import {
  combine, daysLeft, graceWarning, SELLING_STATES, trialDaysLeft, trialEndOf, trialWarning,
  type LicenseStateName, type LicenseVerdict, type LockReason, type SessionVerdict,
} from './rules';

export interface AgentTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AgentDeps {
  /** The shop database, or a getter for it when it can be swapped (restore from a backup). */
  db: BetterSqlite3.Database | (() => BetterSqlite3.Database);
  client: LicenseClient;
  keys: TrustedKeys;
  /** Where the unlock token and the second copy of the trusted-time floor live (never the database). */
  secrets: SecretStore;
  fingerprinter: Fingerprinter;
  clock?: Clock;
  timers?: AgentTimers;
  random?: () => number;
  appVersion?: string;
}

/**
 * Test-only switches (createAgent's second argument), never reachable from configuration or
 * production wiring: without the session a till earns no offline allowance (LICENSING.md).
 */
export interface AgentTestSwitches {
  /** Run the single-device session (default true). */
  sessions?: boolean;
}

/** POS-A's gate in app/core/api.ts: sales are refused unless `canSell()`. */
export interface LicenseGate {
  canSell(): boolean;
  state(): string;
}

export interface LicenseStatus {
  state: LicenseStateName;
  reason: LockReason | null;
  canSell: boolean;
  /** Whole days of offline allowance left (null without a license). */
  daysLeft: number | null;
  /** From day 7 of the signed allowance (3 days before offlineGraceUntil): show the banner. */
  warning: boolean;
  /** A free trial's end (null: not a trial); its whole days left; from 3 days before the end, warn. */
  trialEndsAt: number | null;
  trialDaysLeft: number | null;
  trialWarning: boolean;
  lastCheckAt: number | null;
  offlineGraceUntil: number | null;
  nextCheckAt: number | null;
  customerEmail: string | null;
  plan: string | null;
  subscriptionStatus: string | null;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  machine: { id: string | null; name: string; platform: string } | null;
  /** Who holds the session (session_conflict) or took it (locked: taken_over). */
  sessionHolder: SessionHolder | null;
  /** The last thing that went wrong, for the UI to explain. */
  problem: AgentProblem | null;
  /** File mode (offline-file/): the offline license file this computer sells on; else null/absent. */
  offlineFile?: OfflineFileInfo | null;
}

/** An offline license file, as the chip and the subscription page show it. */
export interface OfflineFileInfo {
  fileId: string;
  /** The shop it was issued for. */
  customer: string;
  distributor: string;
  issuedAt: number;
  /** null: perpetual. */
  expiresAt: number | null;
}

/** A computer on this subscription, as the worker lists it; `current` is this one. */
export interface SubscriptionMachine extends MachineSummary {
  current: boolean;
}
export type MachinesResult = { ok: true; machines: SubscriptionMachine[] } | { ok: false; error: AgentProblem };

export type ActionResult = { ok: true; status: LicenseStatus } | { ok: false; error: AgentProblem; status: LicenseStatus };

export type AgentEvent = 'state' | 'warning';
export type Listener = (status: LicenseStatus) => void;

export interface LicenseAgent extends LicenseGate {
  /** Unlocks from the cache (no network), then schedules the online work. */
  start(): Promise<LicenseStatus>;
  status(): LicenseStatus;
  on(event: AgentEvent, listener: Listener): () => void;
  activate(email: string, token: string): Promise<ActionResult>;
  /** After an in-app checkout: polls `instant` (with the checkout's claim secret) until the token arrives, then activates. */
  activateInstant(email: string, stripeSessionId: string, claimSecret: string, options?: { timeoutMs?: number; pollMs?: number }): Promise<ActionResult>;
  /** "Try free": a trial for this computer (the claim hash ties a later payment to it), then as activate. */
  startTrial(input: { email: string; language: 'en' | 'el'; claimHash: string }): Promise<ActionResult>;
  takeOver(): Promise<ActionResult>;
  /** Frees this machine's seat and forgets the license here. */
  deactivate(): Promise<ActionResult>;
  /** "Deactivate that one" from the MACHINE_LIMIT list, with the credentials being activated. */
  deactivateMachine(email: string, token: string, machineId: string): Promise<ActionResult>;
  /** The subscription's active computers (cached credentials), this one marked `current`. */
  listMachines(): Promise<MachinesResult>;
  /** "Check again": an online check now, then the periodic work (the timer runs the same). */
  checkNow(): Promise<LicenseStatus>;
  /** Resolves when no conversation with the worker is in flight (tests, CLI). */
  whenIdle(): Promise<void>;
  /** Ends the session cleanly (quit). */
  stop(): Promise<void>;
}


export interface StatusFacts {
  now: number;
  verdict: LicenseVerdict;
  session: SessionVerdict;
  /** The last session call got no answer (network, 5xx): the till sells on its grace. */
  sessionUnanswered?: boolean;
  record: CacheRecord | undefined;
  payload: LicensePayload | undefined;
  identity: MachineIdentity | undefined;
  nextCheckAt: number;
  holder: SessionHolder | null;
  problem: AgentProblem | null;
}

/** The snapshot the UI renders, from what the agent knows right now. */
export function buildStatus(f: StatusFacts): LicenseStatus {
  // A validate that gets through while the session calls don't earns nothing: still offline_grace.
  const verdict: LicenseVerdict = f.sessionUnanswered && f.verdict.state === 'active' ? { state: 'offline_grace' } : f.verdict;
  const { state, reason } = combine(verdict, f.session);
  const sub: SubscriptionInfo = f.record?.subscription ?? {};
  const lastCheckAt = f.record?.lastCheckAt ?? f.payload?.issuedAt ?? null;
  const trialEndsAt = trialEndOf(f.payload);
  return {
    state,
    reason,
    canSell: SELLING_STATES.has(state),
    daysLeft: f.payload ? daysLeft(f.payload.offlineGraceUntil, f.now) : null,
    warning: SELLING_STATES.has(state) && f.payload !== undefined && graceWarning(f.payload.offlineGraceUntil, f.now),
    trialEndsAt,
    trialDaysLeft: trialEndsAt === null ? null : trialDaysLeft(trialEndsAt, f.now),
    trialWarning: trialEndsAt !== null && SELLING_STATES.has(state) && trialWarning(trialEndsAt, f.now),
    lastCheckAt,
    offlineGraceUntil: f.payload?.offlineGraceUntil ?? null,
    nextCheckAt: f.record ? f.nextCheckAt : null,
    customerEmail: f.record?.email ?? null,
    plan: f.payload?.plan ?? sub.plan ?? null,
    subscriptionStatus: sub.status ?? f.payload?.status ?? null,
    currentPeriodEnd: f.payload?.currentPeriodEnd ?? sub.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd ?? false,
    machine: f.identity
      ? { id: f.payload?.machineId ?? f.record?.machineId ?? null, name: f.identity.name, platform: f.identity.platform }
      : null,
    sessionHolder: f.session === 'conflict' || f.session === 'taken_over' ? f.holder : null,
    problem: f.problem,
  };
}
