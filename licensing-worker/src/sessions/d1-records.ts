// The durable record of sessions in D1 (table `sessions` + audit_log), written by the customer's
// Durable Object: started, ended (ended, taken over, timed out) and a last-seen time written at
// most every flush interval. Records are plain data, so unwritten ones survive in the object's
// storage and are retried by its alarm. Every statement is idempotent (a retry changes nothing).
import type { Database } from '../db/database';
import type { EndReason } from './seats';

export type SessionRecord =
  | { kind: 'started'; idHash: string; ref: string; customerId: string; machineId: string; at: number; requestId: string; takeover: boolean }
  | {
      kind: 'ended';
      idHash: string;
      ref: string;
      customerId: string;
      reason: EndReason;
      at: number;
      lastCallAt: number;
      requestId: string | null;
      byMachineId?: string;
      /** false: the caller audits it itself (the operator console). */
      audit: boolean;
    }
  | { kind: 'seen'; idHash: string; lastCallAt: number };

const AUDIT_OF: Record<EndReason, string> = { ended: 'session_ended', taken_over: 'session_taken_over', timed_out: 'session_timed_out' };

function statementsOf(db: Database, r: SessionRecord): D1PreparedStatement[] {
  switch (r.kind) {
    case 'started':
      return [
        db
          .prepare(`INSERT OR IGNORE INTO sessions (id_hash, ref, customer_id, machine_id, started_at, last_heartbeat_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)`)
          .bind(r.idHash, r.ref, r.customerId, r.machineId, r.at),
        db
          .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, 'session_started', ? WHERE changes() > 0`)
          .bind(r.at, r.requestId, r.customerId, JSON.stringify({ session: r.ref, machineId: r.machineId, takeover: r.takeover })),
      ];
    case 'ended': {
      const end = db
        .prepare(`UPDATE sessions SET ended_at = ?1, end_reason = ?2, last_heartbeat_at = max(last_heartbeat_at, ?3) WHERE id_hash = ?4 AND ended_at IS NULL`)
        .bind(r.at, r.reason, r.lastCallAt, r.idHash);
      if (!r.audit) return [end];
      const details = r.reason === 'taken_over' ? { byMachineId: r.byMachineId } : { session: r.ref };
      return [
        end,
        db
          .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details) SELECT ?, ?, ?, ?, ? WHERE changes() > 0`)
          .bind(r.at, r.requestId, r.customerId, AUDIT_OF[r.reason], JSON.stringify(details)),
      ];
    }
    case 'seen':
      return [db.prepare(`UPDATE sessions SET last_heartbeat_at = ?1 WHERE id_hash = ?2 AND ended_at IS NULL AND last_heartbeat_at < ?1`).bind(r.lastCallAt, r.idHash)];
  }
}

/** Writes the records in one batch (one transaction); nothing to write, no statement. */
export async function writeRecords(db: Database, records: SessionRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.batch(records.flatMap((r) => statementsOf(db, r)));
}

export type DeadSession = { code: 'SESSION_NOT_FOUND' } | { code: 'SESSION_ENDED'; reason: EndReason };

/**
 * A session the object does not hold: D1's record says why (one that was never the object's, or
 * that it has forgotten). An open record without a live seat is closed as timed out, as the
 * object's alarm would have.
 */
export async function explainFromD1(db: Database, idHash: string, now: number, requestId: string): Promise<DeadSession> {
  const row = await db.first<{ ended_at: number | null; end_reason: EndReason | null; last_heartbeat_at: number; customer_id: string; ref: string }>(
    'SELECT ended_at, end_reason, last_heartbeat_at, customer_id, ref FROM sessions WHERE id_hash = ?',
    idHash,
  );
  if (!row) return { code: 'SESSION_NOT_FOUND' };
  if (row.ended_at !== null) return { code: 'SESSION_ENDED', reason: row.end_reason ?? 'ended' };
  await writeRecords(db, [
    { kind: 'ended', idHash, ref: row.ref, customerId: row.customer_id, reason: 'timed_out', at: now, lastCallAt: row.last_heartbeat_at, requestId, audit: true },
  ]);
  return { code: 'SESSION_ENDED', reason: 'timed_out' };
}
