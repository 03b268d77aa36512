/**
 * Every error code the app can show has a sentence in English and in Greek. The lists are
 * typed as Record<Code, true>, so a new code in core, the transport, the license agent or the
 * worker protocol is a compile error here until it is listed (and then this test wants text).
 */
import { describe, expect, it } from 'vitest';
import type { PosErrorCode } from '../../../core/errors';
import type { AgentProblem } from '../../../core/license/problems';
import type { TransportErrorValue } from '../../../server/dispatcher';
import type { ErrorCode as WorkerErrorCode } from 'licensing-worker/protocol';
import { en } from './en';
import { el } from './el';

const core: Record<PosErrorCode, true> = {
  OFFLINE: true, WORKER_ERROR: true, VALIDATION_FAILED: true, UNKNOWN_COMMAND: true, AUTH_REQUIRED: true, PERMISSION_DENIED: true, PIN_INVALID: true,
  STAFF_LOCKED: true, PIN_CHECK_BUSY: true, RATE_LIMITED: true, STAFF_NOT_FOUND: true, STAFF_INACTIVE: true,
  STAFF_ALREADY_EXISTS: true, LAST_OWNER: true, LICENSE_NOT_ACTIVE: true, DB_CORRUPT: true, DB_BUSY: true,
  DISK_FULL: true, DB_FROM_NEWER_APP: true, DB_MIGRATIONS_MISMATCH: true, DB_MIGRATION_FAILED: true,
  BACKUP_NOT_FOUND: true, BACKUP_INVALID: true, CATEGORY_NOT_FOUND: true, ITEM_NOT_FOUND: true, ITEM_UNAVAILABLE: true,
  BARCODE_TAKEN: true, TAX_RATE_NOT_FOUND: true, OPTION_NOT_FOUND: true, OPTION_CHOICE_INVALID: true, IMPORT_INVALID: true,
  ORDER_NOT_FOUND: true, ORDER_NOT_EDITABLE: true, ORDER_EMPTY: true, ORDER_NOT_PAID: true, ORDER_ALREADY_PAID: true,
  LINE_NOT_FOUND: true, DISCOUNT_INVALID: true, TABLE_NOT_FOUND: true, TABLE_OCCUPIED: true, TABLE_FREE: true,
  TABLE_HAS_PAYMENTS: true, PAYMENT_EXCEEDS_DUE: true, PAYMENT_TENDER_TOO_LOW: true, SPLIT_INVALID: true,
  REFUND_EXCEEDS_PAID: true, SETTING_INVALID: true, SHIFT_ALREADY_OPEN: true, SHIFT_NOT_OPEN: true, SHIFT_NOT_FOUND: true,
  Z_REPORT_NOT_FOUND: true, CASH_COUNT_INVALID: true, REPORT_RANGE_INVALID: true, PRINTER_OFFLINE: true,
  PRINTER_NOT_FOUND: true, PRINT_JOB_NOT_FOUND: true, KITCHEN_NOTHING_TO_SEND: true, NOT_FOUND: true, CONFLICT: true,
  INTERNAL: true, MENU_NOT_PUBLISHED: true, MENU_EMPTY: true,
  FISCAL_AFM_INVALID: true, FISCAL_NOT_CONFIGURED: true, FISCAL_CONFIRM_PRODUCTION: true, FISCAL_DOCUMENT_NOT_FOUND: true, FISCAL_REJECTED: true,
  OFFLINE_FILE_INVALID: true, OFFLINE_FILE_OTHER_MACHINE: true, OFFLINE_FILE_REVOKED: true, OFFLINE_FILE_EXPIRED: true, OFFLINE_FILE_MODE: true,
};

const transport: Record<TransportErrorValue['code'], true> = {
  UNAUTHENTICATED: true, DEVICE_NOT_PAIRED: true, RATE_LIMITED: true, INVALID_REQUEST: true, PAIRING_CODE_INVALID: true,
  LOCAL_ONLY: true, HOST_NOT_ALLOWED: true, UNSUPPORTED_MEDIA_TYPE: true, PAYLOAD_TOO_LARGE: true,
};

const license: Record<AgentProblem['code'], true> = {
  INVALID_INPUT: true, NOT_ACTIVATED: true, TOKEN_NEEDED: true, OFFLINE: true, INVALID_CREDENTIALS: true,
  SUBSCRIPTION_INACTIVE: true, MACHINE_LIMIT: true, SESSION_CONFLICT: true, LICENSE_UNVERIFIED: true,
  INSTANT_TIMEOUT: true, TOKEN_ALREADY_CLAIMED: true, CLAIM_EXPIRED: true, CHECK_EMAIL: true, WORKER_ERROR: true,
  TRIAL_USED: true, TRIAL_UNAVAILABLE: true,
  OFFLINE_FILE_INVALID: true, OFFLINE_FILE_OTHER_MACHINE: true, OFFLINE_FILE_REVOKED: true, OFFLINE_FILE_EXPIRED: true, OFFLINE_FILE_MODE: true,
};

/** The worker's codes reach the screen through the billing and account commands. */
const worker: Record<WorkerErrorCode, true> = {
  INVALID_REQUEST: true, INVALID_CREDENTIALS: true, SUBSCRIPTION_INACTIVE: true, NOT_FOUND: true, MACHINE_LIMIT: true,
  MACHINE_NOT_FOUND: true, CHECKOUT_PENDING: true, CHECK_EMAIL: true, CLAIM_EXPIRED: true, TOKEN_ALREADY_CLAIMED: true,
  ALREADY_SUBSCRIBED: true, SESSION_CONFLICT: true, SESSION_NOT_FOUND: true, SESSION_ENDED: true, PAYLOAD_TOO_LARGE: true,
  RATE_LIMITED: true, SERVICE_UNAVAILABLE: true, INTERNAL: true, SLUG_TAKEN: true, TRIAL_USED: true, TRIAL_UNAVAILABLE: true,
};

/** The renderer's own (errors.ts: the app could not be reached or answered oddly). */
const client = { NETWORK: true, INVALID_RESPONSE: true } as const;

describe('error codes', () => {
  const all = [...new Set([core, transport, license, worker, client].flatMap((list) => Object.keys(list)))].sort();

  it.each([['en', en.errors], ['el', el.errors]] as const)('every code the app can show has a %s sentence', (_lang, strings) => {
    const texts = strings as Record<string, string | undefined>;
    expect(all.filter((code) => !texts[code]?.trim())).toEqual([]);
  });

  it('the Greek sentence of every code is not the English one', () => {
    const same = all.filter((code) => (el.errors as Record<string, string>)[code] === (en.errors as Record<string, string>)[code]);
    expect(same).toEqual([]);
  });
});
