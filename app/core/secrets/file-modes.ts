/**
 * The data folder is private to the user who runs the till: folders 0700, files 0600
 * (pospal.db and its -wal/-shm, backups, logs, the secret file). Set when a file or folder is
 * created and repaired at every start (an older version, a copy or an unzip left them 0644).
 * On Windows chmod only toggles read-only; the profile folder's ACL protects the data there.
 */
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and parents) if missing; `dir` itself ends up 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty file 0600 if it doesn't exist (so SQLite's -wal/-shm inherit 0600), else repairs its mode. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Sets 0600 on `file` if it exists (a file another library created, e.g. SQLite's -wal). */
export function privateIfExists(file: string): void {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * Repairs the whole data folder: every folder 0700, every file 0600. Symbolic links are left
 * alone (never followed out of the folder). Returns the paths it had to change.
 */
export function repairDataDirModes(dataDir: string): string[] {
  const changed: string[] = [];
  const visit = (path: string): void => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((st.mode & 0o777) !== want) {
      chmodSync(path, want);
      changed.push(path);
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  if (!existsSync(dataDir)) ensurePrivateDir(dataDir);
  visit(dataDir);
  return changed;
}
