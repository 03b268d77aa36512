/**
 * The license agent as an explicit state machine (DESIGN.md "The license agent"): one immutable
 * state, and a pure `transition(state, event) → { state, effects }`. No network, no timers, no
 * cache writes here: the runner (agent.ts) holds the conversations, verifies and stores signed
 * licenses, feeds the outcomes in as events and carries out the effects.
 *
 * The UI's states (unlicensed, active, offline_grace, suspended, cancelled, session_conflict,
 * locked) are `combine(verdict, session)` of this state (status.ts, rules.ts).
 */
import type { LicensePayload } from 'licensing-worker/protocol';
import type { CachedLicense, CacheRecord } from './cache';
import type { ValidateAnswer, WorkerFailure } from './client';
import { holderFrom, problemFrom, type AgentProblem, type SessionHolder } from './problems';
import { clockSetBack, offlineVerdict, trialEnded, type LicenseVerdict, type SessionVerdict } from './rules';

const RETRY_MIN_MS = 60_000;
const RETRY_MAX_MS = 15 * 60_000;
const MIN_CHECK_GAP_MS = 60_000;
/** After a verdict (suspended, rejected token, no seat) ask again, but not every heartbeat. */
export const VERDICT_RECHECK_MS = 5 * 60_000;
export const DEFAULT_HEARTBEAT_MS = 60_000;

/** The secret store has no unlock token: what needs one (validate, session start…) asks for it. */
export const TOKEN_NEEDED: AgentProblem = { code: 'TOKEN_NEEDED', message: 'Enter your unlock token: this computer could not read the saved one' };

export interface AgentState {
  /** The cached credentials and license (the cache's record, as last read). */
  record: CacheRecord | undefined;
  /** The verified signed license this machine obeys. */
  payload: LicensePayload | undefined;
  verdict: LicenseVerdict;
  /** The last thing that went wrong, for the UI to explain. */
  problem: AgentProblem | null;
  /** Local time of the next online check. */
  nextCheckAt: number;
  /** The trusted-time floor: a clock behind it is tampering. */
  highestLocalTime: number;
  /** Consecutive requests without a usable answer (the retry backoff). */
  failures: number;
  session: SessionVerdict;
  sessionId: string | null;
  /** A session id from the previous run: if it ended meanwhile we simply start a new one. */
  sessionFromLastRun: boolean;
  /** Who holds (conflict) or took (taken_over) the session. */
  holder: SessionHolder | null;
  /** The last session call got no answer: selling runs on the grace, whatever validate says. */
  sessionUnanswered: boolean;
  heartbeatMs: number;
}

export const initialState: AgentState = {
  record: undefined, payload: undefined, verdict: { state: 'unlicensed' }, problem: null, nextCheckAt: 0,
  highestLocalTime: 0, failures: 0, session: 'none', sessionId: null, sessionFromLastRun: false, holder: null,
  sessionUnanswered: false, heartbeatMs: DEFAULT_HEARTBEAT_MS,
};

/** The conversations with the worker whose outcomes come back as events. */
/** `activate` is a validate with new credentials: its answer is obeyed, nothing more. */
export type Operation = 'validate' | 'activate' | 'start' | 'takeover' | 'heartbeat';

/** A signed license that verified for this machine and was stored (by the runner). */
export interface Adopted {
  payload: LicensePayload;
  /** The cache's record after storing it. */
  record: CacheRecord | undefined;
}

export type MachineEvent =
  /** Start or after the cache changed: unlock (or not) from the verified cache alone. */
  | { type: 'loaded'; cached: CachedLicense; now: number; sessionsEnabled: boolean }
  /** The periodic tick: rules that need no network (clock set back, allowance spent). */
  | { type: 'time'; now: number }
  /**
   * A success answer; `adopted` is null when it carries no license that verifies here. An answer
   * with `licenseUnchanged` and no license (issue 12) keeps the license held here.
   */
  | { type: 'answer'; operation: Operation; data: ValidateAnswer; adopted: Adopted | null; now: number }
  /** A failed request; `adopted` is the signed inactive license a SUBSCRIPTION_INACTIVE carried. */
  | { type: 'failure'; operation: Operation; failure: WorkerFailure; adopted: Adopted | null; now: number }
  /** Something online was due but the secret store has no token. */
  | { type: 'token_missing'; now: number }
  /** Activation saved new credentials; `record` is the cache's record now. */
  | { type: 'credentials_saved'; record: CacheRecord | undefined }
  /** Activation worked with these credentials; `emailChanged` when they replaced another account's. */
  | { type: 'activated'; emailChanged: boolean }
  /** A user action failed with this problem (activation, deactivation…). */
  | { type: 'problem'; problem: AgentProblem | null }
  /** A machine was deactivated from the MACHINE_LIMIT list: that problem is solved. */
  | { type: 'machine_freed' }
  /** The session was ended on purpose (quit). */
  | { type: 'session_closed'; now: number };

export type Effect =
  /** Remember the session id (or none) in the cache, for the next run. */
  | { type: 'persist_session'; sessionId: string | null; now: number }
  /** Store the trusted-time floor. */
  | { type: 'note_time'; at: number }
  /** Ask the worker for the license now (e.g. the one that says another machine holds the seat). */
  | { type: 'validate' };

export interface Transition {
  state: AgentState;
  effects: Effect[];
}

const allowsSelling = (v: LicenseVerdict): boolean => v.state === 'active' || v.state === 'offline_grace';

/**
 * The subscription is paid and only the offline allowance is missing or spent: a session call
 * is what earns it, so the agent starts (or keeps) its session.
 */
export function mayHoldSession(s: AgentState): boolean {
  // A running trial is session-bound like a subscription (an ended one is answered 'expired').
  const paid = s.payload?.status === 'active' || s.payload?.status === 'trial';
  return allowsSelling(s.verdict) || (s.verdict.state === 'locked' && s.verdict.reason === 'offline_expired' && paid);
}

/** The periodic work runs the session (heartbeat, or start when there is none or a conflict). */
export function mayRunSession(s: AgentState, sessionsEnabled: boolean): boolean {
  return s.record !== undefined && mayHoldSession(s) && sessionsEnabled;
}

/** Whether the periodic work checks online now. */
export function dueForCheck(s: AgentState, now: number, force: boolean, woke: boolean): boolean {
  return s.record !== undefined && (force || woke || now >= s.nextCheckAt);
}


// ---- the knowledge rules (pure versions of what a mutable object did) ----

function reachable(s: AgentState): AgentState {
  return {
    ...s,
    verdict: s.verdict.state === 'offline_grace' ? { state: 'active' } : s.verdict,
    problem: s.problem?.code === 'OFFLINE' ? null : s.problem,
  };
}

/** No usable answer: the offline allowance covers it until offlineGraceUntil, never longer. */
function unreachable(s: AgentState, now: number): AgentState {
  const failures = s.failures + 1;
  return {
    ...s,
    failures,
    nextCheckAt: now + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)),
    verdict: s.payload && allowsSelling(s.verdict) ? offlineVerdict(s.payload, now, true) : s.verdict,
  };
}

/** Obeys a verified signed license: it is the new verdict, time floor and check schedule. */
function adopt(s: AgentState, a: Adopted, now: number): AgentState {
  return {
    ...s,
    payload: a.payload,
    record: a.record ?? s.record,
    // The worker vouched for this moment: it is the new floor (this clears clock_tampered).
    highestLocalTime: now,
    // The signed offlineGraceUntil is obeyed online too: a validate answer carries only what the
    // last session call earned (none for a till that never held the session).
    verdict: offlineVerdict(a.payload, now, false),
    // Relative to the server's clock, so a skewed local clock neither hammers nor starves.
    nextCheckAt: now + Math.max(MIN_CHECK_GAP_MS, a.payload.nextCheckAt - a.payload.issuedAt),
    failures: 0,
  };
}

/**
 * "Unchanged": the worker vouches the held license still stands. The cached file stays as it
 * is and nothing is extended here: the verdict is the held license's own, checked again now.
 */
function keepHeld(s: AgentState, now: number): AgentState {
  const payload = s.payload!;
  return {
    ...s,
    verdict: offlineVerdict(payload, now, false),
    nextCheckAt: now + Math.max(MIN_CHECK_GAP_MS, payload.nextCheckAt - payload.issuedAt),
    failures: 0,
  };
}

function forgetSession(s: AgentState, now: number, effects: Effect[]): AgentState {
  effects.push({ type: 'persist_session', sessionId: null, now });
  return { ...s, sessionId: null, sessionFromLastRun: false, session: s.session === 'live' ? 'none' : s.session };
}

// ---- the transition ----

function loaded(s0: AgentState, e: Extract<MachineEvent, { type: 'loaded' }>): AgentState {
  const { cached, now } = e;
  // What the cache says replaces the license and the session; the problem and backoff stay.
  const base: AgentState = { ...s0, session: 'none', sessionId: null, holder: null };
  if (cached.kind === 'none') return { ...base, record: undefined, payload: undefined, verdict: { state: 'unlicensed' } };
  let s: AgentState = { ...base, record: cached.record, payload: cached.kind === 'valid' ? cached.payload : undefined, highestLocalTime: cached.record.highestTrustedTime };
  if (cached.kind === 'credentials_only') {
    // Edited, foreign or unverifiable: ignored, and only the network can unlock.
    return { ...s, verdict: { state: 'locked', reason: 'license_unverified' }, nextCheckAt: now };
  }
  if (clockSetBack(now, s.highestLocalTime, cached.payload.issuedAt)) {
    return { ...s, verdict: { state: 'locked', reason: 'clock_tampered' }, nextCheckAt: now };
  }
  const verdict = offlineVerdict(cached.payload, now, false);
  s = { ...s, highestLocalTime: Math.max(s.highestLocalTime, now), verdict, nextCheckAt: verdict.state === 'active' ? cached.payload.nextCheckAt : now };
  if (verdict.state === 'locked') return s;
  // A session id from the previous run: heartbeat it first, so a restart takes no second seat.
  const sessionId = e.sessionsEnabled ? cached.record.sessionId : null;
  return { ...s, sessionId, sessionFromLastRun: sessionId !== null, session: sessionId ? 'live' : 'none' };
}

function time(s: AgentState, now: number, effects: Effect[]): AgentState {
  if (!s.payload || !s.record) return s;
  if (clockSetBack(now, s.highestLocalTime, s.payload.issuedAt)) {
    const already = s.verdict.state === 'locked' && s.verdict.reason === 'clock_tampered';
    return { ...s, verdict: { state: 'locked', reason: 'clock_tampered' }, nextCheckAt: already ? s.nextCheckAt : now };
  }
  const highestLocalTime = Math.max(s.highestLocalTime, now);
  effects.push({ type: 'note_time', at: highestLocalTime });
  const next = { ...s, highestLocalTime };
  if (allowsSelling(next.verdict) && trialEnded(next.payload!, now)) {
    return { ...next, verdict: { state: 'locked', reason: 'trial_ended' }, nextCheckAt: now };
  }
  if (allowsSelling(next.verdict) && now >= next.payload!.offlineGraceUntil) {
    return { ...next, verdict: { state: 'locked', reason: 'offline_expired' }, nextCheckAt: now };
  }
  return next;
}

function answer(s0: AgentState, e: Extract<MachineEvent, { type: 'answer' }>, effects: Effect[]): AgentState {
  const { now, data, operation } = e;
  let s = isSession(operation) ? { ...s0, sessionUnanswered: false } : s0;
  const keepsHeld = !e.adopted && data.license === undefined && data.licenseUnchanged === true && s.payload !== undefined && s.record !== undefined;
  if (keepsHeld) {
    s = keepHeld(s, now);
    const code = s.problem?.code;
    if (code === 'OFFLINE' || code === 'LICENSE_UNVERIFIED' || code === 'WORKER_ERROR') s = { ...s, problem: null };
  } else if (!e.adopted) {
    s = unreachable({ ...s, problem: { code: 'LICENSE_UNVERIFIED', message: 'The license service answered with a license this app cannot verify' } }, now);
  } else {
    s = adopt(s, e.adopted, now);
    const code = s.problem?.code;
    if (code === 'OFFLINE' || code === 'LICENSE_UNVERIFIED' || code === 'WORKER_ERROR') s = { ...s, problem: null };
  }
  // What the answer says about the session is obeyed even when its license does not verify.
  switch (operation) {
    case 'activate':
      return s;
    case 'validate':
      return obeySessionState(s, data, now, effects);
    case 'start':
    case 'takeover':
      return adoptSession(s, data, now, effects);
    case 'heartbeat':
      return { ...s, sessionFromLastRun: false, heartbeatMs: data.session ? data.session.heartbeatIntervalSeconds * 1000 : s.heartbeatMs };
  }
}

/**
 * The worker's word on this machine's session, in a validate answer: a session taken over
 * elsewhere locks now, even when our own session calls never get an answer (a proxy dropping
 * them). A session from the previous run that was taken over is simply replaced (the takeover
 * dialog appears if the other machine still holds it); its license carries no allowance.
 */
function obeySessionState(s: AgentState, data: ValidateAnswer, now: number, effects: Effect[]): AgentState {
  if (data.sessionState !== 'taken_over' || s.session !== 'live') return s;
  const thisRun = !s.sessionFromLastRun;
  const next = forgetSession(s, now, effects);
  return thisRun ? { ...next, session: 'taken_over', holder: null } : next;
}

function adoptSession(s: AgentState, data: ValidateAnswer, now: number, effects: Effect[]): AgentState {
  if (!data.session) return s;
  effects.push({ type: 'persist_session', sessionId: data.session.id, now });
  return {
    ...s,
    sessionId: data.session.id,
    sessionFromLastRun: false,
    heartbeatMs: data.session.heartbeatIntervalSeconds * 1000,
    session: 'live',
    holder: null,
    problem: s.problem?.code === 'SESSION_CONFLICT' ? null : s.problem,
  };
}

const isSession = (op: Operation): boolean => op !== 'validate' && op !== 'activate';

function failure(s0: AgentState, e: Extract<MachineEvent, { type: 'failure' }>, effects: Effect[]): AgentState {
  const { failure: f, now, operation } = e;
  let s = isSession(operation) ? { ...s0, sessionUnanswered: f.kind !== 'rejected' } : s0;
  // A rejection is an answer: we are online, whatever it says.
  s = f.kind === 'rejected' ? reachable(s) : unreachable(s, now);
  s = { ...s, problem: problemFrom(f) };
  if (f.kind === 'rejected') s = rejected(s, f, e.adopted, now, effects);
  // Another machine holds the seat, or took ours: fetch the license that says so (no allowance),
  // so a restart with the network cut can't sell on the grace the lost session had earned.
  if ((operation === 'start' || operation === 'takeover') && s.session === 'conflict' && s0.session !== 'conflict') effects.push({ type: 'validate' });
  if (operation === 'heartbeat' && s.session === 'taken_over') effects.push({ type: 'validate' });
  return s;
}

function rejected(s: AgentState, f: Extract<WorkerFailure, { kind: 'rejected' }>, adopted: Adopted | null, now: number, effects: Effect[]): AgentState {
  switch (f.code) {
    case 'INVALID_CREDENTIALS':
      return { ...s, verdict: { state: 'locked', reason: 'credentials_rejected' }, nextCheckAt: now + VERDICT_RECHECK_MS };
    case 'SUBSCRIPTION_INACTIVE':
      // The worker signs a license with the inactive status: caching it keeps a restart locked.
      if (adopted) return adopt(s, adopted, now);
      return { ...s, verdict: inactiveVerdict(f.details.subscriptionStatus), nextCheckAt: now + VERDICT_RECHECK_MS };
    case 'MACHINE_LIMIT':
      return { ...s, verdict: { state: 'locked', reason: 'machine_limit' }, nextCheckAt: now + VERDICT_RECHECK_MS };
    case 'SESSION_CONFLICT':
      return { ...s, session: 'conflict', holder: holderFrom(f.details) };
    case 'SESSION_ENDED': {
      const fromLastRun = s.sessionFromLastRun;
      const next = forgetSession(s, now, effects);
      if (f.details.reason === 'taken_over' && !fromLastRun) return { ...next, session: 'taken_over', holder: holderFrom(f.details) };
      return { ...next, problem: null };
    }
    case 'SESSION_NOT_FOUND':
      return { ...forgetSession(s, now, effects), problem: null };
    default:
      // An answer we have no rule for is not a reason to stop a paying shop.
      return unreachable(s, now);
  }
}

function inactiveVerdict(subscriptionStatus: unknown): LicenseVerdict {
  if (subscriptionStatus === 'cancelled') return { state: 'cancelled' };
  if (subscriptionStatus === 'expired') return { state: 'locked', reason: 'trial_ended' };
  return { state: 'suspended' };
}

export function transition(s: AgentState, e: MachineEvent): Transition {
  const effects: Effect[] = [];
  const state = ((): AgentState => {
    switch (e.type) {
      case 'loaded':
        return loaded(s, e);
      case 'time':
        return time(s, e.now, effects);
      case 'answer':
        return answer(s, e, effects);
      case 'failure':
        return failure(s, e, effects);
      case 'token_missing':
        // Without a token nothing online can happen: the cached license sells on within its grace.
        return { ...unreachable(s, e.now), problem: TOKEN_NEEDED };
      case 'credentials_saved':
        return { ...s, record: e.record };
      case 'activated':
        return { ...s, problem: null, ...(s.session === 'taken_over' || e.emailChanged ? { session: 'none' as const, sessionId: null } : {}) };
      case 'problem':
        return { ...s, problem: e.problem };
      case 'machine_freed':
        return s.problem?.code === 'MACHINE_LIMIT' ? { ...s, problem: null } : s;
      case 'session_closed':
        effects.push({ type: 'persist_session', sessionId: null, now: e.now });
        return { ...s, sessionId: null, session: 'none' };
    }
  })();
  return { state, effects };
}
