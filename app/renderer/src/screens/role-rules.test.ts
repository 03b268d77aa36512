import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the screens' copy is checked against core's own table
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../../../core/pos/staff/permissions';
import { lowestRoleThatMay, may } from './role-rules';

describe('role rules on screens', () => {
  it('match core\'s permission table for every role and permission', () => {
    for (const role of ROLES) for (const p of PERMISSIONS) expect(may(role, p), `${role} ${p}`).toBe(ROLE_PERMISSIONS[role].has(p));
    expect(may(null, 'order.sell')).toBe(false);
  });

  it('name the lowest role that may', () => {
    expect(lowestRoleThatMay('shift.close')).toBe('manager');
    expect(lowestRoleThatMay('settings.write')).toBe('owner');
    expect(lowestRoleThatMay('order.sell')).toBe('cashier');
  });
});
