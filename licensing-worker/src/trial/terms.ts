// The trial's terms: its length (the TRIAL_SECONDS var, 14 days by default; development may set
// minutes or seconds) and whether trials are offered (the operator's `trials` feature flag, when
// one exists: a disabled flag switches trials off; without a flag row they are on).
import type { Database } from '../db/database';
import type { Env } from '../env';
import { ApiError } from '../http/errors';
import { loadFlags } from '../admin/flags';
import type { TrialTerms } from '../protocol/trial';

export const DEFAULT_TRIAL_SECONDS = 14 * 86_400;
const MAX_TRIAL_SECONDS = 366 * 86_400;
const TRIALS_FLAG = 'trials';

export function trialSecondsOf(env: Pick<Env, 'TRIAL_SECONDS'>): number {
  const raw = env.TRIAL_SECONDS?.trim();
  if (!raw) return DEFAULT_TRIAL_SECONDS;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TRIAL_SECONDS) {
    throw new ApiError('SERVICE_UNAVAILABLE', 'The free trial is misconfigured on this server (TRIAL_SECONDS).');
  }
  return seconds;
}

export async function trialsOffered(db: Database, now: number): Promise<boolean> {
  const flag = (await loadFlags(db, now)).get(TRIALS_FLAG);
  return !flag || flag.enabled === 1;
}

export async function trialTermsOf(env: Pick<Env, 'TRIAL_SECONDS'>, db: Database, now: number): Promise<TrialTerms> {
  const seconds = trialSecondsOf(env);
  return { available: await trialsOffered(db, now), seconds, days: Math.ceil(seconds / 86_400) };
}
