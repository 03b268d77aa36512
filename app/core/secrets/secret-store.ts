/**
 * Where the shop's secrets live: the unlock token, the checkout claim secret, and the second
 * copy of the highest trusted time. Never in the shop database (so never in its backups): core
 * receives a SecretStore injected. Implementations: a 0600 file beside the database (Node,
 * browser mode, tests) and, in Electron, an adapter over safeStorage in the main process.
 *
 * A store that can't be read (a new keychain, a backup restored on another computer) answers
 * `null` for every key: callers then ask for the unlock token again, never wipe anything.
 */
/**
 * mydataUserId / mydataSubscriptionKey: the shop's myDATA credentials (issue 15).
 * trialClaimSecret: the claim secret a free trial started with; a checkout carrying its hash converts the trial.
 */
export type SecretKey = 'unlockToken' | 'claimSecret' | 'trialClaimSecret' | 'highestTrustedTime' | 'mydataUserId' | 'mydataSubscriptionKey';

export interface SecretStore {
  get(key: SecretKey): Promise<string | null>;
  set(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
}

/** A store that lives in memory only (a process that must not persist secrets, and tests). */
export function memorySecretStore(initial: Partial<Record<SecretKey, string>> = {}): SecretStore {
  const values = new Map<SecretKey, string>(Object.entries(initial) as [SecretKey, string][]);
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
