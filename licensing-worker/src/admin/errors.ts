// Errors of the /admin console: the same body as the public API's, with console codes.
import type { Context } from 'hono';
import { ApiError } from '../http/errors';
import { errorText, logEvent } from '../log';

export const ADMIN_ERROR_STATUS = {
  ACCESS_REQUIRED: 401,
  NOT_AN_OPERATOR: 403,
  ROLE_REQUIRED: 403,
  CSRF_REJECTED: 403,
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_CARRIES_TOKEN: 409,
  STRIPE_NOT_CONFIGURED: 503,
  STRIPE_FAILED: 502,
  CONSOLE_NOT_CONFIGURED: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_STATUS;

export class AdminError extends Error {
  readonly status: number;
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = ADMIN_ERROR_STATUS[code];
  }
}

/** onError of the console: AdminErrors and the API's errors as JSON, anything else INTERNAL. */
export function renderAdminError(err: unknown, c: Context): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  let code: string;
  let status: number;
  let message: string;
  let details: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  if (err instanceof AdminError) {
    ({ code, status, message, details } = err);
  } else if (err instanceof ApiError) {
    ({ code, status, message, details } = err);
    Object.assign(headers, err.headers);
  } else {
    logEvent('error', 'unhandled_error', { requestId, area: 'admin', error: errorText(err) });
    code = 'INTERNAL';
    status = 500;
    message = 'Something went wrong in the console. Try again; if it persists, check the worker logs for this request id.';
  }
  const res = c.json({ success: false, requestId, error: { ...details, code, message, retryable: status >= 500 } }, status as 400);
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}
