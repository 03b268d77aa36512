/**
 * Who may do what with the license, as the screens need it to hide buttons and explain why.
 * Core enforces the same rules (license.manage: the owner; license.takeover: owner or
 * manager); this only keeps the screens honest about them.
 */
import type { ApiClient, StaffSession } from '../api/client';
import { toApiError } from '../api/client';
import { licenseAction } from '../api/license';
import type { LicenseStatus } from '../api/shapes';

export type StaffRole = StaffSession['staff']['role'];

/** Billing portal, token recovery, activation, checkout, the computers list. */
export const canManageLicense = (role: StaffRole | null | undefined): boolean => role === 'owner';

/** Taking the license session over from another computer (it stops selling mid-service). */
export const canTakeOver = (role: StaffRole | null | undefined): boolean => role === 'owner' || role === 'manager';

const ROLE_SET = new Set<string>(['owner', 'manager', 'cashier']);

/** The roles a refusal says may do it (core's AUTH_REQUIRED / PERMISSION_DENIED details), or null. */
export function requiredRolesOf(e: unknown): StaffRole[] | null {
  const err = toApiError(e);
  if (err.code !== 'AUTH_REQUIRED' && err.code !== 'PERMISSION_DENIED') return null;
  const roles = err.details?.requiredRoles;
  if (!Array.isArray(roles) || roles.length === 0) return null;
  const valid = roles.filter((r): r is StaffRole => typeof r === 'string' && ROLE_SET.has(r));
  return valid.length > 0 ? valid : null;
}

/** The same client, with every call made as the staff member who approved with their PIN. */
export function actingAs(client: ApiClient, session: StaffSession): ApiClient {
  return { ...client, call: (command, ...input) => client.callAs(session, command, ...input) };
}

/** "Use POSPal on this computer": as the signed-in person, or as the manager who approved it. */
export function takeOverAs(client: ApiClient, approvedBy: StaffSession | undefined, onStatus: (s: LicenseStatus) => void): Promise<LicenseStatus> {
  return licenseAction(approvedBy ? actingAs(client, approvedBy) : client, 'license.takeOver', {}, onStatus);
}
