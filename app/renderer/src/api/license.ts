/**
 * License commands (added to the API by app/bootstrap.ts over the agent). The agent answers
 * actions with `{ ok, status, error? }`; this turns a failed action into an ApiError carrying
 * the problem's code and details (machines for MACHINE_LIMIT, holder for SESSION_CONFLICT)
 * and always hands back the newest status.
 */
import type { ApiClient } from './client';
import { ApiError } from './client';
import { CMD } from './commands';
import type { ActionResult, LicenseStatus } from './types';

function isAction(v: unknown): v is ActionResult {
  return typeof v === 'object' && v !== null && 'ok' in v && 'status' in v;
}

export async function licenseAction(
  client: ApiClient, command: string, input: unknown, onStatus: (s: LicenseStatus) => void,
): Promise<LicenseStatus> {
  const result = await client.call<ActionResult | LicenseStatus>(command, input);
  if (!isAction(result)) { onStatus(result); return result; }
  onStatus(result.status);
  if (!result.ok) {
    const { code, message, ...details } = result.error;
    throw new ApiError({ code, message, details });
  }
  return result.status;
}

export const getLicenseStatus = (client: ApiClient) => client.call<LicenseStatus>(CMD.licenseStatus, {});
