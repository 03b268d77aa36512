/**
 * The license rules as pure functions of (license, time): what the shop may do right now.
 * The agent feeds them facts (the verified license, failures, session verdicts); no I/O here.
 */
import type { LicensePayload } from 'licensing-worker/protocol';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The offline grace a session call earns (the worker signs it as offlineGraceUntil). */
export const OFFLINE_GRACE_MS = 10 * DAY_MS;
/** Warnings start on day 7 of the 10 offline days. */
export const OFFLINE_WARNING_AFTER_MS = 7 * DAY_MS;
/** NTP steps and DST bugs move clocks back a little; that is not tampering. */
export const LOCAL_CLOCK_TOLERANCE_MS = 5 * 60 * 1000;
/** The signed server time is compared with room for a badly set (but stable) local clock. */
export const SERVER_CLOCK_SKEW_ALLOWANCE_MS = DAY_MS;

export type LicenseStateName =
  | 'unlicensed'
  | 'active'
  | 'offline_grace'
  | 'suspended'
  | 'cancelled'
  | 'session_conflict'
  | 'locked';

export type LockReason =
  /** The clock went back behind the last trusted time; an online check clears it. */
  | 'clock_tampered'
  /** Another device took the session over; `takeOver()` takes it back. */
  | 'taken_over'
  /**
   * No offline allowance: no successful SESSION call for its whole length, or never one (a
   * validate earns none), or the worker voided it (session taken over, seat held elsewhere).
   */
  | 'offline_expired'
  /** The worker no longer accepts the saved token (e.g. a new one was issued): enter it again. */
  | 'credentials_rejected'
  /** This machine no longer holds a seat (deactivated elsewhere) and none is free. */
  | 'machine_limit'
  /** We have credentials but no license we can verify yet (edited/unknown-key cache): need the network. */
  | 'license_unverified'
  /** The free trial reached its signed end (or the worker answered it expired): subscribe to sell again. */
  | 'trial_ended'
  /** Offline license file (offline-file/): past its expiry date. */
  | 'file_expired'
  /** Offline license file: on the revocation list a later online answer brought. */
  | 'file_revoked';

export const SELLING_STATES: ReadonlySet<LicenseStateName> = new Set(['active', 'offline_grace']);

/** The license-level verdict, before the single-device session is considered. */
export type LicenseVerdict =
  | { state: 'unlicensed' }
  | { state: 'active' }
  | { state: 'offline_grace' }
  | { state: 'suspended' }
  | { state: 'cancelled' }
  | { state: 'locked'; reason: Exclude<LockReason, 'taken_over'> };

export type SessionVerdict = 'none' | 'live' | 'conflict' | 'taken_over';

export interface CombinedState {
  state: LicenseStateName;
  reason: LockReason | null;
}

export function combine(license: LicenseVerdict, session: SessionVerdict): CombinedState {
  // Without an allowance, what the session says is the useful part: who holds it, and "use here".
  const noAllowance = license.state === 'locked' && license.reason === 'offline_expired';
  if (noAllowance && session === 'taken_over') return { state: 'locked', reason: 'taken_over' };
  if (noAllowance && session === 'conflict') return { state: 'session_conflict', reason: null };
  if (license.state === 'locked') return { state: 'locked', reason: license.reason };
  if (license.state !== 'active' && license.state !== 'offline_grace') return { state: license.state, reason: null };
  if (session === 'taken_over') return { state: 'locked', reason: 'taken_over' };
  if (session === 'conflict') return { state: 'session_conflict', reason: null };
  return { state: license.state, reason: null };
}

/** A clock behind the highest local time seen, or well behind the signed server time. */
export function clockSetBack(now: number, highestLocalTime: number, signedServerTime: number): boolean {
  return now < highestLocalTime - LOCAL_CLOCK_TOLERANCE_MS || now < signedServerTime - SERVER_CLOCK_SKEW_ALLOWANCE_MS;
}

/**
 * What a verified license allows. Only a FAILED attempt turns active into offline_grace; past
 * the signed `offlineGraceUntil` nothing sells, however the worker's validate answers.
 */
export function offlineVerdict(payload: LicensePayload, now: number, lastAttemptFailed: boolean): LicenseVerdict {
  if (payload.status === 'suspended') return { state: 'suspended' };
  if (payload.status === 'cancelled') return { state: 'cancelled' };
  if (trialEnded(payload, now)) return { state: 'locked', reason: 'trial_ended' };
  // A license signed with no allowance (a validate of a till without the session) never sells,
  // whatever the local clock says: a clock set back must not turn "none" into hours.
  if (payload.offlineGraceUntil <= payload.issuedAt || now >= payload.offlineGraceUntil) return { state: 'locked', reason: 'offline_expired' };
  return lastAttemptFailed ? { state: 'offline_grace' } : { state: 'active' };
}

export function daysLeft(offlineGraceUntil: number, now: number): number {
  return Math.max(0, Math.ceil((offlineGraceUntil - now) / DAY_MS));
}

/**
 * From day 7 of the signed allowance (DESIGN.md: warnings from day 7), i.e. the last 3 days
 * before `offlineGraceUntil`: computed from the signed date, not from any successful check (a
 * validate that gets through while the session calls fail earns nothing).
 */
export function graceWarning(offlineGraceUntil: number, now: number): boolean {
  return now >= offlineGraceUntil - (OFFLINE_GRACE_MS - OFFLINE_WARNING_AFTER_MS);
}

/** Trial warnings start this long before the trial's end. */
const TRIAL_WARNING_MS = 3 * DAY_MS;

const isTrial = (payload: LicensePayload): boolean => payload.status === 'trial' || payload.status === 'expired';

/** A trial license past its signed end (currentPeriodEnd), or one the worker signed as expired. */
export function trialEnded(payload: LicensePayload, now: number): boolean {
  if (payload.status === 'expired') return true;
  return payload.status === 'trial' && (payload.currentPeriodEnd === null || now >= payload.currentPeriodEnd);
}

/** When the trial this license belongs to ends (null: not a trial). */
export const trialEndOf = (payload: LicensePayload | undefined): number | null =>
  payload && isTrial(payload) ? payload.currentPeriodEnd ?? payload.issuedAt : null;

/** From 3 days before the trial's end: the chip warns and the banner offers Subscribe. */
export const trialWarning = (trialEndsAt: number, now: number): boolean => now >= trialEndsAt - TRIAL_WARNING_MS;

/**
 * Whole days left of a trial, as "Trial: N days left" says it: a few minutes of clock skew
 * between this computer and the worker do not make a 14-day trial read 15; at least 1 until it ends.
 */
export function trialDaysLeft(trialEndsAt: number, now: number): number {
  if (now >= trialEndsAt) return 0;
  return Math.max(1, Math.ceil((trialEndsAt - now - LOCAL_CLOCK_TOLERANCE_MS) / DAY_MS));
}
