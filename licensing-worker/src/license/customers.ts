// Who is asking: a customer by email + unlock token, read together with the presenting machine
// in ONE statement (a validate of a known machine costs one D1 read).
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import type { LicenseStatus } from '../protocol/license';
import { matchTokenHash, promoteNextToken } from '../recovery/rotation';
import { hashToken, normalizeEmail } from '../tokens';
import { MACHINE_SESSION_COLUMN } from './sessions';

export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  token_hash: string;
  /** Issued by a confirmed recovery; works beside token_hash until its first use. */
  next_token_hash: string | null;
  subscription_status: LicenseStatus;
  plan: string;
  current_period_end: number | null;
  cancel_at_period_end: number;
  max_machines: number;
  max_concurrent: number;
  activated_at: number | null;
}

export interface KnownMachineRow {
  machine_id: string | null;
  machine_last_seen_at: number | null;
  machine_name: string | null;
  machine_platform: string | null;
  machine_app_version: string | null;
  /** The machine's latest session as JSON (sessions.ts MACHINE_SESSION_COLUMN); absent: none. */
  machine_session?: string | null;
}

export type CustomerWithMachine = CustomerRow & KnownMachineRow;

export const CUSTOMER_COLUMNS =
  'c.id, c.email, c.name, c.token_hash, c.next_token_hash, c.subscription_status, c.plan, c.current_period_end, c.cancel_at_period_end, c.max_machines, c.max_concurrent, c.activated_at';

const WITH_MACHINE = `SELECT ${CUSTOMER_COLUMNS},
  m.id AS machine_id, m.last_seen_at AS machine_last_seen_at, m.name AS machine_name,
  m.platform AS machine_platform, m.app_version AS machine_app_version,
  ${MACHINE_SESSION_COLUMN}
FROM customers c
LEFT JOIN machines m ON m.customer_id = c.id AND m.fingerprint = ?2 AND m.deactivated_at IS NULL`;

export const invalidCredentials = () =>
  new ApiError('INVALID_CREDENTIALS', 'The email or unlock token is not correct.');

export async function authenticateWithMachine(db: Database, email: string, token: string, fingerprint: string): Promise<CustomerWithMachine> {
  const row = await db.first<CustomerWithMachine>(`${WITH_MACHINE} WHERE c.email = ?1`, normalizeEmail(email), fingerprint);
  return checkToken(db, row, token);
}

export async function customerByIdWithMachine(db: Database, customerId: string, fingerprint: string): Promise<CustomerWithMachine | null> {
  return db.first<CustomerWithMachine>(`${WITH_MACHINE} WHERE c.id = ?1`, customerId, fingerprint);
}

export async function authenticate(db: Database, email: string, token: string): Promise<CustomerRow> {
  const row = await db.first<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.email = ?`, normalizeEmail(email));
  return checkToken(db, row, token);
}

/** The current token, or the one a confirmed recovery issued (whose first use promotes it). */
async function checkToken<T extends CustomerRow>(db: Database, row: T | null, token: string): Promise<T> {
  const presented = await hashToken(token);
  const matched = matchTokenHash(presented, row);
  if (!row || !matched) throw invalidCredentials();
  if (matched === 'next') await promoteNextToken(db, row.id, presented);
  return row;
}
