// Every console action is written to audit_log with the operator who took it.
import type { Database } from '../db/database';
import type { AdminContext } from './context';

export interface OperatorAuditEntry {
  customerId?: string | null;
  action: string;
  details?: Record<string, unknown>;
}

export function operatorAuditStatement(db: Database, c: AdminContext, entry: OperatorAuditEntry): D1PreparedStatement {
  const op = c.get('operator');
  const actor = op?.email ?? `service:${c.get('serviceClientId') ?? 'unknown'}`;
  return db
    .prepare('INSERT INTO audit_log (at, request_id, customer_id, action, details, operator) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(c.get('now')(), c.get('requestId'), entry.customerId ?? null, entry.action, JSON.stringify({ ...entry.details, role: op?.role ?? 'service' }), actor);
}

export async function operatorAudit(c: AdminContext, entry: OperatorAuditEntry): Promise<void> {
  const db = c.get('db');
  await db.batch([operatorAuditStatement(db, c, entry)]);
}
