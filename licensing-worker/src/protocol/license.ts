// The signed license file and its verification. Pure WebCrypto, so the app (Node 22) and the
// worker (workerd) verify with the very same code.
import { z } from 'zod';

export const LICENSE_ALG = 'base64+ed25519';
const SIGNING_PREFIX = 'license/';

/**
 * `trial`: a free trial, running until `currentPeriodEnd`; `expired`: a trial past its end (the
 * worker answers it so; the customer row keeps 'trial'). Only `active` and a running `trial` sell.
 */
export const licenseStatusSchema = z.enum(['active', 'trial', 'expired', 'suspended', 'cancelled']);
export type LicenseStatus = z.infer<typeof licenseStatusSchema>;

export const licensePayloadSchema = z.object({
  v: z.literal(1),
  customerId: z.string(),
  status: licenseStatusSchema,
  plan: z.string(),
  machineId: z.string(),
  machineFingerprint: z.string(),
  issuedAt: z.number().int(),
  nextCheckAt: z.number().int(),
  offlineGraceUntil: z.number().int(),
  currentPeriodEnd: z.number().int().nullable(),
  maxMachines: z.number().int(),
  maxConcurrent: z.number().int(),
  /**
   * The session whose call signed this license: only session answers (start, heartbeat,
   * takeover) carry it, and only they extend `offlineGraceUntil` (LICENSING.md).
   */
  sessionId: z.string().optional(),
});
export type LicensePayload = z.infer<typeof licensePayloadSchema>;

export const signedLicenseSchema = z.strictObject({
  alg: z.literal(LICENSE_ALG),
  kid: z.string().min(1).max(64),
  payload: z.string().min(1).max(8192),
  sig: z.string().min(1).max(200),
});
export type SignedLicense = z.infer<typeof signedLicenseSchema>;

export const publishedKeySchema = z.object({ kid: z.string(), alg: z.literal('Ed25519'), publicKey: z.string() });
export type PublishedKey = z.infer<typeof publishedKeySchema>;
export const licenseKeysResponseSchema = z.object({
  keys: z.array(publishedKeySchema),
  /** Keys of offline license files: their own signing context, never trusted for online licenses. */
  offlineKeys: z.array(publishedKeySchema).optional(),
  /** The signed list of revoked offline license files; absent: none revoked. */
  offlineRevocations: z.string().optional(),
});

export type LicenseVerification =
  | { ok: true; payload: LicensePayload; kid: string }
  | { ok: false; code: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'INVALID_PAYLOAD' };

export function base64urlEncode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export const base64ToBytes = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** The bytes the signature covers: a fixed context prefix + the base64url payload text. */
export const signingInput = (payloadB64: string): Uint8Array => new TextEncoder().encode(SIGNING_PREFIX + payloadB64);

/**
 * The SHA-256 (lower-case hex) of a license file's exact text: what an agent presents as
 * `heldLicense` so the worker may answer `licenseUnchanged` instead of signing a new one.
 */
export async function licenseHash(licenseFile: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(licenseFile)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** `kid=base64spki,kid2=...` (the LICENSE_PUBLIC_KEYS / POSPAL_LICENSE_KEYS format). */
export function parsePublicKeyList(spec: string | undefined): PublishedKey[] {
  const out: PublishedKey[] = [];
  for (const part of (spec ?? '').split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const kid = part.slice(0, i).trim();
    const publicKey = part.slice(i + 1).trim();
    if (kid && publicKey) out.push({ kid, alg: 'Ed25519', publicKey });
  }
  return out;
}

/**
 * Verifies a signed license (its JSON text or the parsed object) against trusted public keys
 * (SPKI, base64). Any alteration of payload, signature or kid fails.
 */
export async function verifyLicenseFile(
  file: string | unknown,
  trustedKeys: ReadonlyArray<Pick<PublishedKey, 'kid' | 'publicKey'>>,
): Promise<LicenseVerification> {
  let parsed: unknown = file;
  if (typeof file === 'string') {
    try {
      parsed = JSON.parse(file);
    } catch {
      return { ok: false, code: 'MALFORMED' };
    }
  }
  const envelope = signedLicenseSchema.safeParse(parsed);
  if (!envelope.success) return { ok: false, code: 'MALFORMED' };
  const { kid, payload, sig } = envelope.data;
  const key = trustedKeys.find((k) => k.kid === kid);
  if (!key) return { ok: false, code: 'UNKNOWN_KEY' };
  let valid = false;
  try {
    const publicKey = await crypto.subtle.importKey('spki', base64ToBytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
    valid = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, base64urlDecode(sig), signingInput(payload));
  } catch {
    return { ok: false, code: 'BAD_SIGNATURE' };
  }
  if (!valid) return { ok: false, code: 'BAD_SIGNATURE' };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(base64urlDecode(payload)));
  } catch {
    return { ok: false, code: 'INVALID_PAYLOAD' };
  }
  const checked = licensePayloadSchema.safeParse(body);
  if (!checked.success) return { ok: false, code: 'INVALID_PAYLOAD' };
  return { ok: true, payload: checked.data, kid };
}
