/**
 * How the signed list of revoked offline license files reaches this computer: with any answer
 * of the worker (`recordingRevocations` around the license client), and on "check again" in
 * file mode (`revocationFetcher`: one GET of the worker's public keys endpoint). The list is
 * only a claim until `withOfflineFile` verifies it with the offline keys.
 */
import { licenseKeysResponseSchema } from 'licensing-worker/protocol';
import type { LicenseClient } from '../client';

/** The same client; every successful validate/session answer's list goes to `sink`. */
export function recordingRevocations(client: LicenseClient, sink: (signed: string) => void): LicenseClient {
  return {
    ...client,
    async unified(request) {
      const res = await client.unified(request);
      if (res.ok && res.data.offlineRevocations) sink(res.data.offlineRevocations);
      return res;
    },
  };
}

/** GET <worker>/.well-known/license-keys → its signed revocation list, or null (none, or no answer). */
export function revocationFetcher(baseUrl: string, fetchImpl: typeof fetch = fetch, timeoutMs = 5000): () => Promise<string | null> {
  return async () => {
    try {
      const res = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/.well-known/license-keys`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) return null;
      const body = licenseKeysResponseSchema.safeParse(await res.json());
      return body.success ? (body.data.offlineRevocations ?? null) : null;
    } catch {
      return null;
    }
  };
}
