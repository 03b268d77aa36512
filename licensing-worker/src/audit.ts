// Audit log of every state change, with the request id. Never tokens or session ids in details.

export interface AuditEntry {
  requestId: string | null;
  customerId: string | null;
  action: string;
  details?: Record<string, unknown>;
  at?: number;
}

/** A prepared INSERT, so callers can put it in the same `batch` as the change it records. */
export function auditStatement(db: Pick<D1Database, 'prepare'>, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (at, request_id, customer_id, action, details) VALUES (?, ?, ?, ?, ?)')
    .bind(entry.at ?? Date.now(), entry.requestId, entry.customerId, entry.action, JSON.stringify(entry.details ?? {}));
}

export async function audit(db: Pick<D1Database, 'prepare'>, entry: AuditEntry): Promise<void> {
  await auditStatement(db, entry).run();
}
