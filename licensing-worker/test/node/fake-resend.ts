/// <reference types="node" />
import { startRecordingServer } from './recorder';

/**
 * Answers like Resend's POST /emails. A recipient starting with "bounce" gets a 422 so tests
 * can see a provider failure recorded in email_log.
 */
export function startFakeResend() {
  let next = 0;
  return startRecordingServer((request) => {
    if (request.method !== 'POST' || request.path !== '/emails') {
      return { status: 404, body: { statusCode: 404, name: 'not_found', message: 'Not found' } };
    }
    if (request.headers.authorization !== 'Bearer re_test_key') {
      return { status: 401, body: { statusCode: 401, name: 'missing_api_key', message: 'Invalid API key' } };
    }
    const body = request.json as { to?: string[] } | null;
    if (body?.to?.some((address) => address.startsWith('bounce'))) {
      return { status: 422, body: { statusCode: 422, name: 'validation_error', message: 'Recipient rejected' } };
    }
    next += 1;
    return { status: 200, body: { id: `re_fake_${next}` } };
  });
}
