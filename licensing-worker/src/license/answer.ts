// The unified validation answer: subscription, machine, caching and the signed license.
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../http/errors';
import { licenseHash, type LicensePayload, type LicenseStatus } from '../protocol/license';
import type { ValidateSuccess } from '../protocol/licensing';
import { OFFLINE_GRACE_MS, chooseCaching } from './caching';
import type { CustomerRow } from './customers';
import type { MatchedBy } from './machines';
import { heldStillStands, materialOf, rememberIssued } from './issued';
import { currentRevocationList } from '../offline-files/store';
import { carriedGraceUntil, NO_SESSION, sessionInfo, type MachineSession } from './sessions';
import { signLicense } from './signing';

export interface LicenseSubject {
  id: string;
  status: LicenseStatus;
  plan: string;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  maxMachines: number;
  maxConcurrent: number;
  activatedAt: number | null;
}

export const subjectOf = (c: CustomerRow): LicenseSubject => ({
  id: c.id,
  status: c.subscription_status,
  plan: c.plan,
  currentPeriodEnd: c.current_period_end,
  cancelAtPeriodEnd: c.cancel_at_period_end === 1,
  maxMachines: c.max_machines,
  maxConcurrent: c.max_concurrent,
  activatedAt: c.activated_at,
});

export interface AnswerMachine {
  id: string;
  matchedBy: MatchedBy;
  fingerprint: string;
  previousSeenAt: number | null;
  /** The machine's session before this request (validate, instant); absent: none. */
  session?: MachineSession;
}

export interface AnswerExtras {
  /** A session answer (start, heartbeat, takeover): it earns the grace and names the session. */
  sessionId?: string;
  /** When the session call was recorded (its last_heartbeat_at): the grace counts from it. */
  sessionCallAt?: number;
  token?: string;
  /** The hash of the license the agent holds (`heldLicense`): unchanged, nothing is signed. */
  heldLicense?: string | undefined;
}

/**
 * The one place offlineGraceUntil is decided: a session answer earns 10 days from now and names
 * its session; any other answer only carries what the machine's last session call earned.
 */
function graceOf(now: number, machine: AnswerMachine, extras: AnswerExtras): Pick<LicensePayload, 'offlineGraceUntil' | 'sessionId'> {
  const { sessionId, sessionCallAt = now } = extras;
  if (sessionId) return { offlineGraceUntil: Math.min(now, sessionCallAt) + OFFLINE_GRACE_MS, sessionId };
  return { offlineGraceUntil: carriedGraceUntil(machine.session ?? NO_SESSION, now) };
}

/**
 * The status a license says now: a trial past its end (current_period_end) is `expired`, which
 * locks like any inactive status; the customer row keeps 'trial' until a payment converts it.
 */
function statusAt(subject: Pick<LicenseSubject, 'status' | 'currentPeriodEnd'>, now: number): LicenseStatus {
  if (subject.status === 'trial' && (subject.currentPeriodEnd === null || now >= subject.currentPeriodEnd)) return 'expired';
  return subject.status;
}

/** A trial's offline grace never runs past the trial's end. */
function cappedByTrial(grace: Pick<LicensePayload, 'offlineGraceUntil' | 'sessionId'>, subject: LicenseSubject, status: LicenseStatus, now: number) {
  if (status !== 'trial' && status !== 'expired') return grace;
  return { ...grace, offlineGraceUntil: Math.max(now, Math.min(grace.offlineGraceUntil, subject.currentPeriodEnd ?? now)) };
}

async function signedFor(c: Context<AppEnv>, subject: LicenseSubject, machine: AnswerMachine, extras: AnswerExtras = {}) {
  const now = c.get('now')();
  const status = statusAt(subject, now);
  const caching = chooseCaching({ now, status, activatedAt: subject.activatedAt ?? now, previousCheckAt: machine.previousSeenAt });
  const payload: LicensePayload = {
    v: 1,
    customerId: subject.id,
    status,
    plan: subject.plan,
    machineId: machine.id,
    machineFingerprint: machine.fingerprint,
    issuedAt: now,
    nextCheckAt: caching.nextCheckAt,
    currentPeriodEnd: subject.currentPeriodEnd,
    maxMachines: subject.maxMachines,
    maxConcurrent: subject.maxConcurrent,
    ...cappedByTrial(graceOf(now, machine, extras), subject, status, now),
  };
  const material = materialOf(payload, caching.strategy);
  if (heldStillStands(extras.heldLicense, material, payload)) return { now, caching, license: undefined };
  const license = JSON.stringify(await signLicense(c.env, payload));
  rememberIssued(await licenseHash(license), material, payload);
  return { now, caching, license };
}

/**
 * A suspended or cancelled subscription is 403 SUBSCRIPTION_INACTIVE; the error still carries a
 * signed license with that status, so the app can lock at once and remember why.
 */
const INACTIVE_MESSAGES: Partial<Record<LicenseStatus, string>> = {
  suspended: 'The last payment failed, so the subscription is suspended.',
  expired: 'The free trial has ended. Subscribe to keep selling; your shop data stays as it is.',
};

/** A running trial is accepted wherever an active subscription is (validate, sessions). */
export async function assertActive(c: Context<AppEnv>, subject: LicenseSubject, machine: AnswerMachine): Promise<void> {
  const status = statusAt(subject, c.get('now')());
  if (status === 'active' || status === 'trial') return;
  // Never a session answer: an inactive subscription earns no grace.
  const { license, caching } = await signedFor(c, subject, machine);
  throw new ApiError('SUBSCRIPTION_INACTIVE', INACTIVE_MESSAGES[status] ?? 'The subscription is cancelled.', {
    subscriptionStatus: status,
    caching,
    license,
  });
}

export async function licenseAnswer(c: Context<AppEnv>, subject: LicenseSubject, machine: AnswerMachine, extras: AnswerExtras = {}): Promise<ValidateSuccess> {
  const { now, caching, license } = await signedFor(c, subject, machine, extras);
  const status = statusAt(subject, now);
  const answer: ValidateSuccess = {
    success: true,
    requestId: c.get('requestId'),
    serverTime: now,
    validation: { valid: true, status },
    subscription: {
      status,
      currentPeriodEnd: subject.currentPeriodEnd,
      cancelAtPeriodEnd: subject.cancelAtPeriodEnd,
      plan: subject.plan,
    },
    machine: { id: machine.id, matchedBy: machine.matchedBy },
    sessionState: extras.sessionId ? 'live' : (machine.session ?? NO_SESSION).state,
    caching,
    ...(license === undefined ? { licenseUnchanged: true as const } : { license }),
  };
  // Offline license files revoked so far (signed, as stored): any online contact carries them.
  const revocations = await currentRevocationList(c.get('db'));
  if (revocations) answer.offlineRevocations = revocations;
  if (extras.sessionId) answer.session = sessionInfo(extras.sessionId);
  if (extras.token) answer.token = extras.token;
  return answer;
}
