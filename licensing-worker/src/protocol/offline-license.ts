// Offline license files (the reseller model): the Hardware ID a shop reads in its app, the
// signed file a distributor issues for it, and the signed list of revoked files. Pure WebCrypto
// and zod, so the app (Node 22) and the worker (workerd) share every byte of it.
//
// Signing context: an offline file is signed over OFFLINE_FILE_PREFIX + payload and a revocation
// list over OFFLINE_REVOCATIONS_PREFIX + payload, with the worker's OFFLINE_LICENSE_SIGNING_KEY
// (its own kid). The online license uses "license/" and LICENSE_SIGNING_KEY: neither verifies
// in the other's place, even if one key pair were (wrongly) trusted in both contexts.
import { z } from 'zod';
import { LICENSE_ALG, base64ToBytes, base64urlDecode, base64urlEncode } from './license';

export const OFFLINE_FILE_FORMAT = 'pospal-offline-license';
export const OFFLINE_REVOCATIONS_FORMAT = 'pospal-offline-revocations';
const OFFLINE_FILE_PREFIX = 'pospal-offline-license/v1/';
const OFFLINE_REVOCATIONS_PREFIX = 'pospal-offline-revocations/v1/';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest');

/** The machine as the worker matches it: fingerprint, and salted component hashes by name. */
export const hardwareSchema = z.strictObject({
  fingerprint: hex64,
  components: z.record(z.string().min(1).max(40).regex(/^[A-Za-z0-9_]+$/), hex64).refine((c) => Object.keys(c).length >= 1 && Object.keys(c).length <= 12, 'between 1 and 12 components'),
});
export type Hardware = z.infer<typeof hardwareSchema>;

export const offlineFilePayloadSchema = z.strictObject({
  v: z.literal(1),
  fileId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  hardware: hardwareSchema,
  /** The shop the file is for (its name, as the distributor wrote it). */
  customer: z.string().min(1).max(200),
  distributor: z.string().min(1).max(200),
  issuedAt: z.number().int(),
  /** null: perpetual. */
  expiresAt: z.number().int().nullable(),
  seats: z.literal(1),
});
export type OfflineFilePayload = z.infer<typeof offlineFilePayloadSchema>;

export const revocationListPayloadSchema = z.strictObject({
  v: z.literal(1),
  issuedAt: z.number().int(),
  revoked: z.array(z.string().min(1).max(64)).max(100_000),
});
export type RevocationListPayload = z.infer<typeof revocationListPayloadSchema>;

const envelopeSchema = <F extends string>(format: F) =>
  z.strictObject({
    format: z.literal(format),
    alg: z.literal(LICENSE_ALG),
    kid: z.string().min(1).max(64),
    payload: z.string().min(1).max(1_500_000),
    sig: z.string().min(1).max(200),
  });
export const offlineFileEnvelopeSchema = envelopeSchema(OFFLINE_FILE_FORMAT);
export const revocationListEnvelopeSchema = envelopeSchema(OFFLINE_REVOCATIONS_FORMAT);
export type SignedOfflineFile = z.infer<typeof offlineFileEnvelopeSchema>;
export type SignedRevocationList = z.infer<typeof revocationListEnvelopeSchema>;

export type OfflineVerifyProblem = 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'INVALID_PAYLOAD';
export type Verified<T> = { ok: true; payload: T; kid: string } | { ok: false; code: OfflineVerifyProblem };
export type TrustedKey = { kid: string; publicKey: string };

const encoder = new TextEncoder();
export const offlineFileSigningInput = (payloadB64: string): Uint8Array => encoder.encode(OFFLINE_FILE_PREFIX + payloadB64);
export const revocationsSigningInput = (payloadB64: string): Uint8Array => encoder.encode(OFFLINE_REVOCATIONS_PREFIX + payloadB64);

/** Signs a payload into its envelope (the worker; tests sign with throwaway keys the same way). */
export async function signEnvelope<F extends string>(
  format: F,
  input: (payloadB64: string) => Uint8Array,
  key: { kid: string; privateKey: CryptoKey },
  payload: unknown,
): Promise<{ format: F; alg: typeof LICENSE_ALG; kid: string; payload: string; sig: string }> {
  const payloadB64 = base64urlEncode(encoder.encode(JSON.stringify(payload)));
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, input(payloadB64)));
  return { format, alg: LICENSE_ALG, kid: key.kid, payload: payloadB64, sig: base64urlEncode(sig) };
}

async function verifyEnvelope<T>(
  text: string,
  envelope: z.ZodType<{ kid: string; payload: string; sig: string }>,
  input: (payloadB64: string) => Uint8Array,
  payloadSchema: z.ZodType<T>,
  trustedKeys: readonly TrustedKey[],
): Promise<Verified<T>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, code: 'MALFORMED' };
  }
  const env = envelope.safeParse(parsed);
  if (!env.success) return { ok: false, code: 'MALFORMED' };
  const { kid, payload, sig } = env.data;
  const key = trustedKeys.find((k) => k.kid === kid);
  if (!key) return { ok: false, code: 'UNKNOWN_KEY' };
  try {
    const signature = base64urlDecode(sig);
    // Only the canonical spelling: base64url's last character carries padding bits, and a file
    // with any character changed is an edited file, even if it decodes to the same bytes.
    if (base64urlEncode(signature) !== sig) return { ok: false, code: 'BAD_SIGNATURE' };
    const publicKey = await crypto.subtle.importKey('spki', base64ToBytes(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, input(payload)))) return { ok: false, code: 'BAD_SIGNATURE' };
  } catch {
    return { ok: false, code: 'BAD_SIGNATURE' };
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(base64urlDecode(payload)));
  } catch {
    return { ok: false, code: 'INVALID_PAYLOAD' };
  }
  const checked = payloadSchema.safeParse(body);
  return checked.success ? { ok: true, payload: checked.data, kid } : { ok: false, code: 'INVALID_PAYLOAD' };
}

/** Verifies an offline license file's text against the OFFLINE keys (never the online ones). */
export const verifyOfflineFile = (text: string, offlineKeys: readonly TrustedKey[]): Promise<Verified<OfflineFilePayload>> =>
  verifyEnvelope(text, offlineFileEnvelopeSchema, offlineFileSigningInput, offlineFilePayloadSchema, offlineKeys);

export const verifyRevocationList = (text: string, offlineKeys: readonly TrustedKey[]): Promise<Verified<RevocationListPayload>> =>
  verifyEnvelope(text, revocationListEnvelopeSchema, revocationsSigningInput, revocationListPayloadSchema, offlineKeys);

/**
 * The component-majority rule (the worker's machine matching, license/machines.ts): how many
 * components are equal, if they are a majority — at least 2 and more than half of the larger
 * set; else 0. With a Windows till's 4 components one changed part still matches, two don't.
 */
export function componentMajority(known: Record<string, string>, presented: Record<string, string>): number {
  let same = 0;
  for (const [name, hash] of Object.entries(presented)) if (known[name] === hash) same++;
  const size = Math.max(Object.keys(known).length, Object.keys(presented).length);
  return same >= 2 && same * 2 > size ? same : 0;
}

/** This machine is the file's: the same fingerprint, else the component majority. */
export const hardwareMatches = (file: Hardware, here: Hardware): boolean =>
  file.fingerprint === here.fingerprint || componentMajority(file.components, here.components) > 0;

// ---- the Hardware ID: one copyable string, POSPAL-HW1-<base64url JSON>-<CRC-32 hex> ----

const HW_PREFIX = 'POSPAL-HW1-';

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const checksumOf = (body: string): string => crc32(encoder.encode(body)).toString(16).padStart(8, '0');

export function encodeHardwareId(hw: Hardware): string {
  const sorted = Object.fromEntries(Object.entries(hw.components).sort(([a], [b]) => a.localeCompare(b)));
  const body = base64urlEncode(encoder.encode(JSON.stringify({ f: hw.fingerprint, c: sorted })));
  return `${HW_PREFIX}${body}-${checksumOf(body)}`;
}

export type HardwareIdProblem = 'HARDWARE_ID_MALFORMED' | 'HARDWARE_ID_CHECKSUM';

/** Whitespace and line breaks (a pasted, wrapped id) are ignored; a typo fails the checksum. */
export function decodeHardwareId(text: string): { ok: true; hardware: Hardware } | { ok: false; code: HardwareIdProblem } {
  const compact = text.replace(/\s+/g, '');
  const m = /^POSPAL-HW1-([A-Za-z0-9_-]+)-([0-9a-f]{8})$/i.exec(compact);
  if (!m) return { ok: false, code: 'HARDWARE_ID_MALFORMED' };
  const [, body, sum] = m as unknown as [string, string, string];
  if (checksumOf(body) !== sum.toLowerCase()) return { ok: false, code: 'HARDWARE_ID_CHECKSUM' };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(base64urlDecode(body)));
  } catch {
    return { ok: false, code: 'HARDWARE_ID_MALFORMED' };
  }
  const shape = z.strictObject({ f: z.string(), c: z.record(z.string(), z.string()) }).safeParse(raw);
  if (!shape.success) return { ok: false, code: 'HARDWARE_ID_MALFORMED' };
  const hardware = hardwareSchema.safeParse({ fingerprint: shape.data.f, components: shape.data.c });
  return hardware.success ? { ok: true, hardware: hardware.data } : { ok: false, code: 'HARDWARE_ID_MALFORMED' };
}
