// The offline-file signing key: OFFLINE_LICENSE_SIGNING_KEY (PKCS8 base64, a secret of its own,
// never LICENSE_SIGNING_KEY) with OFFLINE_LICENSE_KEY_ID, published beside the online keys
// under `offlineKeys` so nothing confuses the two contexts.
import type { Env } from '../env';
import { importSigningKey, type SigningKey } from '../license/signing';
import type { PublishedKey } from '../protocol/license';
import {
  OFFLINE_FILE_FORMAT, OFFLINE_REVOCATIONS_FORMAT, offlineFileSigningInput, revocationsSigningInput, signEnvelope,
  type OfflineFilePayload, type RevocationListPayload, type SignedOfflineFile, type SignedRevocationList,
} from '../protocol/offline-license';

export type OfflineKeyEnv = Pick<Env, 'OFFLINE_LICENSE_SIGNING_KEY' | 'OFFLINE_LICENSE_KEY_ID'>;

const cache = new Map<string, Promise<SigningKey>>();

/** The key, or null when this deployment issues no offline files. */
export function offlineKeyOf(env: OfflineKeyEnv): Promise<SigningKey> | null {
  if (!env.OFFLINE_LICENSE_SIGNING_KEY) return null;
  const kid = env.OFFLINE_LICENSE_KEY_ID || 'offline-1';
  const cacheKey = `${kid}:${env.OFFLINE_LICENSE_SIGNING_KEY}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = importSigningKey(env.OFFLINE_LICENSE_SIGNING_KEY, kid);
    key.catch(() => cache.delete(cacheKey));
    cache.set(cacheKey, key);
  }
  return key;
}

export async function publishedOfflineKeys(env: OfflineKeyEnv): Promise<PublishedKey[]> {
  const key = offlineKeyOf(env);
  if (!key) return [];
  const k = await key;
  return [{ kid: k.kid, alg: 'Ed25519', publicKey: k.publicKeySpki }];
}

async function required(env: OfflineKeyEnv): Promise<SigningKey> {
  const key = offlineKeyOf(env);
  if (!key) throw new Error('OFFLINE_LICENSE_SIGNING_KEY is not configured');
  return key;
}

export async function signOfflineFile(env: OfflineKeyEnv, payload: OfflineFilePayload): Promise<SignedOfflineFile> {
  return signEnvelope(OFFLINE_FILE_FORMAT, offlineFileSigningInput, await required(env), payload);
}

export async function signRevocationList(env: OfflineKeyEnv, payload: RevocationListPayload): Promise<SignedRevocationList> {
  return signEnvelope(OFFLINE_REVOCATIONS_FORMAT, revocationsSigningInput, await required(env), payload);
}
