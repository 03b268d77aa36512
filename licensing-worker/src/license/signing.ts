// Ed25519 license signing with WebCrypto. The private key is the LICENSE_SIGNING_KEY secret
// (PKCS8 base64); its public half is derived (through JWK) for /.well-known/license-keys.
import type { Env } from '../env';
import {
  LICENSE_ALG,
  base64ToBytes,
  base64urlEncode,
  parsePublicKeyList,
  signingInput,
  type LicensePayload,
  type PublishedKey,
  type SignedLicense,
} from '../protocol/license';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKeySpki: string;
}

// Importing a key costs more than signing; keep it for the isolate's life.
const cache = new Map<string, Promise<SigningKey>>();

let imports = 0;
/** Signing keys this isolate imported (tests check it is once per key, not once per request). */
export const keyImportCount = (): number => imports;

/** Uncached: its callers keep the key (signingKeyOf below, offline-files/signing.ts); the profile measures it. */
export async function importSigningKey(pkcs8b64: string, kid: string): Promise<SigningKey> {
  imports += 1;
  const bytes = base64ToBytes(pkcs8b64);
  const extractable = await crypto.subtle.importKey('pkcs8', bytes, { name: 'Ed25519' }, true, ['sign']);
  const jwk = (await crypto.subtle.exportKey('jwk', extractable)) as JsonWebKey;
  const publicKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, true, ['verify']);
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', publicKey)) as ArrayBuffer);
  const privateKey = await crypto.subtle.importKey('pkcs8', bytes, { name: 'Ed25519' }, false, ['sign']);
  return { kid, privateKey, publicKeySpki: btoa(String.fromCharCode(...spki)) };
}

export function signingKeyOf(env: Pick<Env, 'LICENSE_SIGNING_KEY' | 'LICENSE_KEY_ID'>): Promise<SigningKey> {
  if (!env.LICENSE_SIGNING_KEY) return Promise.reject(new Error('LICENSE_SIGNING_KEY is not configured'));
  const cacheKey = `${env.LICENSE_KEY_ID}:${env.LICENSE_SIGNING_KEY}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = importSigningKey(env.LICENSE_SIGNING_KEY, env.LICENSE_KEY_ID);
    key.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, key);
  }
  return key;
}

let signatures = 0;
/** Licenses this isolate signed (tests and benchmarks check that a steady heartbeat signs none). */
export const signatureCount = (): number => signatures;

export async function signLicense(env: Pick<Env, 'LICENSE_SIGNING_KEY' | 'LICENSE_KEY_ID'>, payload: LicensePayload): Promise<SignedLicense> {
  const key = await signingKeyOf(env);
  const payloadB64 = base64urlEncode(new TextEncoder().encode(JSON.stringify(payload)));
  signatures += 1;
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, signingInput(payloadB64)));
  return { alg: LICENSE_ALG, kid: key.kid, payload: payloadB64, sig: base64urlEncode(sig) };
}

/** The current key first, then the extra (rotation) keys, without duplicate kids. */
export async function publishedKeys(env: Pick<Env, 'LICENSE_SIGNING_KEY' | 'LICENSE_KEY_ID' | 'LICENSE_PUBLIC_KEYS'>): Promise<PublishedKey[]> {
  const current = await signingKeyOf(env);
  const keys: PublishedKey[] = [{ kid: current.kid, alg: 'Ed25519', publicKey: current.publicKeySpki }];
  for (const extra of parsePublicKeyList(env.LICENSE_PUBLIC_KEYS)) {
    if (!keys.some((k) => k.kid === extra.kid)) keys.push(extra);
  }
  return keys;
}
