// Device sessions: at most max_concurrent live sessions per customer (live = a heartbeat in the
// last 120 s). Starting is ONE conditional INSERT, so two devices racing for the last seat get
// exactly one winner; a heartbeat is ONE conditional UPDATE … RETURNING.
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import { randomSecret, shortRef } from '../ids';
import type { LicenseStatus } from '../protocol/license';
import type { MachineSessionState } from '../protocol/licensing';
import { sha256Hex } from '../tokens';
import { OFFLINE_GRACE_MS } from './caching';

export const SESSION_TIMEOUT_MS = 120_000;
export const HEARTBEAT_INTERVAL_SECONDS = 60;
export type EndReason = 'taken_over' | 'timed_out' | 'ended';

export const sessionInfo = (id: string) => ({ id, heartbeatIntervalSeconds: HEARTBEAT_INTERVAL_SECONDS, timeoutSeconds: SESSION_TIMEOUT_MS / 1000 });

/**
 * The machine's latest session (by its last successful call) and the last calls of the other
 * machines' open sessions, as one JSON column of the customer + machine read (customers.ts), so
 * a validate stays one D1 read.
 */
export const MACHINE_SESSION_COLUMN = `json_object(
    'last', json((SELECT json_object('lastCallAt', s.last_heartbeat_at, 'endedAt', s.ended_at, 'endReason', s.end_reason)
      FROM sessions s WHERE s.customer_id = c.id AND s.machine_id = m.id ORDER BY s.last_heartbeat_at DESC LIMIT 1)),
    'othersOpen', json((SELECT json_group_array(o.last_heartbeat_at)
      FROM sessions o WHERE o.customer_id = c.id AND o.ended_at IS NULL AND o.machine_id != m.id))
  ) AS machine_session`;

/** What a non-session answer tells the machine about its session, and the grace it carries. */
export interface MachineSession {
  state: MachineSessionState;
  /** The machine's last successful session call (start, heartbeat, takeover); null: never. */
  lastCallAt: number | null;
  /** Every seat is held by other machines' live sessions: this one can't be selling. */
  seatHeldElsewhere: boolean;
}

export const NO_SESSION: MachineSession = { state: 'none', lastCallAt: null, seatHeldElsewhere: false };

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function machineSessionOf(json: string | null | undefined, now: number, maxConcurrent: number): MachineSession {
  if (!json) return NO_SESSION;
  let row: { last?: { lastCallAt?: unknown; endedAt?: unknown; endReason?: unknown } | null; othersOpen?: unknown };
  try {
    row = JSON.parse(json) as typeof row;
  } catch {
    return NO_SESSION;
  }
  const liveSince = now - SESSION_TIMEOUT_MS;
  const othersLive = Array.isArray(row.othersOpen) ? row.othersOpen.filter((at) => (num(at) ?? 0) > liveSince).length : 0;
  const lastCallAt = num(row.last?.lastCallAt);
  if (lastCallAt === null) return { ...NO_SESSION, seatHeldElsewhere: othersLive >= maxConcurrent };
  if (row.last?.endReason === 'taken_over') return { state: 'taken_over', lastCallAt, seatHeldElsewhere: othersLive >= maxConcurrent };
  if (row.last?.endedAt === null && lastCallAt > liveSince) return { state: 'live', lastCallAt, seatHeldElsewhere: false };
  return { state: 'none', lastCallAt, seatHeldElsewhere: othersLive >= maxConcurrent };
}

/**
 * The offline grace a NON-session answer carries: what the machine's last successful session
 * call earned (10 days from it), never more; `now` (no grace) if it never held a session, if its
 * last session was taken over, or if other machines now hold every seat. A validate can't earn
 * grace, and can't keep a second till selling beside the one that holds the session.
 */
export function carriedGraceUntil(session: MachineSession, now: number): number {
  if (session.state === 'taken_over' || session.lastCallAt === null || session.seatHeldElsewhere) return now;
  return Math.min(now + OFFLINE_GRACE_MS, session.lastCallAt + OFFLINE_GRACE_MS);
}

interface Scope {
  db: Database;
  requestId: string;
  now: number;
}

export interface DisplacedSession {
  machineName: string;
  platform: string;
}

const sessionConflict = async (db: Database, customerId: string, now: number): Promise<ApiError> => {
  const holder = await db.first<{ name: string; platform: string; last_heartbeat_at: number }>(
    `SELECT m.name, m.platform, s.last_heartbeat_at FROM sessions s JOIN machines m ON m.id = s.machine_id
     WHERE s.customer_id = ? AND s.ended_at IS NULL AND s.last_heartbeat_at > ? ORDER BY s.started_at LIMIT 1`,
    customerId,
    now - SESSION_TIMEOUT_MS,
  );
  return new ApiError('SESSION_CONFLICT', 'POSPal is already in use on another computer.', {
    holder: holder ? { machineName: holder.name, platform: holder.platform, lastHeartbeatAt: holder.last_heartbeat_at } : null,
  });
};

/**
 * Starts a session for a machine. A live session of the same machine (an app restart) is ended
 * first; with `takeover`, the oldest live session of another machine is ended as `taken_over`.
 * All in one batch (one transaction).
 */
export async function startSession(
  { db, requestId, now }: Scope,
  customer: { id: string; max_concurrent: number },
  machineId: string,
  takeover: boolean,
): Promise<{ sessionId: string; displaced: DisplacedSession | null }> {
  const sessionId = randomSecret(32);
  const idHash = await sha256Hex(sessionId);
  const ref = shortRef();
  const liveSince = now - SESSION_TIMEOUT_MS;
  const statements: D1PreparedStatement[] = [
    db
      .prepare(`UPDATE sessions SET ended_at = ?1, end_reason = 'ended' WHERE customer_id = ?2 AND machine_id = ?3 AND ended_at IS NULL`)
      .bind(now, customer.id, machineId),
  ];
  if (takeover) {
    statements.push(
      db
        .prepare(
          `UPDATE sessions SET ended_at = ?1, end_reason = 'taken_over'
           WHERE id_hash = (SELECT id_hash FROM sessions WHERE customer_id = ?2 AND ended_at IS NULL AND last_heartbeat_at > ?3 AND machine_id != ?4
                            ORDER BY started_at LIMIT 1)
             -- only when no seat is free: a takeover with a free seat displaces nobody
             AND (SELECT count(*) FROM sessions WHERE customer_id = ?2 AND ended_at IS NULL AND last_heartbeat_at > ?3) >= ?5
           RETURNING (SELECT json_object('name', name, 'platform', platform) FROM machines WHERE id = sessions.machine_id) AS machine, ref`,
        )
        .bind(now, customer.id, liveSince, machineId, customer.max_concurrent),
    );
    statements.push(
      db
        .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, 'session_taken_over', ? WHERE changes() > 0`)
        .bind(now, requestId, customer.id, JSON.stringify({ byMachineId: machineId })),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO sessions (id_hash, ref, customer_id, machine_id, started_at, last_heartbeat_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?5
         WHERE (SELECT count(*) FROM sessions WHERE customer_id = ?3 AND ended_at IS NULL AND last_heartbeat_at > ?6) < ?7`,
      )
      .bind(idHash, ref, customer.id, machineId, now, liveSince, customer.max_concurrent),
    db
      .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, 'session_started', ? WHERE changes() > 0`)
      .bind(now, requestId, customer.id, JSON.stringify({ session: ref, machineId, takeover })),
  );
  const results = await db.batch<{ machine?: string }>(statements);
  const insert = results[statements.length - 2];
  if ((insert?.meta.changes ?? 0) === 0) throw await sessionConflict(db, customer.id, now);
  let displaced: DisplacedSession | null = null;
  const displacedRow = takeover ? results[1]?.results[0] : undefined;
  if (displacedRow?.machine) {
    const m = JSON.parse(displacedRow.machine) as { name: string; platform: string };
    displaced = { machineName: m.name, platform: m.platform };
  }
  return { sessionId, displaced };
}

export interface HeartbeatCustomer {
  id: string;
  status: LicenseStatus;
  plan: string;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: number;
  maxMachines: number;
  maxConcurrent: number;
  activatedAt: number | null;
}

export interface HeartbeatResult {
  customer: HeartbeatCustomer;
  machineId: string;
  fingerprint: string;
}

/** Why a session cannot be used any more: SESSION_NOT_FOUND or SESSION_ENDED with the reason. */
async function explainDeadSession({ db, requestId, now }: Scope, idHash: string): Promise<ApiError> {
  const row = await db.first<{ ended_at: number | null; end_reason: EndReason | null; last_heartbeat_at: number; customer_id: string; ref: string }>(
    'SELECT ended_at, end_reason, last_heartbeat_at, customer_id, ref FROM sessions WHERE id_hash = ?',
    idHash,
  );
  if (!row) return new ApiError('SESSION_NOT_FOUND', 'This session does not exist. Start a new one.');
  let reason: EndReason = row.end_reason ?? 'ended';
  if (row.ended_at === null) {
    // Timed out but the cron has not closed it yet: close it now, as the cron would.
    reason = 'timed_out';
    await db.batch([
      db.prepare(`UPDATE sessions SET ended_at = ?, end_reason = 'timed_out' WHERE id_hash = ? AND ended_at IS NULL`).bind(now, idHash),
      db
        .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, 'session_timed_out', ? WHERE changes() > 0`)
        .bind(now, requestId, row.customer_id, JSON.stringify({ session: row.ref })),
    ]);
  }
  const message =
    reason === 'taken_over' ? 'POSPal was opened on another computer, which took over this session.' : reason === 'timed_out' ? 'This session timed out.' : 'This session has ended.';
  return new ApiError('SESSION_ENDED', message, { reason });
}

export async function heartbeatSession(scope: Scope, sessionId: string): Promise<HeartbeatResult> {
  const { db, now } = scope;
  const idHash = await sha256Hex(sessionId);
  const row = await db.first<{ customer_id: string; machine_id: string; customer: string; fingerprint: string }>(
    `UPDATE sessions SET last_heartbeat_at = ?2
     WHERE id_hash = ?1 AND ended_at IS NULL AND last_heartbeat_at > ?3
     RETURNING customer_id, machine_id,
       (SELECT json_object('id', id, 'status', subscription_status, 'plan', plan, 'currentPeriodEnd', current_period_end,
                           'cancelAtPeriodEnd', cancel_at_period_end, 'maxMachines', max_machines, 'maxConcurrent', max_concurrent,
                           'activatedAt', activated_at)
          FROM customers WHERE id = sessions.customer_id) AS customer,
       (SELECT fingerprint FROM machines WHERE id = sessions.machine_id) AS fingerprint`,
    idHash,
    now,
    now - SESSION_TIMEOUT_MS,
  );
  if (!row) throw await explainDeadSession(scope, idHash);
  return { customer: JSON.parse(row.customer) as HeartbeatCustomer, machineId: row.machine_id, fingerprint: row.fingerprint };
}

export async function endSession({ db, requestId, now }: Scope, sessionId: string): Promise<void> {
  const idHash = await sha256Hex(sessionId);
  const [ended] = await db.batch([
    db.prepare(`UPDATE sessions SET ended_at = ?, end_reason = 'ended' WHERE id_hash = ? AND ended_at IS NULL`).bind(now, idHash),
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, customer_id, action, details)
         SELECT ?, ?, customer_id, 'session_ended', json_object('session', ref) FROM sessions WHERE id_hash = ? AND changes() > 0`,
      )
      .bind(now, requestId, idHash),
  ]);
  if ((ended?.meta.changes ?? 0) === 0) throw await explainDeadSession({ db, requestId, now }, idHash);
}

/** Cron: close sessions without a heartbeat for 120 s. */
export async function endTimedOutSessions(db: Database, now: number): Promise<number> {
  const [, ended] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, customer_id, action, details)
         SELECT ?1, NULL, customer_id, 'session_timed_out', json_object('session', ref) FROM sessions
         WHERE ended_at IS NULL AND last_heartbeat_at <= ?2`,
      )
      .bind(now, now - SESSION_TIMEOUT_MS),
    db.prepare(`UPDATE sessions SET ended_at = ?1, end_reason = 'timed_out' WHERE ended_at IS NULL AND last_heartbeat_at <= ?2`).bind(now, now - SESSION_TIMEOUT_MS),
  ]);
  return ended?.meta.changes ?? 0;
}
