/**
 * Errors are values with codes a UI can translate. `PosError` carries the code and small,
 * JSON-safe details; the API turns it into `{ code, message, details }` and never leaks stacks.
 */
export type PosErrorCode =
  // input / auth
  | 'VALIDATION_FAILED'
  | 'UNKNOWN_COMMAND'
  | 'AUTH_REQUIRED'
  | 'PERMISSION_DENIED'
  | 'PIN_INVALID'
  | 'STAFF_LOCKED'
  | 'PIN_CHECK_BUSY'
  | 'RATE_LIMITED'
  | 'STAFF_NOT_FOUND'
  | 'STAFF_INACTIVE'
  | 'STAFF_ALREADY_EXISTS'
  | 'LAST_OWNER'
  | 'LICENSE_NOT_ACTIVE'
  // database
  | 'DB_CORRUPT'
  | 'DB_BUSY'
  /** SQLITE_FULL / ENOSPC: the computer's disk is full; retryable once space is freed. */
  | 'DISK_FULL'
  | 'DB_FROM_NEWER_APP'
  | 'DB_MIGRATIONS_MISMATCH'
  | 'DB_MIGRATION_FAILED'
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_INVALID'
  // catalog
  | 'CATEGORY_NOT_FOUND'
  | 'ITEM_NOT_FOUND'
  | 'ITEM_UNAVAILABLE'
  | 'BARCODE_TAKEN'
  | 'TAX_RATE_NOT_FOUND'
  | 'OPTION_NOT_FOUND'
  | 'OPTION_CHOICE_INVALID'
  | 'IMPORT_INVALID'
  // orders, tables, payments, refunds
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_EDITABLE'
  | 'ORDER_EMPTY'
  | 'ORDER_NOT_PAID'
  | 'ORDER_ALREADY_PAID'
  | 'LINE_NOT_FOUND'
  | 'DISCOUNT_INVALID'
  | 'TABLE_NOT_FOUND'
  | 'TABLE_OCCUPIED'
  | 'TABLE_FREE'
  | 'TABLE_HAS_PAYMENTS'
  | 'PAYMENT_EXCEEDS_DUE'
  | 'PAYMENT_TENDER_TOO_LOW'
  | 'SPLIT_INVALID'
  | 'REFUND_EXCEEDS_PAID'
  | 'SETTING_INVALID'
  // shop operations (POS-B: shifts, reports, printing, settings)
  | 'SHIFT_ALREADY_OPEN'
  | 'SHIFT_NOT_OPEN'
  | 'SHIFT_NOT_FOUND'
  | 'Z_REPORT_NOT_FOUND'
  | 'CASH_COUNT_INVALID'
  | 'REPORT_RANGE_INVALID'
  | 'PRINTER_OFFLINE'
  | 'PRINTER_NOT_FOUND'
  | 'PRINT_JOB_NOT_FOUND'
  | 'KITCHEN_NOTHING_TO_SEND'
  // the QR menu (issue 13)
  | 'MENU_NOT_PUBLISHED'
  | 'MENU_EMPTY'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL';

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
export interface ErrorValue {
  code: PosErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function isPosError(e: unknown): e is PosError {
  return e instanceof PosError;
}

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
