/**
 * Roles and what they may do. Enforced in the API (`createApi` checks a command's permission,
 * commands call `requirePermission` for conditional cases), never only in a UI.
 */
import { PosError } from '../../errors';

export const ROLES = ['owner', 'manager', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'order.sell',      // create/edit orders, take payments, tables
  'order.discount',  // line and order discounts
  'order.void',      // void lines sent to the kitchen, void orders (paid ones too)
  'order.refund',
  'shift.open',
  'shift.close',
  'cash.in',
  'cash.out',
  'reports.read',
  'catalog.write',
  'settings.write',
  'staff.manage',
  'backup.manage',
  'audit.read',
  'license.manage',   // change or reveal the subscription: activate, buy, billing portal, token recovery, computers
  'license.takeover', // take the license session from another computer (it stops selling mid-service)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CASHIER: readonly Permission[] = ['order.sell', 'shift.open', 'cash.in'];
const MANAGER: readonly Permission[] = [
  ...CASHIER, 'order.discount', 'order.void', 'order.refund', 'cash.out', 'shift.close', 'reports.read', 'catalog.write',
  'license.takeover',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  cashier: new Set(CASHIER),
  manager: new Set(MANAGER),
  owner: new Set(PERMISSIONS),
};

/** The staff member a transport holds after PIN login. */
export interface SessionStaff {
  id: string;
  name: string;
  role: Role;
}

/** The roles that hold a permission, for error answers ("ask the owner"). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].has(permission));
}

/** "Log in with your PIN first", naming who must sign in when only some roles may. */
export function sessionRequired(permission: Permission, message?: string): PosError {
  const requiredRoles = rolesWith(permission);
  const everyone = requiredRoles.length === ROLES.length;
  const text = message ?? (everyone ? 'Log in with your PIN first' : `Ask the ${requiredRoles.join(' or the ')} to sign in with their PIN`);
  return new PosError('AUTH_REQUIRED', text, { permission, requiredRoles });
}

export function permissionDenied(staff: SessionStaff, permission: Permission): PosError {
  return new PosError('PERMISSION_DENIED', `Your role may not do this (${permission})`, {
    permission, role: staff.role, requiredRoles: rolesWith(permission),
  });
}

export function can(staff: SessionStaff | null, permission: Permission): boolean {
  return staff !== null && ROLE_PERMISSIONS[staff.role].has(permission);
}

export function requireStaff(staff: SessionStaff | null): SessionStaff {
  if (!staff) throw new PosError('AUTH_REQUIRED', 'Log in with your PIN first');
  return staff;
}

export function requirePermission(staff: SessionStaff | null, permission: Permission): SessionStaff {
  const s = requireStaff(staff);
  if (!can(s, permission)) throw permissionDenied(s, permission);
  return s;
}
