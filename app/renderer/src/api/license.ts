/**
 * License commands (added to the API by app/bootstrap.ts over the agent). The agent answers
 * actions with `{ ok, status, error? }`; this turns a failed action into an ApiError carrying
 * the problem's code and details (machines for MACHINE_LIMIT, holder for SESSION_CONFLICT)
 * and always hands back the newest status.
 */
import type { ActionResult, LicenseStatus } from '../../../core/license/agent';
import type { ApiClient, CommandName, InputArgs } from './client';
import { ApiError } from './client';

export type { LicenseStatus };

/** The license commands that answer with the license status. */
type LicenseActionName = 'license.activate' | 'license.instant' | 'license.takeOver' | 'license.check' | 'license.deactivate' | 'license.startTrial';

function isAction(v: unknown): v is ActionResult {
  return typeof v === 'object' && v !== null && 'ok' in v && 'status' in v;
}

export async function licenseAction<N extends LicenseActionName & CommandName>(
  client: ApiClient, command: N, input: InputArgs<N>[0], onStatus: (s: LicenseStatus) => void,
): Promise<LicenseStatus> {
  const result: LicenseStatus | ActionResult = await client.call(command, ...([input] as InputArgs<N>));
  if (!isAction(result)) { onStatus(result); return result; }
  onStatus(result.status);
  if (!result.ok) {
    const { code, message, ...details } = result.error;
    throw new ApiError({ code, message, details });
  }
  return result.status;
}

export const getLicenseStatus = (client: ApiClient) => client.call('license.status', {});
