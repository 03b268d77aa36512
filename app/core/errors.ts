/**
 * Errors are values with codes a UI can translate. `PosError` carries the code and small,
 * JSON-safe details; the API turns it into `{ code, message, details }` and never leaks stacks.
 */
import type { ErrorValue as SharedErrorValue, PosErrorCode } from '../shared/errors';

export type { PosErrorCode };

export class PosError extends Error {
  readonly code: PosErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: PosErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PosError';
    this.code = code;
    this.details = details;
  }
}

/** The shape every transport sends to a client. */
export type ErrorValue = SharedErrorValue<PosErrorCode>;

export function toErrorValue(e: unknown): ErrorValue {
  if (e instanceof PosError) {
    return e.details === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, details: e.details };
  }
  // Another connection held the write lock past busy_timeout: the client may simply retry.
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) {
    return { code: 'DB_BUSY', message: 'The database is busy; try again' };
  }
  // The disk is full: nothing was written (SQLite rolled back), so the same request can be
  // sent again once space is freed. Checked before the generic answer so the UI can say so.
  if (isDiskFull(e)) return diskFullError();
  // Unknown failures stay opaque to clients: the caller logs the original.
  return { code: 'INTERNAL', message: 'Internal error' };
}

/** SQLite's SQLITE_FULL (also the extended codes) or the OS's ENOSPC/EDQUOT from a file write. */
export function isDiskFull(e: unknown): boolean {
  if (!(e instanceof Error) || !('code' in e) || typeof e.code !== 'string') return false;
  return e.code.startsWith('SQLITE_FULL') || e.code === 'ENOSPC' || e.code === 'EDQUOT';
}

export function diskFullError(): ErrorValue {
  return {
    code: 'DISK_FULL',
    message: "This computer's disk is full: nothing was saved. Free some space and selling resumes",
    details: { retryable: true },
  };
}
