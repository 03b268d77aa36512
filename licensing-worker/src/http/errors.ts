// ApiError: a failure with a code from the protocol, turned into the JSON error body.
import type { Context } from 'hono';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../protocol/errors';
import { errorText, logEvent } from '../log';

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'INTERNAL', 'CHECKOUT_PENDING']);

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
    this.headers = headers;
  }
}

export function errorBody(requestId: string, err: ApiError): ErrorBody {
  return {
    success: false,
    requestId,
    error: { ...err.details, code: err.code, message: err.message, retryable: RETRYABLE.has(err.code) },
  };
}

/** Hono's onError: ApiErrors become their body; anything else is INTERNAL without a stack trace. */
export function renderError(err: unknown, c: Context): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  let apiError: ApiError;
  if (err instanceof ApiError) {
    apiError = err;
  } else {
    // Logged for the operator (with the request id), never sent to the client.
    logEvent('error', 'unhandled_error', { requestId, error: errorText(err) });
    apiError = new ApiError('INTERNAL', 'Something went wrong on our side. Please try again.');
  }
  const res = c.json(errorBody(requestId, apiError), apiError.status as 400);
  for (const [k, v] of Object.entries(apiError.headers)) res.headers.set(k, v);
  return res;
}
