/** The audit trail: who did what sensitive thing, when. Written inside the same transaction as the action. */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { sql } from '../../db/statements';

export interface AuditEntry {
  staffId: string | null;
  action: string; // e.g. 'order.void', 'order.refund', 'order.discount', 'settings.write'
  entity: string; // e.g. 'order', 'staff', 'settings'
  entityId?: string | null;
  details?: Record<string, unknown>;
}

export function writeAudit(db: Db, clock: Clock, entry: AuditEntry): string {
  const id = uuidv7(clock);
  sql(db, 'INSERT INTO audit_log (id, at, staff_id, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id, clock.now(), entry.staffId, entry.action, entry.entity, entry.entityId ?? null, JSON.stringify(entry.details ?? {}),
  );
  return id;
}

export interface AuditRow {
  id: string;
  at: number;
  staffId: string | null;
  staffName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  details: Record<string, unknown>;
}

export function listAudit(db: Db, query: { from?: number; to?: number; action?: string; limit: number }): AuditRow[] {
  const rows = sql(db, `
    SELECT a.id, a.at, a.staff_id AS staffId, s.name AS staffName, a.action, a.entity, a.entity_id AS entityId, a.details
    FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
    WHERE a.at >= ? AND a.at < ? AND (? IS NULL OR a.action = ?)
    ORDER BY a.at DESC, a.id DESC LIMIT ?`).all(
    query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER, query.action ?? null, query.action ?? null, query.limit,
  ) as (Omit<AuditRow, 'details'> & { details: string })[];
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
