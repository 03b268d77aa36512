/**
 * Moves an unlock token still kept in `license_cache` (databases from before migration 006, or
 * a backup from then restored) into the secret store, then blanks the column. Idempotent, and
 * the column is blanked only after the store answered with the token: a store that can't be
 * written leaves the database as it was (the next start tries again). The blanking zeroes the
 * freed bytes (secure_delete), rewrites the file (VACUUM: no old page keeps a copy) and
 * truncates the WAL, so neither the file nor a backup made from it still holds the token.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SecretStore } from './secret-store';

export type MoveResult = 'none' | 'moved' | 'kept_store';

export async function moveTokenOutOfDb(db: BetterSqlite3.Database, secrets: SecretStore): Promise<MoveResult> {
  let row: { token: string; highest_trusted_time: number } | undefined;
  try {
    row = db.prepare("SELECT token, highest_trusted_time FROM license_cache WHERE id = 1 AND token <> ''").get() as typeof row;
  } catch {
    return 'none'; // no license_cache table (a database this app does not know): nothing to move
  }
  if (!row) return 'none';
  const stored = await secrets.get('unlockToken');
  // A token already in the store is the newer one (saved by this version); the old copy just goes.
  const result: MoveResult = stored ? 'kept_store' : 'moved';
  if (!stored) {
    await secrets.set('unlockToken', row.token);
    if ((await secrets.get('unlockToken')) !== row.token) return 'none';
  }
  const floor = Number(await secrets.get('highestTrustedTime'));
  if (!(Number.isFinite(floor) && floor >= row.highest_trusted_time)) await secrets.set('highestTrustedTime', String(row.highest_trusted_time));
  blankToken(db);
  return result;
}

function blankToken(db: BetterSqlite3.Database): void {
  const before = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    db.prepare("UPDATE license_cache SET token = '' WHERE id = 1").run();
  } finally {
    db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`);
  }
  try {
    // Best effort: the token is already blanked; VACUUM needs free space and no open transaction.
    db.exec('VACUUM');
  } catch {
    // secure_delete already zeroed the old cell.
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
}
