// Every console action is written to audit_log with the operator who took it.
import type { Database } from '../db/database';
import type { AdminContext } from './context';

export interface OperatorAuditEntry {
  customerId?: string | null;
  action: string;
  details?: Record<string, unknown>;
}

function values(c: AdminContext, entry: OperatorAuditEntry): unknown[] {
  const op = c.get('operator');
  const actor = op?.email ?? `service:${c.get('serviceClientId') ?? 'unknown'}`;
  return [c.get('now')(), c.get('requestId'), entry.customerId ?? null, entry.action, JSON.stringify({ ...entry.details, role: op?.role ?? 'service' }), actor];
}

export function operatorAuditStatement(db: Database, c: AdminContext, entry: OperatorAuditEntry): D1PreparedStatement {
  return db.prepare('INSERT INTO audit_log (at, request_id, customer_id, action, details, operator) VALUES (?, ?, ?, ?, ?, ?)').bind(...values(c, entry));
}

/** The audit row only when `condition` holds (e.g. the change in the same batch happened). */
export function operatorAuditIf(db: Database, c: AdminContext, entry: OperatorAuditEntry, condition: string, ...params: unknown[]): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_log (at, request_id, customer_id, action, details, operator) SELECT ?, ?, ?, ?, ?, ? WHERE ${condition}`)
    .bind(...values(c, entry), ...params);
}
