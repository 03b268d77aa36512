/**
 * Every error code a person may see, in one list for core, the transports and the screen (each
 * has an English and a Greek text in the renderer's i18n). Core raises the domain codes; the
 * transport adds its own (pairing, rate limits, request shape); the screen adds NETWORK.
 */
export const POS_ERROR_CODES = [
  // input / auth
  'VALIDATION_FAILED',
  'UNKNOWN_COMMAND',
  'AUTH_REQUIRED',
  'PERMISSION_DENIED',
  'PIN_INVALID',
  'STAFF_LOCKED',
  'PIN_CHECK_BUSY',
  'RATE_LIMITED',
  'STAFF_NOT_FOUND',
  'STAFF_INACTIVE',
  'STAFF_ALREADY_EXISTS',
  'LAST_OWNER',
  'LICENSE_NOT_ACTIVE',
  // database
  'DB_CORRUPT',
  'DB_BUSY',
  /** SQLITE_FULL / ENOSPC: the computer's disk is full; retryable once space is freed. */
  'DISK_FULL',
  'DB_FROM_NEWER_APP',
  'DB_MIGRATIONS_MISMATCH',
  'DB_MIGRATION_FAILED',
  'BACKUP_NOT_FOUND',
  'BACKUP_INVALID',
  // catalog
  'CATEGORY_NOT_FOUND',
  'ITEM_NOT_FOUND',
  'ITEM_UNAVAILABLE',
  'BARCODE_TAKEN',
  'TAX_RATE_NOT_FOUND',
  'OPTION_NOT_FOUND',
  'OPTION_CHOICE_INVALID',
  'IMPORT_INVALID',
  // orders, tables, payments, refunds
  'ORDER_NOT_FOUND',
  'ORDER_NOT_EDITABLE',
  'ORDER_EMPTY',
  'ORDER_NOT_PAID',
  'ORDER_ALREADY_PAID',
  'LINE_NOT_FOUND',
  'DISCOUNT_INVALID',
  'TABLE_NOT_FOUND',
  'TABLE_OCCUPIED',
  'TABLE_FREE',
  'TABLE_HAS_PAYMENTS',
  'PAYMENT_EXCEEDS_DUE',
  'PAYMENT_TENDER_TOO_LOW',
  'SPLIT_INVALID',
  'REFUND_EXCEEDS_PAID',
  'SETTING_INVALID',
  // shop operations (POS-B: shifts, reports, printing, settings)
  'SHIFT_ALREADY_OPEN',
  'SHIFT_NOT_OPEN',
  'SHIFT_NOT_FOUND',
  'Z_REPORT_NOT_FOUND',
  'CASH_COUNT_INVALID',
  'REPORT_RANGE_INVALID',
  'PRINTER_OFFLINE',
  'PRINTER_NOT_FOUND',
  'PRINT_JOB_NOT_FOUND',
  'KITCHEN_NOTHING_TO_SEND',
  // the QR menu (issue 13)
  'MENU_NOT_PUBLISHED',
  'MENU_EMPTY',
  'NOT_FOUND',
  'CONFLICT',
  // Greek fiscal documents, myDATA (issue 15)
  'FISCAL_AFM_INVALID',
  'FISCAL_NOT_CONFIGURED',
  'FISCAL_CONFIRM_PRODUCTION',
  'FISCAL_DOCUMENT_NOT_FOUND',
  /** AADE refused the document: details carry its code and message. */
  'FISCAL_REJECTED',
  // offline license files (issue 13 §4)
  'OFFLINE_FILE_INVALID',
  'OFFLINE_FILE_OTHER_MACHINE',
  'OFFLINE_FILE_REVOKED',
  'OFFLINE_FILE_EXPIRED',
  'OFFLINE_FILE_MODE',
  // the licensing worker, as the app reaches it (its own codes pass through as they are)
  'OFFLINE',
  'WORKER_ERROR',
  'INTERNAL',
] as const;
export type PosErrorCode = (typeof POS_ERROR_CODES)[number];

/** Codes the transport itself answers with (before a command runs). */
export const TRANSPORT_ERROR_CODES = [
  'UNAUTHENTICATED', 'DEVICE_NOT_PAIRED', 'RATE_LIMITED', 'INVALID_REQUEST', 'PAIRING_CODE_INVALID', 'LOCAL_ONLY',
  'HOST_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE',
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

/** The shape every transport sends to a client: a code a person can act on, never a stack. */
export interface ErrorValue<C extends string = PosErrorCode> {
  code: C;
  message: string;
  details?: Record<string, unknown>;
}
