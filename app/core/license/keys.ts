/**
 * Public keys the app trusts for signed licenses, by `kid` (several, for rotation).
 * The built-in keys ship with the app; `POSPAL_LICENSE_KEYS` adds keys for development and
 * tests ONLY when the app is not packaged: otherwise anyone could sign their own license.
 */
import { createPublicKey } from 'node:crypto';
import type { PublishedKey } from 'licensing-worker/protocol';

/**
 * Production keys (kid → Ed25519 SPKI DER, base64). Filled in at release time from the
 * worker's `GET /.well-known/license-keys`; the private halves never enter this repository.
 */
export const BUILT_IN_LICENSE_KEYS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Production keys of OFFLINE license files (the reseller model), in their own signing context:
 * never trusted for online licenses, and the online keys are never trusted for files. Filled in
 * at release time from `offlineKeys` of the worker's `GET /.well-known/license-keys`.
 */
export const BUILT_IN_OFFLINE_LICENSE_KEYS: Readonly<Record<string, string>> = Object.freeze({});

export type TrustedKey = Pick<PublishedKey, 'kid' | 'publicKey'>;

export interface TrustedKeys {
  /** The keys in the shape `verifyLicenseFile` (licensing-worker/protocol) takes. */
  list(): readonly TrustedKey[];
  kids(): string[];
}

export interface TrustedKeysOptions {
  /** True in a packaged (installed) app: extra keys are refused. */
  packaged: boolean;
  extraKeys?: Record<string, string>;
  builtIn?: Readonly<Record<string, string>>;
}

export function trustedKeys(options: TrustedKeysOptions): TrustedKeys {
  const sources: Record<string, string> = { ...(options.builtIn ?? BUILT_IN_LICENSE_KEYS) };
  if (!options.packaged) {
    // A built-in kid is never replaced by an environment variable.
    for (const [kid, key] of Object.entries(options.extraKeys ?? {})) sources[kid] ??= key;
  }
  const keys: TrustedKey[] = Object.entries(sources)
    .filter(([, b64]) => isEd25519Spki(b64))
    .map(([kid, publicKey]) => ({ kid, publicKey }));
  Object.freeze(keys);
  return { list: () => keys, kids: () => keys.map((k) => k.kid) };
}

/** The keys offline license files verify with: the built-in offline keys (+ dev extras when not packaged). */
export function offlineTrustedKeys(options: TrustedKeysOptions): TrustedKeys {
  return trustedKeys({ ...options, builtIn: options.builtIn ?? BUILT_IN_OFFLINE_LICENSE_KEYS });
}

/** Junk in a variable is dropped here rather than failing every verification later. */
export function isEd25519Spki(b64: string): boolean {
  try {
    return createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
