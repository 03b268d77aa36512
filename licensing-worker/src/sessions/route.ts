// Routing to a customer's sessions object. A session id is `<object id, 64 hex><256 random bits,
// base64url>` (107 characters): the prefix is the route (idFromName(customerId), not a secret),
// the rest the bearer secret. Only its SHA-256 is stored or sent on; it is never logged.
import type { Env } from '../env';
import { errorText, logEvent } from '../log';
import type { CustomerSessions } from './object';

const OBJECT_ID = /^[0-9a-f]{64}/;

export type SessionsStub = DurableObjectStub<CustomerSessions>;

export const sessionsOf = (env: Env, customerId: string): SessionsStub => env.SESSIONS.get(env.SESSIONS.idFromName(customerId));

/** The object a session id routes to; null for an id without a valid route (unknown, or from before the objects). */
export function sessionsFor(env: Env, sessionId: string): SessionsStub | null {
  const route = OBJECT_ID.exec(sessionId)?.[0];
  if (!route || sessionId.length < route.length + 43) return null;
  try {
    return env.SESSIONS.get(env.SESSIONS.idFromString(route));
  } catch {
    return null; // not an id of this namespace
  }
}

/**
 * Billing changed a customer: its object re-reads it at the next heartbeat. Best effort: if the
 * object can't be told, its own re-read (CUSTOMER_REFRESH_MS) still bounds the delay.
 */
export async function tellSessionsCustomerChanged(env: Env, customerId: string): Promise<void> {
  try {
    await sessionsOf(env, customerId).customerChanged();
  } catch (e) {
    logEvent('warn', 'sessions_not_told', { customerId, error: errorText(e) });
  }
}
