/**
 * Problems the agent reports to the UI: values with codes (never strings to parse), each with
 * what the UI needs to offer the next step (the machines to deactivate, the session holder …).
 */
import { z } from 'zod';
import type { WorkerFailure } from './client';
import { registeredMachineSchema, sessionHolderSchema } from 'licensing-worker/protocol';

export interface SessionHolder {
  name: string;
  platform: string;
  lastHeartbeatAt: number | null;
}

export interface RegisteredMachine {
  id: string;
  name: string;
  platform: string;
  lastSeenAt: number | null;
}

export type AgentProblem =
  | { code: 'INVALID_INPUT'; message: string; fields: string[] }
  | { code: 'NOT_ACTIVATED'; message: string }
  /** The secret store has no unlock token (new keychain, backup restored elsewhere): enter it again. */
  | { code: 'TOKEN_NEEDED'; message: string }
  | { code: 'OFFLINE'; message: string }
  | { code: 'INVALID_CREDENTIALS'; message: string }
  | { code: 'SUBSCRIPTION_INACTIVE'; message: string; subscriptionStatus: string }
  | { code: 'MACHINE_LIMIT'; message: string; machines: RegisteredMachine[] }
  | { code: 'SESSION_CONFLICT'; message: string; holder: SessionHolder }
  | { code: 'LICENSE_UNVERIFIED'; message: string }
  | { code: 'INSTANT_TIMEOUT'; message: string }
  | { code: 'TOKEN_ALREADY_CLAIMED'; message: string }
  /** Instant activation: over an hour after payment, or (CHECK_EMAIL) it continues by email. */
  | { code: 'CLAIM_EXPIRED'; message: string }
  | { code: 'CHECK_EMAIL'; message: string }
  /** A free trial was already used on this computer (or with this email): the buy button is next. */
  | { code: 'TRIAL_USED'; message: string }
  | { code: 'TRIAL_UNAVAILABLE'; message: string }
  | { code: 'WORKER_ERROR'; message: string; workerCode: string }
  /** Offline license files (offline-file/): refused at import, or file mode refuses a subscription action. */
  | { code: 'OFFLINE_FILE_INVALID' | 'OFFLINE_FILE_OTHER_MACHINE' | 'OFFLINE_FILE_REVOKED' | 'OFFLINE_FILE_EXPIRED' | 'OFFLINE_FILE_MODE'; message: string; verification?: string };

export function holderFrom(details: Record<string, unknown>): SessionHolder {
  const parsed = sessionHolderSchema.safeParse(details.holder);
  // The worker may not name the holder (it went quiet at that very moment): still a conflict.
  if (!parsed.success) return { name: '', platform: '', lastHeartbeatAt: null };
  return { name: parsed.data.machineName, platform: parsed.data.platform, lastHeartbeatAt: parsed.data.lastHeartbeatAt };
}

export function machinesFrom(details: Record<string, unknown>): RegisteredMachine[] {
  const parsed = z.array(registeredMachineSchema).safeParse(details.machines);
  if (!parsed.success) return [];
  return parsed.data.map((m) => ({ id: m.id, name: m.name, platform: m.platform, lastSeenAt: m.lastSeenAt }));
}

/** A worker failure as the problem the UI shows. */
export function problemFrom(failure: WorkerFailure): AgentProblem {
  if (failure.kind === 'unreachable') return { code: 'OFFLINE', message: 'The license service could not be reached' };
  if (failure.kind === 'protocol') return { code: 'WORKER_ERROR', message: failure.message, workerCode: 'PROTOCOL' };
  const d = failure.details;
  switch (failure.code) {
    case 'INVALID_CREDENTIALS':
      return { code: 'INVALID_CREDENTIALS', message: 'The email or unlock token is not right' };
    case 'SUBSCRIPTION_INACTIVE':
      return {
        code: 'SUBSCRIPTION_INACTIVE',
        message: 'The subscription is not active',
        subscriptionStatus: typeof d.subscriptionStatus === 'string' ? d.subscriptionStatus : 'suspended',
      };
    case 'MACHINE_LIMIT':
      return { code: 'MACHINE_LIMIT', message: 'All machines of this subscription are in use', machines: machinesFrom(d) };
    case 'SESSION_CONFLICT':
      return { code: 'SESSION_CONFLICT', message: 'POSPal is in use on another computer', holder: holderFrom(d) };
    case 'TOKEN_ALREADY_CLAIMED':
    case 'CLAIM_EXPIRED':
    case 'CHECK_EMAIL':
    case 'TRIAL_USED':
    case 'TRIAL_UNAVAILABLE':
      return { code: failure.code, message: failure.message };
    default:
      return { code: 'WORKER_ERROR', message: failure.message, workerCode: failure.code };
  }
}
