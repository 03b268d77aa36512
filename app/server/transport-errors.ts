/** Error envelopes and HTTP statuses for the transport (core codes + the transport's own). */
import type { Envelope, TransportErrorValue } from './dispatcher';

export function transportError(code: TransportErrorValue['code'], message: string, details?: Record<string, unknown>): Envelope<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  DEVICE_NOT_PAIRED: 401,
  AUTH_REQUIRED: 401,
  PIN_INVALID: 401,
  PAIRING_CODE_INVALID: 403,
  PERMISSION_DENIED: 403,
  LOCAL_ONLY: 403,
  STAFF_LOCKED: 423,
  LICENSE_NOT_ACTIVE: 403,
  RATE_LIMITED: 429,
  PIN_CHECK_BUSY: 429,
  HOST_NOT_ALLOWED: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNKNOWN_COMMAND: 404,
  NOT_FOUND: 404,
  DB_CORRUPT: 500,
  DISK_FULL: 503,
  INTERNAL: 500,
};

/** 404 for every `*_NOT_FOUND`, 409 for the other domain rules (state conflicts). */
type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429 | 500 | 503;
export function httpStatusOf(code: string): Status {
  const s = STATUS[code] ?? (code.endsWith('_NOT_FOUND') ? 404 : 409);
  return s as Status;
}
