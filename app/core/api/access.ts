/**
 * Who may run a command: its permission (checked against the session's current role), the
 * first-run exception (a shop with no staff yet, from the main computer only), and the license
 * rule that every `license.*` command changes or reveals the subscription unless it is one of
 * the few the banner reads — so a license command added later without a permission is the
 * owner's, not everyone's.
 */
import type { Db } from '../db/connection';
import { countStaff } from '../pos/staff/staff';
import type { Permission, SessionStaff } from '../pos/staff/permissions';
import { can, permissionDenied, sessionRequired } from '../pos/staff/permissions';
import type { AnyCommand, CallOrigin } from './command';

/** Readable by every caller, even a tablet without a session: what the license banner shows. */
export const OPEN_LICENSE_COMMANDS: ReadonlySet<string> = new Set(['license.status', 'license.check']);

export function requiredPermission(name: string, command: AnyCommand): Permission | null {
  if (command.permission !== null) return command.permission;
  if (name.startsWith('license.') && !OPEN_LICENSE_COMMANDS.has(name)) return 'license.manage';
  return null;
}

/** Throws AUTH_REQUIRED / PERMISSION_DENIED (with the roles that may) unless the caller may run it. */
export function authorize(
  db: Db, name: string, command: AnyCommand, staff: SessionStaff | null, origin: CallOrigin,
): void {
  const permission = requiredPermission(name, command);
  if (permission === null) return;
  if (staff) {
    if (!can(staff, permission)) throw permissionDenied(staff, permission);
    return;
  }
  if (command.firstRun === true && origin.mainComputer && countStaff(db) === 0) return;
  throw sessionRequired(permission);
}
