/**
 * The trial's rules on the app's side (issue 13 §1), pure: a trial license sells like an active
 * one until its signed end, then locks as `trial_ended` (reports stay open: only selling is
 * gated); the chip's days and the 3-day warning come from the signed end.
 */
import type { LicensePayload } from 'licensing-worker/protocol';
import { describe, expect, it } from 'vitest';
import type { CacheRecord } from './cache';
import type { WorkerFailure } from './client';
import { initialState, mayHoldSession, transition, type AgentState } from './machine';
import { DAY_MS, offlineVerdict, trialDaysLeft, trialWarning } from './rules';
import { buildStatus } from './status';

const NOW = Date.UTC(2026, 5, 1, 12);
const END = NOW + 14 * DAY_MS;

const trialLicense = (over: Partial<LicensePayload> = {}): LicensePayload => ({
  v: 1, customerId: 'c1', status: 'trial', plan: 'monthly', machineId: 'm1', machineFingerprint: 'f'.repeat(64),
  issuedAt: NOW, nextCheckAt: NOW + DAY_MS, offlineGraceUntil: NOW + 10 * DAY_MS, currentPeriodEnd: END,
  maxMachines: 1, maxConcurrent: 1, ...over,
});

const record: CacheRecord = {
  email: 'trial@example.test', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD', licenseFile: '{}', highestTrustedTime: NOW,
  lastCheckAt: NOW, sessionId: null, subscription: { status: 'trial' }, machineId: 'm1',
};

const holding = (payload: LicensePayload): AgentState => ({ ...initialState, record, payload, verdict: offlineVerdict(payload, NOW, false), session: 'live', sessionId: 's1' });

const statusOf = (s: AgentState, now: number) =>
  buildStatus({ now, verdict: s.verdict, session: s.session, record: s.record, payload: s.payload, identity: undefined, nextCheckAt: s.nextCheckAt, holder: null, problem: s.problem });

describe('a trial license', () => {
  it('sells until its signed end and is session-bound like a subscription', () => {
    const s = holding(trialLicense());
    expect(statusOf(s, NOW)).toMatchObject({ state: 'active', canSell: true, trialEndsAt: END, trialDaysLeft: 14, trialWarning: false });
    expect(mayHoldSession(s)).toBe(true);
  });

  it('locks as trial_ended once the clock passes its end, even with grace left', () => {
    const license = trialLicense({ offlineGraceUntil: END + DAY_MS });
    const { state } = transition(holding(license), { type: 'time', now: END });
    expect(statusOf(state, END)).toMatchObject({ state: 'locked', reason: 'trial_ended', canSell: false, trialWarning: false });
    expect(offlineVerdict(license, END - 1, false)).toEqual({ state: 'active' });
  });

  it('locks as trial_ended when the worker signs it expired, or answers expired without a license', () => {
    expect(offlineVerdict(trialLicense({ status: 'expired' }), NOW, false)).toEqual({ state: 'locked', reason: 'trial_ended' });
    const failure: WorkerFailure = { kind: 'rejected', status: 403, code: 'SUBSCRIPTION_INACTIVE', message: 'ended', details: { subscriptionStatus: 'expired' } };
    const { state } = transition(holding(trialLicense()), { type: 'failure', operation: 'validate', failure, adopted: null, now: NOW });
    expect(statusOf(state, NOW)).toMatchObject({ state: 'locked', reason: 'trial_ended' });
  });

  it('warns from 3 days before the end; whole days left, never more than the trial has', () => {
    expect(trialWarning(END, END - 3 * DAY_MS - 1)).toBe(false);
    expect(trialWarning(END, END - 3 * DAY_MS)).toBe(true);
    expect(trialDaysLeft(END, NOW)).toBe(14);
    expect(trialDaysLeft(END, NOW - 60_000)).toBe(14); // a local clock a minute behind the worker
    expect(trialDaysLeft(END, END - 60_000)).toBe(1);
    expect(trialDaysLeft(END, END)).toBe(0);
    expect(statusOf(holding(trialLicense()), END - 2 * DAY_MS)).toMatchObject({ trialWarning: true, trialDaysLeft: 2 });
  });

  it('an active subscription carries no trial fields', () => {
    expect(statusOf(holding(trialLicense({ status: 'active', currentPeriodEnd: END })), NOW)).toMatchObject({ trialEndsAt: null, trialDaysLeft: null, trialWarning: false });
  });
});
