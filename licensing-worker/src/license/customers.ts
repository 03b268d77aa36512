// Who is asking: a customer by email + unlock token, read together with the presenting machine
// in ONE statement (a validate of a known machine costs one D1 read).
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import type { LicenseStatus } from '../protocol/license';
import { constantTimeEqual, hashToken, normalizeEmail } from '../tokens';
import { MACHINE_SESSION_COLUMN } from './sessions';

export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  token_hash: string;
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
  'c.id, c.email, c.name, c.token_hash, c.subscription_status, c.plan, c.current_period_end, c.cancel_at_period_end, c.max_machines, c.max_concurrent, c.activated_at';

const WITH_MACHINE = `SELECT ${CUSTOMER_COLUMNS},
  m.id AS machine_id, m.last_seen_at AS machine_last_seen_at, m.name AS machine_name,
  m.platform AS machine_platform, m.app_version AS machine_app_version,
  ${MACHINE_SESSION_COLUMN}
FROM customers c
LEFT JOIN machines m ON m.customer_id = c.id AND m.fingerprint = ?2 AND m.deactivated_at IS NULL`;

// A fixed hash to compare against when the email is unknown, so both cases take the same time.
const NO_CUSTOMER_HASH = '0'.repeat(64);

export const invalidCredentials = () =>
  new ApiError('INVALID_CREDENTIALS', 'The email or unlock token is not correct.');

export async function authenticateWithMachine(db: Database, email: string, token: string, fingerprint: string): Promise<CustomerWithMachine> {
  const row = await db.first<CustomerWithMachine>(`${WITH_MACHINE} WHERE c.email = ?1`, normalizeEmail(email), fingerprint);
  const presented = await hashToken(token);
  const ok = constantTimeEqual(presented, row?.token_hash ?? NO_CUSTOMER_HASH);
  if (!row || !ok) throw invalidCredentials();
  return row;
}

export async function customerByIdWithMachine(db: Database, customerId: string, fingerprint: string): Promise<CustomerWithMachine | null> {
  return db.first<CustomerWithMachine>(`${WITH_MACHINE} WHERE c.id = ?1`, customerId, fingerprint);
}

export async function authenticate(db: Database, email: string, token: string): Promise<CustomerRow> {
  const row = await db.first<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.email = ?`, normalizeEmail(email));
  const ok = constantTimeEqual(await hashToken(token), row?.token_hash ?? NO_CUSTOMER_HASH);
  if (!row || !ok) throw invalidCredentials();
  return row;
}
