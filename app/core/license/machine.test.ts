/**
 * The transition table of the license agent's state machine: each row is (state, event) →
 * the UI state it leads to (via buildStatus, as the UI sees it) and the effects asked for.
 * Pure: no cache, no network, no timers. The behaviour end to end is in agent*.test.ts.
 */
import type { LicensePayload } from 'licensing-worker/protocol';
import { describe, expect, it } from 'vitest';
import type { CacheRecord } from './cache';
import type { ValidateAnswer, WorkerFailure } from './client';
import { initialState, mayRunSession, transition, VERDICT_RECHECK_MS, type AgentState, type Effect, type MachineEvent } from './machine';
import { DAY_MS } from './rules';
import { buildStatus } from './status';

const NOW = Date.UTC(2026, 5, 1, 12);

const payload = (over: Partial<LicensePayload> = {}): LicensePayload => ({
  v: 1, customerId: 'c1', status: 'active', plan: 'monthly', machineId: 'm1', machineFingerprint: 'f'.repeat(64),
  issuedAt: NOW, nextCheckAt: NOW + DAY_MS, offlineGraceUntil: NOW + 10 * DAY_MS, currentPeriodEnd: null,
  maxMachines: 3, maxConcurrent: 1, ...over,
});

const record = (over: Partial<CacheRecord> = {}): CacheRecord => ({
  email: 'shop@example.test', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', licenseFile: '{}', highestTrustedTime: NOW,
  lastCheckAt: NOW, sessionId: null, subscription: { status: 'active' }, machineId: 'm1', ...over,
});

const answer = (over: Partial<ValidateAnswer> = {}): ValidateAnswer => ({
  success: true, requestId: 'r', serverTime: NOW, validation: { valid: true, status: 'active' },
  subscription: { status: 'active', currentPeriodEnd: null, cancelAtPeriodEnd: false, plan: 'monthly' },
  machine: { id: 'm1', matchedBy: 'fingerprint' }, caching: { strategy: 'periodic', ttlSeconds: 86_400, nextCheckAt: NOW + DAY_MS },
  license: '{}', ...over,
} as ValidateAnswer);

const rejected = (code: string, details: Record<string, unknown> = {}): WorkerFailure => ({ kind: 'rejected', status: 409, code, message: code, details });
const unreachable: WorkerFailure = { kind: 'unreachable', message: 'offline' };
const holder = { machineName: 'Till 2', platform: 'win32', lastHeartbeatAt: NOW - 1000 };

/** States by the name the UI would show. */
const S: Record<string, AgentState> = {
  unlicensed: initialState,
  active: { ...initialState, record: record(), payload: payload(), verdict: { state: 'active' }, nextCheckAt: NOW + DAY_MS, highestLocalTime: NOW },
};
S.live = { ...S.active!, session: 'live', sessionId: 's1' };
S.liveFromLastRun = { ...S.live!, sessionFromLastRun: true };
S.grace = { ...S.live!, verdict: { state: 'offline_grace' }, failures: 2, problem: { code: 'OFFLINE', message: 'offline' } };
S.conflict = { ...S.active!, session: 'conflict', holder: { name: 'Till 2', platform: 'win32', lastHeartbeatAt: NOW } as never };
S.noToken = { ...S.active!, record: record({ token: null }) };

const ui = (s: AgentState, now = NOW) => {
  const st = buildStatus({ now, verdict: s.verdict, session: s.session, sessionUnanswered: s.sessionUnanswered, record: s.record, payload: s.payload, identity: undefined, nextCheckAt: s.nextCheckAt, holder: s.holder, problem: s.problem });
  return { state: st.state, reason: st.reason, canSell: st.canSell, problem: st.problem?.code ?? null };
};

const adopted = (p = payload()) => ({ payload: p, record: record() });

interface Row {
  name: string;
  from: string;
  event: MachineEvent;
  to: { state: string; reason?: string | null; canSell: boolean; problem?: string | null };
  effects?: Effect['type'][];
  then?: (s: AgentState) => void;
}

const table: Row[] = [
  // start: the cache alone decides
  { name: 'no cache', from: 'unlicensed', event: { type: 'loaded', cached: { kind: 'none' }, now: NOW, sessionsEnabled: true }, to: { state: 'unlicensed', canSell: false } },
  { name: 'verified cache', from: 'unlicensed', event: { type: 'loaded', cached: { kind: 'valid', record: record(), payload: payload() }, now: NOW, sessionsEnabled: true }, to: { state: 'active', canSell: true } },
  {
    name: 'edited cache', from: 'unlicensed', event: { type: 'loaded', cached: { kind: 'credentials_only', record: record(), problem: 'BAD_SIGNATURE' } as never, now: NOW, sessionsEnabled: true },
    to: { state: 'locked', reason: 'license_unverified', canSell: false }, then: (s) => expect(s.nextCheckAt).toBe(NOW),
  },
  {
    name: 'cache with the previous run\'s session resumes it (heartbeat first)', from: 'unlicensed',
    event: { type: 'loaded', cached: { kind: 'valid', record: record({ sessionId: 's0' }), payload: payload() }, now: NOW, sessionsEnabled: true },
    to: { state: 'active', canSell: true }, then: (s) => expect(s).toMatchObject({ session: 'live', sessionId: 's0', sessionFromLastRun: true }),
  },
  {
    name: 'clock set back behind the cached floor', from: 'unlicensed',
    event: { type: 'loaded', cached: { kind: 'valid', record: record({ highestTrustedTime: NOW + DAY_MS }), payload: payload() }, now: NOW, sessionsEnabled: true },
    to: { state: 'locked', reason: 'clock_tampered', canSell: false },
  },
  // time, no network
  { name: 'time passes', from: 'live', event: { type: 'time', now: NOW + 1000 }, to: { state: 'active', canSell: true }, effects: ['note_time'] },
  { name: 'allowance spent', from: 'grace', event: { type: 'time', now: NOW + 10 * DAY_MS }, to: { state: 'locked', reason: 'offline_expired', canSell: false }, effects: ['note_time'] },
  { name: 'clock set back while running', from: 'live', event: { type: 'time', now: NOW - DAY_MS }, to: { state: 'locked', reason: 'clock_tampered', canSell: false } },
  // answers
  {
    name: 'session start answered', from: 'active',
    event: { type: 'answer', operation: 'start', data: answer({ session: { id: 's2', heartbeatIntervalSeconds: 30, timeoutSeconds: 120 } }), adopted: adopted(), now: NOW },
    to: { state: 'active', canSell: true }, effects: ['persist_session'], then: (s) => expect(s).toMatchObject({ session: 'live', sessionId: 's2', heartbeatMs: 30_000 }),
  },
  { name: 'heartbeat answered back online', from: 'grace', event: { type: 'answer', operation: 'heartbeat', data: answer(), adopted: adopted(), now: NOW }, to: { state: 'active', canSell: true, problem: null }, then: (s) => expect(s.failures).toBe(0) },
  {
    name: 'validate says the session was taken over (this run)', from: 'live',
    event: { type: 'answer', operation: 'validate', data: answer({ sessionState: 'taken_over' }), adopted: adopted(), now: NOW },
    to: { state: 'locked', reason: 'taken_over', canSell: false }, effects: ['persist_session'],
  },
  {
    name: 'validate says the previous run\'s session was taken over: replaced, not locked', from: 'liveFromLastRun',
    event: { type: 'answer', operation: 'validate', data: answer({ sessionState: 'taken_over' }), adopted: adopted(), now: NOW },
    to: { state: 'active', canSell: true }, effects: ['persist_session'], then: (s) => expect(s.session).toBe('none'),
  },
  {
    name: 'an answer whose license does not verify here', from: 'live',
    event: { type: 'answer', operation: 'validate', data: answer(), adopted: null, now: NOW },
    to: { state: 'offline_grace', canSell: true, problem: 'LICENSE_UNVERIFIED' },
  },
  {
    name: 'a validate answer signed with no allowance', from: 'active',
    event: { type: 'answer', operation: 'validate', data: answer(), adopted: adopted(payload({ offlineGraceUntil: NOW })), now: NOW },
    to: { state: 'locked', reason: 'offline_expired', canSell: false }, then: (s) => expect(mayRunSession(s, true)).toBe(true),
  },
  // failures
  {
    name: 'network down: the allowance covers it', from: 'live', event: { type: 'failure', operation: 'heartbeat', failure: unreachable, adopted: null, now: NOW },
    to: { state: 'offline_grace', canSell: true, problem: 'OFFLINE' }, then: (s) => expect(s).toMatchObject({ failures: 1, nextCheckAt: NOW + 60_000, sessionUnanswered: true }),
  },
  {
    name: 'token rejected', from: 'live', event: { type: 'failure', operation: 'validate', failure: rejected('INVALID_CREDENTIALS'), adopted: null, now: NOW },
    to: { state: 'locked', reason: 'credentials_rejected', canSell: false, problem: 'INVALID_CREDENTIALS' }, then: (s) => expect(s.nextCheckAt).toBe(NOW + VERDICT_RECHECK_MS),
  },
  {
    name: 'payment failed (no signed license with it)', from: 'live',
    event: { type: 'failure', operation: 'validate', failure: rejected('SUBSCRIPTION_INACTIVE', { subscriptionStatus: 'suspended' }), adopted: null, now: NOW },
    to: { state: 'suspended', canSell: false, problem: 'SUBSCRIPTION_INACTIVE' },
  },
  {
    name: 'cancelled, with the signed cancelled license', from: 'live',
    event: { type: 'failure', operation: 'validate', failure: rejected('SUBSCRIPTION_INACTIVE', { subscriptionStatus: 'cancelled' }), adopted: adopted(payload({ status: 'cancelled' })), now: NOW },
    to: { state: 'cancelled', canSell: false, problem: 'SUBSCRIPTION_INACTIVE' },
  },
  { name: 'no free seat', from: 'active', event: { type: 'failure', operation: 'validate', failure: rejected('MACHINE_LIMIT'), adopted: null, now: NOW }, to: { state: 'locked', reason: 'machine_limit', canSell: false, problem: 'MACHINE_LIMIT' } },
  {
    name: 'another machine holds the seat: conflict, then fetch the license that says so', from: 'active',
    event: { type: 'failure', operation: 'start', failure: rejected('SESSION_CONFLICT', { holder }), adopted: null, now: NOW },
    to: { state: 'session_conflict', canSell: false, problem: 'SESSION_CONFLICT' }, effects: ['validate'],
  },
  { name: 'still in conflict: no second fetch', from: 'conflict', event: { type: 'failure', operation: 'start', failure: rejected('SESSION_CONFLICT', { holder }), adopted: null, now: NOW }, to: { state: 'session_conflict', canSell: false, problem: 'SESSION_CONFLICT' }, effects: [] },
  {
    name: 'heartbeat: taken over elsewhere, then fetch the license that voids the allowance', from: 'live',
    event: { type: 'failure', operation: 'heartbeat', failure: rejected('SESSION_ENDED', { reason: 'taken_over', holder }), adopted: null, now: NOW },
    to: { state: 'locked', reason: 'taken_over', canSell: false, problem: 'WORKER_ERROR' }, effects: ['persist_session', 'validate'],
  },
  {
    name: 'the previous run\'s session ended: start a new one quietly', from: 'liveFromLastRun',
    event: { type: 'failure', operation: 'heartbeat', failure: rejected('SESSION_ENDED', { reason: 'taken_over' }), adopted: null, now: NOW },
    to: { state: 'active', canSell: true, problem: null }, effects: ['persist_session'], then: (s) => expect(mayRunSession(s, true) && s.session === 'none').toBe(true),
  },
  { name: 'session unknown to the worker', from: 'live', event: { type: 'failure', operation: 'heartbeat', failure: rejected('SESSION_NOT_FOUND'), adopted: null, now: NOW }, to: { state: 'active', canSell: true, problem: null }, effects: ['persist_session'] },
  { name: 'a code with no rule never stops a paying shop', from: 'live', event: { type: 'failure', operation: 'validate', failure: rejected('SOMETHING_NEW'), adopted: null, now: NOW }, to: { state: 'offline_grace', canSell: true, problem: 'WORKER_ERROR' } },
  // the token, user actions, the future "unchanged" answer
  { name: 'no token in the secret store: sells on the grace, asks for the token', from: 'noToken', event: { type: 'token_missing', now: NOW }, to: { state: 'offline_grace', canSell: true, problem: 'TOKEN_NEEDED' } },
  { name: 'activation clears the problem and a taken-over session', from: 'active', event: { type: 'activated', emailChanged: true }, to: { state: 'active', canSell: true, problem: null } },
  { name: 'a machine freed from the MACHINE_LIMIT list', from: 'active', event: { type: 'machine_freed' }, to: { state: 'active', canSell: true, problem: null } },
  { name: 'quit ends the session', from: 'live', event: { type: 'session_closed', now: NOW }, to: { state: 'active', canSell: true }, effects: ['persist_session'], then: (s) => expect(s.sessionId).toBeNull() },
  {
    name: 'license unchanged (issue 12): the held license stands, back online, nothing extended', from: 'grace',
    event: { type: 'answer', operation: 'heartbeat', data: answer({ license: undefined, licenseUnchanged: true }), adopted: null, now: NOW + 1000 },
    to: { state: 'active', canSell: true, problem: null },
    then: (s) => expect(s).toMatchObject({ failures: 0, payload: S.grace!.payload, highestLocalTime: S.grace!.highestLocalTime, nextCheckAt: NOW + 1000 + DAY_MS }),
  },
  {
    name: '"unchanged" with no license held here is not a license', from: 'unlicensed',
    event: { type: 'answer', operation: 'validate', data: answer({ license: undefined, licenseUnchanged: true }), adopted: null, now: NOW },
    to: { state: 'unlicensed', canSell: false, problem: 'LICENSE_UNVERIFIED' },
  },
];

describe('license agent transition table', () => {
  it.each(table)('$from + $event.type: $name', (row) => {
    const from = S[row.from]!;
    const { state, effects } = transition(from, row.event);
    const got = ui(state);
    expect({ state: got.state, reason: got.reason, canSell: got.canSell }).toEqual({ state: row.to.state, reason: row.to.reason ?? null, canSell: row.to.canSell });
    if ('problem' in row.to) expect(got.problem).toBe(row.to.problem);
    if (row.effects) expect(effects.map((e) => e.type)).toEqual(row.effects);
    row.then?.(state);
  });

  it('never changes the state it was given (immutability)', () => {
    const before = JSON.stringify(S.live);
    for (const row of table) transition(S[row.from]!, row.event);
    expect(JSON.stringify(S.live)).toBe(before);
  });
});
