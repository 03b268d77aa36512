// Device sessions, the worker's side: at most max_concurrent live sessions per customer (live = a
// session call in the last 120 s). The seat rule lives in the customer's Durable Object
// (src/sessions/object.ts); this module is the interface routes use (startSession,
// heartbeatSession, endSession, endSessionsWhere, sessionOfMachine), taking the customer row.
import { breakerFor, Database } from '../db/database';
import type { Env } from '../env';
import { ApiError } from '../http/errors';
import type { MachineSessionState } from '../protocol/licensing';
import { explainFromD1, type DeadSession } from '../sessions/d1-records';
import { sessionsFor, sessionsOf } from '../sessions/route';
import { SESSION_TIMEOUT_MS, type SeatMachine, type SessionCustomer, type SessionView } from '../sessions/seats';
import { sha256Hex } from '../tokens';
import { OFFLINE_GRACE_MS } from './caching';
import type { CustomerRow } from './customers';

export { D1_LIVE_WINDOW_MS, SESSION_TIMEOUT_MS, type EndReason } from '../sessions/seats';
export const HEARTBEAT_INTERVAL_SECONDS = 60;

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

interface D1MachineSessions {
  last: { lastCallAt: number | null; endedAt: unknown; endReason: unknown } | null;
  othersOpen: number[];
}

function parseMachineSessions(json: string | null | undefined): D1MachineSessions | null {
  if (!json) return null;
  try {
    const row = JSON.parse(json) as { last?: { lastCallAt?: unknown; endedAt?: unknown; endReason?: unknown } | null; othersOpen?: unknown };
    const last = row.last ? { lastCallAt: num(row.last.lastCallAt), endedAt: row.last.endedAt, endReason: row.last.endReason } : null;
    return { last, othersOpen: Array.isArray(row.othersOpen) ? row.othersOpen.map((at) => num(at) ?? 0) : [] };
  } catch {
    return null;
  }
}

function decide(last: D1MachineSessions['last'] | SessionView['last'], othersLive: number, now: number, maxConcurrent: number): MachineSession {
  const lastCallAt = last ? num(last.lastCallAt) : null;
  const seatHeldElsewhere = othersLive >= maxConcurrent;
  if (!last || lastCallAt === null) return { ...NO_SESSION, seatHeldElsewhere };
  if (last.endReason === 'taken_over') return { state: 'taken_over', lastCallAt, seatHeldElsewhere };
  if (last.endedAt === null && lastCallAt > now - SESSION_TIMEOUT_MS) return { state: 'live', lastCallAt, seatHeldElsewhere: false };
  return { state: 'none', lastCallAt, seatHeldElsewhere };
}

/**
 * The machine's session as D1 recorded it (`machine_session` of the customer + machine read).
 * D1 is complete for ended sessions; an open one is the object's to judge, so when D1 shows any
 * open session of the customer, the object is asked (a Durable Object call, not a D1 read).
 */
export async function sessionOfMachine(env: Env, customer: { id: string; max_concurrent: number }, machineId: string, json: string | null | undefined, now: number): Promise<MachineSession> {
  const recorded = parseMachineSessions(json);
  if (!recorded) return NO_SESSION;
  if (recorded.last?.endedAt !== null && recorded.othersOpen.length === 0) return decide(recorded.last, 0, now, customer.max_concurrent);
  const view = await sessionsOf(env, customer.id).view(machineId, now);
  // An open D1 record the object does not hold (it never was the object's) is not live.
  const last = view.last ?? (recorded.last ? { ...recorded.last, endedAt: recorded.last.endedAt ?? now } : null);
  return decide(last, view.othersLive, now, customer.max_concurrent);
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
  env: Env;
  requestId: string;
  now: number;
}

export interface DisplacedSession {
  machineName: string;
  platform: string;
}

const deadSessionError = (dead: DeadSession): ApiError => {
  if (dead.code === 'SESSION_NOT_FOUND') return new ApiError('SESSION_NOT_FOUND', 'This session does not exist. Start a new one.');
  const message =
    dead.reason === 'taken_over'
      ? 'POSPal was opened on another computer, which took over this session.'
      : dead.reason === 'timed_out'
        ? 'This session timed out.'
        : 'This session has ended.';
  return new ApiError('SESSION_ENDED', message, { reason: dead.reason });
};

const unavailable = () => new ApiError('SERVICE_UNAVAILABLE', 'The licensing database is temporarily unavailable.', {}, { 'Retry-After': '5' });

const sessionCustomerOf = (c: CustomerRow): HeartbeatCustomer => ({
  id: c.id,
  status: c.subscription_status,
  plan: c.plan,
  currentPeriodEnd: c.current_period_end,
  cancelAtPeriodEnd: c.cancel_at_period_end,
  maxMachines: c.max_machines,
  maxConcurrent: c.max_concurrent,
  activatedAt: c.activated_at,
});

/**
 * Starts a session for a machine (any customer status the caller accepts: active, trial). A live
 * session of the same machine (an app restart) is ended first; with `takeover`, the oldest live
 * session of another machine is ended as `taken_over` when no seat is free.
 */
export async function startSession(
  { env, requestId, now }: Scope,
  customer: CustomerRow,
  machine: SeatMachine,
  takeover: boolean,
): Promise<{ sessionId: string; displaced: DisplacedSession | null }> {
  const outcome = await sessionsOf(env, customer.id).start({ customer: sessionCustomerOf(customer), machine, takeover, now, requestId });
  if (outcome.ok) return { sessionId: outcome.sessionId, displaced: outcome.displaced };
  if (outcome.code === 'UNAVAILABLE') throw unavailable();
  throw new ApiError('SESSION_CONFLICT', 'POSPal is already in use on another computer.', { holder: outcome.holder });
}

export type HeartbeatCustomer = SessionCustomer;

export interface HeartbeatResult {
  customer: HeartbeatCustomer;
  machineId: string;
  fingerprint: string;
}

/** A session id without a route (from before the objects, or made up): D1's record answers. */
async function explainUnrouted({ env, requestId, now }: Scope, idHash: string): Promise<ApiError> {
  const db = new Database(env.DB, breakerFor(env.DB), () => now);
  return deadSessionError(await explainFromD1(db, idHash, now, requestId));
}

export async function heartbeatSession(scope: Scope, sessionId: string): Promise<HeartbeatResult> {
  const idHash = await sha256Hex(sessionId);
  const stub = sessionsFor(scope.env, sessionId);
  if (!stub) throw await explainUnrouted(scope, idHash);
  const outcome = await stub.heartbeat(idHash, scope.now, scope.requestId);
  if (!outcome.ok) throw deadSessionError(outcome);
  return { customer: outcome.customer, machineId: outcome.machineId, fingerprint: outcome.fingerprint };
}

export async function endSession(scope: Scope, sessionId: string): Promise<void> {
  const idHash = await sha256Hex(sessionId);
  const stub = sessionsFor(scope.env, sessionId);
  if (!stub) throw await explainUnrouted(scope, idHash);
  const outcome = await stub.end(idHash, scope.now, scope.requestId);
  if (!outcome.ok) throw deadSessionError(outcome);
}

/**
 * Ends a customer's sessions by reference (the console, which audits it itself) or by machine (a
 * released or deactivated machine); the number the object ended.
 */
export async function endSessionsWhere({ env, requestId, now }: Scope, customerId: string, which: { ref: string } | { machineId: string }, audit: boolean): Promise<number> {
  return sessionsOf(env, customerId).endWhere(which, now, requestId, audit);
}
