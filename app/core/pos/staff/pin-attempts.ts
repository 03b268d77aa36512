/**
 * PIN attempt accounting (issue 9 rule 1). The scrypt check is slow (tens of ms) and async, so
 * "read the counters, check the hash, write the counters" lets a burst of concurrent guesses all
 * pass the first step. Instead every check is COUNTED BEFORE its hash is computed, in one
 * IMMEDIATE transaction that reads and writes:
 *   - the staff member's failure count goes up front (a right PIN puts it back to 0), and the
 *     attempt that reaches MAX_FAILED_ATTEMPTS sets the lock at once, so no concurrent attempt
 *     can start while it runs; the count is never reset when the lock trips (only a right PIN
 *     or a new PIN resets it), so after the lock ends each further wrong PIN locks again;
 *   - at most one check is in flight per staff member and device: a second one is refused
 *     with PIN_CHECK_BUSY (retryable), not queued behind the first;
 *   - a device gets DEVICE_MAX_FAILURES unfinished or wrong attempts per DEVICE_WINDOW_MS
 *     (since its last right PIN), whichever staff member it tries: RATE_LIMITED.
 * The attempts live in `pin_attempts` (migration 007), so the limits hold across every route
 * into sign-in.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { PosError } from '../../errors';
import { writeAudit } from './audit';
import type { Role } from './permissions';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60_000;
export const DEVICE_MAX_FAILURES = 5;
export const DEVICE_WINDOW_MS = 60_000;
/** A check unfinished after this long (the app died mid-check) no longer blocks the next one. */
export const IN_FLIGHT_STALE_MS = 30_000;
const KEEP_ATTEMPTS_MS = 24 * 60 * 60_000;

export interface PinStaffRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  pin_salt: string;
  failed_attempts: number;
  locked_until: number | null;
  active: number;
}

/** A counted attempt whose hash may now be checked; finish it with `finishPinAttempt`. */
export interface StartedAttempt {
  attemptId: number;
  staff: PinStaffRow;
  /** Failures counted including this attempt (if it turns out wrong). */
  attempts: number;
  /** Set when this attempt tripped the lock (undone if its PIN is right). */
  lockedUntil: number | null;
}

const locked = (until: number) => new PosError('STAFF_LOCKED', 'Too many wrong PINs; try again later', { lockedUntil: until });

/** Milliseconds until the device may try again (0 = now). */
function deviceWaitMs(db: Db, deviceKey: string, now: number): number {
  const r = sql(db, `SELECT COUNT(*) AS n, MIN(started_at) AS first FROM pin_attempts
    WHERE device_key = ? AND started_at > ? AND (outcome IS NULL OR outcome <> 'ok')
      AND id > COALESCE((SELECT MAX(id) FROM pin_attempts WHERE device_key = ? AND outcome = 'ok'), 0)`)
    .get(deviceKey, now - DEVICE_WINDOW_MS, deviceKey) as { n: number; first: number | null };
  if (r.n < DEVICE_MAX_FAILURES || r.first === null) return 0;
  return Math.max(1, r.first + DEVICE_WINDOW_MS - now);
}

/** Counts the attempt (or refuses it) atomically; throws the refusal as a PosError. */
export function startPinAttempt(db: Db, clock: Clock, staffId: string, deviceKey: string): StartedAttempt {
  const now = clock.now();
  const outcome = db.transaction((): StartedAttempt | PosError => {
    sql(db, 'DELETE FROM pin_attempts WHERE started_at < ?').run(now - KEEP_ATTEMPTS_MS);
    const row = sql(db, 'SELECT id, name, role, pin_hash, pin_salt, failed_attempts, locked_until, active FROM staff WHERE id = ?')
      .get(staffId) as PinStaffRow | undefined;
    if (row) {
      if (row.active !== 1) return new PosError('STAFF_INACTIVE', 'This staff member is deactivated');
      if (row.locked_until !== null && row.locked_until > now) return locked(row.locked_until);
      const inFlight = sql(db, 'SELECT 1 FROM pin_attempts WHERE staff_id = ? AND device_key = ? AND outcome IS NULL AND started_at > ?')
        .get(row.id, deviceKey, now - IN_FLIGHT_STALE_MS);
      if (inFlight) {
        return new PosError('PIN_CHECK_BUSY', 'A PIN for this person is being checked on this device; try again in a moment', { retryAfterSeconds: 1 });
      }
    }
    const wait = deviceWaitMs(db, deviceKey, now);
    if (wait > 0) return new PosError('RATE_LIMITED', 'Too many wrong attempts; wait and try again', { retryAfterSeconds: Math.ceil(wait / 1000) });
    if (!row) {
      sql(db, "INSERT INTO pin_attempts (staff_id, device_key, started_at, finished_at, outcome) VALUES (NULL, ?, ?, ?, 'unknown_staff')")
        .run(deviceKey, now, now);
      return new PosError('STAFF_NOT_FOUND', 'No such staff member', { id: staffId });
    }
    const attempts = row.failed_attempts + 1;
    const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? now + LOCKOUT_MS : null;
    sql(db, 'UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(attempts, lockedUntil, row.id);
    const inserted = sql(db, 'INSERT INTO pin_attempts (staff_id, device_key, started_at) VALUES (?, ?, ?)').run(row.id, deviceKey, now);
    return { attemptId: Number(inserted.lastInsertRowid), staff: row, attempts, lockedUntil };
  }).immediate();
  if (outcome instanceof PosError) throw outcome;
  return outcome;
}

/** Records the check's result; throws PIN_INVALID or STAFF_LOCKED for a wrong PIN. */
export function finishPinAttempt(db: Db, clock: Clock, attempt: StartedAttempt, ok: boolean): void {
  const now = clock.now();
  db.transaction(() => {
    sql(db, 'UPDATE pin_attempts SET outcome = ?, finished_at = ? WHERE id = ?').run(ok ? 'ok' : 'wrong', now, attempt.attemptId);
    if (ok) sql(db, 'UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(attempt.staff.id);
    else if (attempt.lockedUntil !== null) {
      writeAudit(db, clock, { staffId: attempt.staff.id, action: 'staff.locked', entity: 'staff', entityId: attempt.staff.id, details: { attempts: attempt.attempts } });
    }
  }).immediate();
  if (ok) return;
  if (attempt.lockedUntil !== null) throw locked(attempt.lockedUntil);
  throw new PosError('PIN_INVALID', 'Wrong PIN', { attemptsLeft: MAX_FAILED_ATTEMPTS - attempt.attempts });
}
