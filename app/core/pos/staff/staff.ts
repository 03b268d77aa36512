/** Staff members, PIN login with lockout, and role changes that never leave the shop without an owner. */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { writeAudit } from './audit';
import type { Role, SessionStaff } from './permissions';
import { hashPin, verifyPin } from './pin';
import { finishPinAttempt, startPinAttempt, type PinStaffRow } from './pin-attempts';
import { sql } from '../../db/statements';
import { forgetDemoPin } from './demo-pins';

export { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './pin-attempts';

interface StaffRow extends PinStaffRow {
  created_at: number;
}

export interface StaffView {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  lockedUntil: number | null;
  createdAt: number;
}

function toView(r: StaffRow): StaffView {
  return { id: r.id, name: r.name, role: r.role, active: r.active === 1, lockedUntil: r.locked_until, createdAt: r.created_at };
}

function getRow(db: Db, id: string): StaffRow {
  const row = sql(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  if (!row) throw new PosError('STAFF_NOT_FOUND', 'No such staff member', { id });
  return row;
}

export function countStaff(db: Db): number {
  return (sql(db, 'SELECT COUNT(*) AS n FROM staff').get() as { n: number }).n;
}

export function listStaff(db: Db, includeInactive = false): StaffView[] {
  const rows = sql(db, `SELECT * FROM staff ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY name`).all() as StaffRow[];
  return rows.map(toView);
}

export async function createStaff(
  db: Db, clock: Clock, input: { name: string; role: Role; pin: string }, by: string | null,
): Promise<StaffView> {
  const { hash, salt } = await hashPin(input.pin);
  const id = uuidv7(clock);
  db.transaction(() => {
    sql(db, 'INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id, input.name, input.role, hash, salt, clock.now(),
    );
    writeAudit(db, clock, { staffId: by, action: 'staff.create', entity: 'staff', entityId: id, details: { name: input.name, role: input.role } });
  }).immediate();
  return toView(getRow(db, id));
}

/** The very first owner of a fresh install; refused once anyone exists. */
export async function bootstrapOwner(db: Db, clock: Clock, input: { name: string; pin: string }): Promise<StaffView> {
  if (countStaff(db) > 0) throw new PosError('STAFF_ALREADY_EXISTS', 'The shop already has staff; an owner must add people');
  return createStaff(db, clock, { ...input, role: 'owner' }, null);
}

/** Checks a PIN: the hash is the slow part; see pin-attempts.ts for why it is counted first. */
export type PinVerifier = (pin: string, stored: { hash: string; salt: string }) => Promise<boolean>;

export async function login(
  db: Db, clock: Clock, input: { staffId: string; pin: string; deviceKey?: string | undefined }, verify: PinVerifier = verifyPin,
): Promise<SessionStaff> {
  const attempt = startPinAttempt(db, clock, input.staffId, input.deviceKey ?? 'core');
  let ok: boolean;
  try {
    ok = await verify(input.pin, { hash: attempt.staff.pin_hash, salt: attempt.staff.pin_salt });
  } catch (e) {
    try { finishPinAttempt(db, clock, attempt, false); } catch { /* the check itself failed: report that */ }
    throw e;
  }
  finishPinAttempt(db, clock, attempt, ok);
  return { id: attempt.staff.id, name: attempt.staff.name, role: attempt.staff.role };
}

function activeOwners(db: Db): number {
  return (sql(db, "SELECT COUNT(*) AS n FROM staff WHERE role = 'owner' AND active = 1").get() as { n: number }).n;
}

export function updateStaff(
  db: Db, clock: Clock, input: { id: string; name?: string | undefined; role?: Role | undefined; active?: boolean | undefined }, by: string,
): StaffView {
  return db.transaction(() => {
    const row = getRow(db, input.id);
    const losesOwner = row.role === 'owner' && row.active === 1 && ((input.role && input.role !== 'owner') || input.active === false);
    if (losesOwner && activeOwners(db) <= 1) throw new PosError('LAST_OWNER', 'The shop must keep at least one active owner');
    sql(db, 'UPDATE staff SET name = ?, role = ?, active = ? WHERE id = ?').run(
      input.name ?? row.name, input.role ?? row.role, input.active === undefined ? row.active : input.active ? 1 : 0, row.id,
    );
    writeAudit(db, clock, {
      staffId: by, action: 'staff.update', entity: 'staff', entityId: row.id,
      details: { name: input.name, role: input.role, active: input.active },
    });
    return toView(getRow(db, row.id));
  }).immediate();
}

export async function setPin(db: Db, clock: Clock, input: { id: string; pin: string }, by: string): Promise<void> {
  getRow(db, input.id);
  const { hash, salt } = await hashPin(input.pin);
  db.transaction(() => {
    sql(db, 'UPDATE staff SET pin_hash = ?, pin_salt = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(hash, salt, input.id);
    writeAudit(db, clock, { staffId: by, action: 'staff.setPin', entity: 'staff', entityId: input.id });
    forgetDemoPin(db, clock, input.id);
  }).immediate();
}
