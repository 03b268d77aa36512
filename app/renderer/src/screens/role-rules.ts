/**
 * What each role may do, as the screens need it to show only what a person may change and to
 * say why a button is disabled. Core enforces the same table (app/core/pos/staff/permissions.ts;
 * role-rules.test.ts keeps the two equal); this only keeps the screens honest about it.
 */
import type { Permission, Role } from '../../../core/pos/staff/permissions';

const CASHIER: readonly Permission[] = ['order.sell', 'shift.open', 'cash.in'];
const MANAGER: readonly Permission[] = [
  ...CASHIER, 'order.discount', 'order.void', 'order.refund', 'cash.out', 'shift.close', 'reports.read', 'catalog.write', 'license.takeover',
];

const BY_ROLE: Readonly<Record<Exclude<Role, 'owner'>, ReadonlySet<Permission>>> = {
  cashier: new Set(CASHIER),
  manager: new Set(MANAGER),
};

/** The owner may do everything; nobody signed in, nothing. */
export function may(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return role === 'owner' || BY_ROLE[role].has(permission);
}

/** The lowest role that may (for "Only a manager…" / "Only the owner…"). */
export function lowestRoleThatMay(permission: Permission): Role {
  if (BY_ROLE.cashier.has(permission)) return 'cashier';
  return BY_ROLE.manager.has(permission) ? 'manager' : 'owner';
}
