// The per-machine trial record decides "one trial per computer, ever": a machine is the same one
// by fingerprint, else by the component-majority rule of license/machines.ts (one changed
// network card does not make a new computer). Candidates are found by index (trial_components),
// never by reading every trial.
import type { Database } from '../db/database';
import { matchByComponents } from '../license/machines';
import type { Device } from '../protocol/licensing';

export interface TrialRecord {
  id: string;
  customer_id: string;
  fingerprint: string;
}

/** Trials sharing at least two component hashes are the only ones that can be a majority match. */
const CANDIDATE_LIMIT = 50;

function parseComponents(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export async function findTrialOfMachine(db: Database, device: Device): Promise<TrialRecord | null> {
  const byFingerprint = await db.first<TrialRecord>('SELECT id, customer_id, fingerprint FROM trials WHERE fingerprint = ?', device.machineFingerprint);
  if (byFingerprint) return byFingerprint;
  const pairs = Object.entries(device.components);
  if (pairs.length < 2) return null;
  const where = pairs.map(() => '(tc.hash = ? AND tc.name = ?)').join(' OR ');
  const rows = await db.all<TrialRecord & { components: string }>(
    `SELECT t.id, t.customer_id, t.fingerprint, t.components FROM trials t
     WHERE t.id IN (SELECT tc.trial_id FROM trial_components tc WHERE ${where} GROUP BY tc.trial_id HAVING count(*) >= 2 LIMIT ${CANDIDATE_LIMIT})`,
    ...pairs.flatMap(([name, hash]) => [hash, name]),
  );
  const match = matchByComponents(rows.map((r) => ({ ...r, components: parseComponents(r.components) })), device.components);
  return match ? { id: match.id, customer_id: match.customer_id, fingerprint: match.fingerprint } : null;
}

/** The statements that record a machine's trial (in the batch that creates the customer). */
export function recordTrialStatements(
  db: Database,
  trial: { id: string; customerId: string; email: string; claimHash: string; startedAt: number; endsAt: number; requestId: string },
  device: Device,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO trials (id, fingerprint, components, customer_id, email, claim_hash, started_at, ends_at, request_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(trial.id, device.machineFingerprint, JSON.stringify(device.components), trial.customerId, trial.email, trial.claimHash, trial.startedAt, trial.endsAt, trial.requestId),
    ...Object.entries(device.components).map(([name, hash]) =>
      db.prepare('INSERT INTO trial_components (trial_id, name, hash) VALUES (?, ?, ?)').bind(trial.id, name, hash),
    ),
  ];
}

/** Whether a checkout's claim hash is the one this customer's trial started with. */
export async function isTrialClaim(db: Database, customerId: string, claimHash: string | null | undefined): Promise<boolean> {
  if (!claimHash) return false;
  const row = await db.first<{ id: string }>('SELECT id FROM trials WHERE customer_id = ? AND claim_hash = ?', customerId, claimHash);
  return row !== null;
}
