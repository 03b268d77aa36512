/**
 * The secret store in Electron: the same atomic 0600 file as elsewhere (its own name, so the
 * support CLI's plain file never clashes with it), holding only ciphertext from safeStorage's
 * async API (DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux). Linux's
 * `basic_text` backend is a hard-coded key, i.e. no protection: it counts as unavailable, and
 * so does any failure to ask; the app then uses the plain 0600 file store (null here).
 * Thin on purpose: everything but the codec is core's file store, tested there.
 */
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { fileSecretStore } from '../core/secrets/file-store';
import type { SecretCodec } from '../core/secrets/file-store';
import type { SecretStore } from '../core/secrets/secret-store';

export const SAFE_SECRETS_FILE = 'secrets.safe.json';

const codec: SecretCodec = {
  name: 'electron-safeStorage',
  encode: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
  decode: async (stored) => (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result,
};

/** Call after `app.whenReady()`. */
export async function safeStorageSecretStore(dataDir: string): Promise<SecretStore | null> {
  try {
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return null;
  } catch {
    return null;
  }
  return fileSecretStore({ file: join(dataDir, SAFE_SECRETS_FILE), codec });
}
