/**
 * The worker's account endpoints (checkout, billing portal, token recovery) are methods of the
 * one licensing-worker client (./client.ts): same axios stack, same retry policy, same failure
 * type. This module names the part the license commands use and turns a failure into the error
 * code a person reads.
 */
import { PosError } from '../errors';
import type { PosErrorCode } from '../errors';
import { createLicenseClient } from './client';
import type { LicenseClient, LicenseClientOptions, WorkerFailure } from './client';

export type BillingClient = Pick<LicenseClient, 'checkout' | 'portal' | 'recover' | 'trialTerms'>;

/** The one client, seen from the account commands (tests pass a fetch that answers for the worker). */
export function createBillingClient(baseUrl: string, fetchImpl?: typeof fetch, options: Omit<LicenseClientOptions, 'baseUrl' | 'fetch'> = {}): BillingClient {
  return createLicenseClient({ ...options, baseUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

/**
 * A failed worker call as the error the screen translates: the worker's own code (its answer to
 * these credentials), OFFLINE when it could not be reached, WORKER_ERROR when it answered
 * outside the protocol.
 */
export function workerFailureError(failure: WorkerFailure): PosError {
  if (failure.kind === 'rejected') return new PosError(failure.code as PosErrorCode /* the worker's codes are its own */, failure.message, failure.details);
  if (failure.kind === 'unreachable') return new PosError('OFFLINE', 'Cannot reach the POSPal license service; check the internet connection');
  return new PosError('WORKER_ERROR', `The license service answered in an unexpected way (HTTP ${failure.status})`);
}
