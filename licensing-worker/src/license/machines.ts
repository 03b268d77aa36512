// Machines: matched by fingerprint, else by a majority of hardware components (one changed NIC
// keeps the seat), else registered as new within max_machines (MACHINE_LIMIT with the list).
import { auditStatement } from '../audit';
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import { uuidv7 } from '../ids';
import { componentMajority } from '../protocol/offline-license';
import type { RegisteredMachine } from '../protocol/errors';
import type { Device } from '../protocol/licensing';
import type { CustomerWithMachine } from './customers';

/** A known machine's last_seen_at is refreshed at most this often (D1 bills every write). */
export const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export type MatchedBy = 'fingerprint' | 'components' | 'new';

export interface ResolvedMachine {
  id: string;
  matchedBy: MatchedBy;
  /** The machine's previous successful check (null for a new machine). */
  previousSeenAt: number | null;
  name: string;
  platform: string;
}

interface MachineRow {
  id: string;
  fingerprint: string;
  components: string;
  name: string;
  platform: string;
  created_at: number;
  last_seen_at: number;
}

export interface RequestScope {
  db: Database;
  requestId: string;
  now: number;
  /** Called after a machine was re-identified by its components. */
  onMachineChanged?: (machine: { name: string; platform: string }) => Promise<void>;
}

function parseComponents(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The candidate sharing most components, if they are a majority: at least 2 equal and more than
 * half of the larger component set.
 */
export function matchByComponents<T extends { components: Record<string, string> }>(candidates: T[], presented: Record<string, string>): T | null {
  let best: T | null = null;
  let bestScore = 0;
  for (const c of candidates) {
    const same = componentMajority(c.components, presented);
    if (same > bestScore) {
      best = c;
      bestScore = same;
    }
  }
  return best;
}

export const toRegisteredMachine = (m: MachineRow): RegisteredMachine => ({
  id: m.id,
  name: m.name,
  platform: m.platform,
  lastSeenAt: m.last_seen_at,
  createdAt: m.created_at,
});

export async function resolveMachine(scope: RequestScope, customer: CustomerWithMachine, device: Device): Promise<ResolvedMachine> {
  const { db, now, requestId } = scope;
  if (customer.machine_id) {
    const changed =
      customer.machine_name !== device.name || customer.machine_platform !== device.platform || customer.machine_app_version !== device.appVersion;
    const previousSeenAt = customer.machine_last_seen_at;
    if (changed || previousSeenAt === null || now - previousSeenAt > TOUCH_INTERVAL_MS) {
      await db.batch([
        db
          .prepare('UPDATE machines SET last_seen_at = ?, name = ?, platform = ?, app_version = ? WHERE id = ?')
          .bind(now, device.name, device.platform, device.appVersion, customer.machine_id),
        db.prepare('UPDATE customers SET last_validated_at = ? WHERE id = ?').bind(now, customer.id),
      ]);
    }
    return { id: customer.machine_id, matchedBy: 'fingerprint', previousSeenAt, name: device.name, platform: device.platform };
  }

  const rows = await db.all<MachineRow>(
    'SELECT id, fingerprint, components, name, platform, created_at, last_seen_at FROM machines WHERE customer_id = ? AND deactivated_at IS NULL ORDER BY created_at',
    customer.id,
  );
  const match = matchByComponents(rows.map((r) => ({ ...r, components: parseComponents(r.components) })), device.components);
  if (match) {
    await db.batch([
      db
        .prepare('UPDATE machines SET fingerprint = ?, components = ?, name = ?, platform = ?, app_version = ?, last_seen_at = ? WHERE id = ?')
        .bind(device.machineFingerprint, JSON.stringify(device.components), device.name, device.platform, device.appVersion, now, match.id),
      db.prepare('UPDATE customers SET last_validated_at = ? WHERE id = ?').bind(now, customer.id),
      auditStatement(db, {
        at: now,
        requestId,
        customerId: customer.id,
        action: 'machine_changed',
        details: { machineId: match.id, name: device.name, platform: device.platform },
      }),
    ]);
    await scope.onMachineChanged?.({ name: device.name || match.name, platform: device.platform });
    return { id: match.id, matchedBy: 'components', previousSeenAt: match.last_seen_at, name: device.name, platform: device.platform };
  }

  // New machine: the seat check and the insert are one statement, so two new machines racing
  // for the last seat cannot both get it.
  const id = uuidv7(now);
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO machines (id, customer_id, fingerprint, components, name, platform, app_version, created_at, last_seen_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8
         WHERE (SELECT count(*) FROM machines WHERE customer_id = ?2 AND deactivated_at IS NULL) < ?9
         ON CONFLICT DO NOTHING`,
      )
      .bind(id, customer.id, device.machineFingerprint, JSON.stringify(device.components), device.name, device.platform, device.appVersion, now, customer.max_machines),
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, customer_id, action, details)
         SELECT ?, ?, ?, ?, ? WHERE changes() > 0`,
      )
      .bind(now, requestId, customer.id, customer.activated_at === null ? 'activation' : 'machine_registered', JSON.stringify({ machineId: id, name: device.name, platform: device.platform })),
    db
      .prepare('UPDATE customers SET activated_at = coalesce(activated_at, ?1), last_validated_at = ?1 WHERE id = ?2 AND EXISTS (SELECT 1 FROM machines WHERE id = ?3)')
      .bind(now, customer.id, id),
  ]);
  if ((inserted?.meta.changes ?? 0) > 0) {
    return { id, matchedBy: 'new', previousSeenAt: null, name: device.name, platform: device.platform };
  }
  // Lost a race with the same device (same fingerprint registered meanwhile)?
  const same = await db.first<{ id: string; last_seen_at: number }>(
    'SELECT id, last_seen_at FROM machines WHERE customer_id = ? AND fingerprint = ? AND deactivated_at IS NULL',
    customer.id,
    device.machineFingerprint,
  );
  if (same) return { id: same.id, matchedBy: 'fingerprint', previousSeenAt: same.last_seen_at, name: device.name, platform: device.platform };
  throw new ApiError('MACHINE_LIMIT', `This subscription is already used on ${customer.max_machines} computers. Deactivate one to use this computer.`, {
    maxMachines: customer.max_machines,
    machines: rows.map(toRegisteredMachine),
  });
}
