// POST /trial/start: a free trial for this computer, with no card. Every check runs before
// anything is written: the operator's flag, the per-machine trial record (fingerprint, then the
// component-majority rule) and the email. Then ONE batch creates the customer (status 'trial',
// current_period_end = the trial's end, one machine), registers the machine and records the
// trial; the UNIQUE fingerprint makes two racing starts on one computer end with one trial.
// The answer is an instant activation's: the machine-bound unlock token and a signed license.
import type { Context } from 'hono';
import { auditStatement } from '../audit';
import { sendEmail } from '../email';
import type { AppEnv } from '../env';
import { ApiError } from '../http/errors';
import { enforceRateLimit } from '../http/rate-limit';
import { uuidv7 } from '../ids';
import { licenseAnswer, type AnswerMachine, type LicenseSubject } from '../license/answer';
import type { Device } from '../protocol/licensing';
import type { TrialStartResponse } from '../protocol/trial';
import type { EmailLanguage } from '../protocol/billing';
import { errorText, logEvent } from '../log';
import { generateUnlockToken, hashToken, normalizeEmail } from '../tokens';
import { findTrialOfMachine, recordTrialStatements } from './machine-record';
import { trialSecondsOf, trialsOffered } from './terms';

/** A trial runs on one computer (machine-bound); a conversion lifts it to the plan's limit. */
const TRIAL_MAX_MACHINES = 1;

interface TrialStartInput {
  email: string;
  language: EmailLanguage;
  device: Device;
  claimHash: string;
}

/** The same answer whether the computer or the email had a trial (or a subscription) before. */
const trialUsed = () =>
  new ApiError('TRIAL_USED', 'A free trial was already used on this computer or with this email. Subscribe to keep using POSPal.');

const isUniqueViolation = (e: unknown): boolean => /UNIQUE constraint failed/i.test(errorText(e));

export async function startTrial(c: Context<AppEnv>, input: TrialStartInput): Promise<TrialStartResponse> {
  const db = c.get('db');
  const now = c.get('now')();
  const requestId = c.get('requestId');
  const email = normalizeEmail(input.email);
  await enforceRateLimit(c, 'trial:email', email);
  if (!(await trialsOffered(db, now))) throw new ApiError('TRIAL_UNAVAILABLE', 'Free trials are not offered right now. You can subscribe instead.');
  const endsAt = now + trialSecondsOf(c.env) * 1000;
  const { device } = input;
  const [usedHere, customer] = await Promise.all([
    findTrialOfMachine(db, device),
    db.first<{ id: string }>('SELECT id FROM customers WHERE email = ?', email),
  ]);
  if (usedHere || customer) throw trialUsed();

  const token = generateUnlockToken();
  const customerId = uuidv7(now);
  const machineId = uuidv7(now);
  const trialId = uuidv7(now);
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO customers (id, email, name, token_hash, token_issued_at, subscription_status, current_period_end, max_machines,
             language, activated_at, last_validated_at, created_at, updated_at)
           VALUES (?1, ?2, '', ?3, ?4, 'trial', ?5, ?6, ?7, ?4, ?4, ?4, ?4)`,
        )
        .bind(customerId, email, await hashToken(token), now, endsAt, TRIAL_MAX_MACHINES, input.language),
      db
        .prepare(
          `INSERT INTO machines (id, customer_id, fingerprint, components, name, platform, app_version, created_at, last_seen_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
        )
        .bind(machineId, customerId, device.machineFingerprint, JSON.stringify(device.components), device.name, device.platform, device.appVersion, now),
      ...recordTrialStatements(db, { id: trialId, customerId, email, claimHash: input.claimHash, startedAt: now, endsAt, requestId }, device),
      auditStatement(db, { at: now, requestId, customerId, action: 'trial_started', details: { machineId, trialId, endsAt, name: device.name, platform: device.platform } }),
    ]);
  } catch (e) {
    // Another start for this computer or email won the race.
    if (isUniqueViolation(e)) throw trialUsed();
    throw e;
  }

  try {
    await sendEmail({ env: c.env, requestId, now: c.get('now') }, { to: email, template: 'trial_welcome', data: { email, token, endsAt }, customerId, language: input.language });
  } catch (e) {
    logEvent('error', 'email_failed', { requestId, template: 'trial_welcome', error: errorText(e) });
  }

  const subject: LicenseSubject = {
    id: customerId, status: 'trial', plan: 'monthly', currentPeriodEnd: endsAt, cancelAtPeriodEnd: false,
    maxMachines: TRIAL_MAX_MACHINES, maxConcurrent: 1, activatedAt: now,
  };
  const machine: AnswerMachine = { id: machineId, matchedBy: 'new', fingerprint: device.machineFingerprint, previousSeenAt: null };
  const answer = await licenseAnswer(c, subject, machine, { token });
  return { ...answer, token, trial: { endsAt } };
}
