/**
 * The secret store as a 0600 file beside the database (`<dataDir>/secrets.json`): what browser
 * mode, the support CLI and tests use, and what Electron uses with a safeStorage codec (the
 * file then holds ciphertext only). Writes are atomic (temp file 0600 + fsync + rename) and
 * applied in call order. A file that can't be read or decoded (corrupt, another computer's
 * keychain) is treated as empty: `get` answers null, and the first `set` keeps the unreadable
 * file aside (`.unreadable-<ms>`) instead of throwing it away. Nothing here ever logs a value.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, PRIVATE_FILE_MODE, privateIfExists } from './file-modes';
import type { SecretKey, SecretStore } from './secret-store';

export const SECRETS_FILE_NAME = 'secrets.json';

export function secretsFileOf(dataDir: string): string {
  return join(dataDir, SECRETS_FILE_NAME);
}

/** How values are kept in the file: `plain` here, safeStorage ciphertext in Electron. */
export interface SecretCodec {
  readonly name: string;
  encode(plain: string): Promise<string>;
  decode(stored: string): Promise<string>;
}

export const plainCodec: SecretCodec = {
  name: 'plain',
  encode: async (plain) => plain,
  decode: async (stored) => stored,
};

const fileSchema = z.object({
  format: z.literal('pospal-secrets'),
  version: z.literal(1),
  encoding: z.string(),
  payload: z.string(),
});
const valuesSchema = z.object({
  unlockToken: z.string(), claimSecret: z.string(), trialClaimSecret: z.string(), highestTrustedTime: z.string(), mydataUserId: z.string(),
  mydataSubscriptionKey: z.string(),
}).partial();

type Values = Partial<Record<SecretKey, string>>;
type Loaded = { kind: 'missing' } | { kind: 'ok'; values: Values } | { kind: 'unreadable' };

export interface FileSecretStoreOptions {
  file: string;
  codec?: SecretCodec;
  /** The store's own problems, by code only (never a value). */
  onProblem?: (code: 'SECRETS_UNREADABLE') => void;
  /** For tests of the unreadable-file path. */
  now?: () => number;
}

export function fileSecretStore(options: FileSecretStoreOptions): SecretStore {
  const { file } = options;
  const codec = options.codec ?? plainCodec;
  const now = options.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();

  /** Reads and writes run one at a time, in call order. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  async function load(): Promise<Loaded> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      options.onProblem?.('SECRETS_UNREADABLE');
      return { kind: 'unreadable' };
    }
    try {
      const parsed = fileSchema.parse(JSON.parse(text));
      if (parsed.encoding !== codec.name) throw new Error('other encoding');
      const values = valuesSchema.parse(JSON.parse(await codec.decode(parsed.payload)));
      return { kind: 'ok', values };
    } catch {
      options.onProblem?.('SECRETS_UNREADABLE');
      return { kind: 'unreadable' };
    }
  }

  async function save(values: Values, previous: Loaded): Promise<void> {
    ensurePrivateDir(dirname(file));
    if (previous.kind === 'unreadable') {
      // Maybe readable again with the right keychain: keep it, never throw it away.
      const aside = `${file}.unreadable-${now()}`;
      renameSync(file, aside);
      privateIfExists(aside);
    }
    const payload = await codec.encode(JSON.stringify(values));
    const body = JSON.stringify({ format: 'pospal-secrets', version: 1, encoding: codec.name, payload });
    const temp = `${file}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', PRIVATE_FILE_MODE);
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    privateIfExists(temp);
    renameSync(temp, file);
    syncDir(dirname(file));
  }

  async function update(change: (values: Values) => void): Promise<void> {
    const loaded = await load();
    const values: Values = loaded.kind === 'ok' ? { ...loaded.values } : {};
    change(values);
    await save(values, loaded);
  }

  return {
    get: (key) => serial(async () => {
      const loaded = await load();
      return loaded.kind === 'ok' ? (loaded.values[key] ?? null) : null;
    }),
    set: (key, value) => serial(() => update((values) => {
      values[key] = value;
    })),
    delete: (key) => serial(async () => {
      const loaded = await load();
      if (loaded.kind !== 'ok' || loaded.values[key] === undefined) return;
      await update((values) => {
        delete values[key];
      });
    }),
  };
}

/** The rename is durable only once the folder's entry is on disk (not possible on Windows). */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the file itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
