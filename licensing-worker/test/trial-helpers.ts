// Shared by the trial tests: start a trial like the app does, read its signed license.
import { env } from 'cloudflare:test';
import { randomSecret } from '../src/ids';
import { trialStartResponseSchema, verifyLicenseFile, type DeviceInput, type LicensePayload, type TrialStartResponse } from '../src/protocol';
import { sha256Hex } from '../src/tokens';
import { unique } from './helpers';

export const DAY = 86_400_000;

/** What the app keeps: a fresh claim secret per install (deleting the app's data makes a new one). */
export async function claimPair() {
  const secret = randomSecret(32);
  return { secret, hash: await sha256Hex(secret) };
}

export const trialEmail = (tag: string) => `${unique(tag)}@example.test`;

export async function trialBody(email: string, device: DeviceInput, claimHash?: string, language: 'en' | 'el' = 'en') {
  return { email, language, device, claimHash: claimHash ?? (await claimPair()).hash };
}

export async function payloadOf(license: string | undefined): Promise<LicensePayload> {
  const check = await verifyLicenseFile(license ?? '', [{ kid: env.LICENSE_KEY_ID, publicKey: env.TEST_PUBLIC_KEY }]);
  if (!check.ok) throw new Error(`license does not verify: ${check.code}`);
  return check.payload;
}

export async function startedTrial(res: Response): Promise<TrialStartResponse> {
  if (res.status !== 201) throw new Error(`trial start: HTTP ${res.status} ${await res.text()}`);
  return trialStartResponseSchema.parse(await res.json());
}

export async function trialRow(email: string) {
  return env.DB.prepare(
    'SELECT c.id, c.subscription_status, c.current_period_end, c.token_hash, c.max_machines, t.claim_hash FROM customers c LEFT JOIN trials t ON t.customer_id = c.id WHERE c.email = ?',
  )
    .bind(email.toLowerCase())
    .first<{ id: string; subscription_status: string; current_period_end: number; token_hash: string; max_machines: number; claim_hash: string | null }>();
}
