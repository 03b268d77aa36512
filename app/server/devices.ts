/**
 * Paired LAN devices (tablets). Each gets a random bearer token once; only its SHA-256 hash is
 * stored, so a copied database cannot be used to impersonate a tablet. Revoking is immediate.
 *
 * Kept in its own small SQLite file beside the shop database (not in the ledger): restoring a
 * backup of the shop must never bring a revoked tablet back.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import { uuidv7 } from '../core/db/uuid';
import { hashToken, newSecretToken } from './tokens';

export interface PairedDevice {
  id: string;
  name: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface DeviceRegistry {
  /** Registers a device and returns its token (shown once, never stored in clear). */
  register(name: string): { device: PairedDevice; token: string };
  /** The live (not revoked) device a token belongs to, touching its last-seen time. */
  authenticate(token: string): PairedDevice | null;
  list(): PairedDevice[];
  revoke(id: string): boolean;
  close(): void;
}

interface DeviceRow {
  id: string;
  name: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

const toDevice = (r: DeviceRow): PairedDevice => ({
  id: r.id, name: r.name, createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at,
});

export function openDeviceRegistry(file: string, clock: Clock): DeviceRegistry {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS paired_devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    revoked_at INTEGER
  )`);
  const insert = db.prepare('INSERT INTO paired_devices (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)');
  const byHash = db.prepare('SELECT id, name, created_at, last_seen_at, revoked_at FROM paired_devices WHERE token_hash = ?');
  const touch = db.prepare('UPDATE paired_devices SET last_seen_at = ? WHERE id = ?');
  const all = db.prepare('SELECT id, name, created_at, last_seen_at, revoked_at FROM paired_devices ORDER BY created_at');
  const revoke = db.prepare('UPDATE paired_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');

  return {
    register(name) {
      const token = newSecretToken();
      const id = uuidv7();
      const now = clock.now();
      insert.run(id, name, hashToken(token), now);
      return { device: { id, name, createdAt: now, lastSeenAt: null, revokedAt: null }, token };
    },
    authenticate(token) {
      // Lookup by hash: the hash is the index key, so no timing leak on the secret itself.
      const row = byHash.get(hashToken(token)) as DeviceRow | undefined;
      if (!row || row.revoked_at !== null) return null;
      const now = clock.now();
      // Write at most once a minute: tablets poll, the file should not churn.
      if (row.last_seen_at === null || now - row.last_seen_at > 60_000) touch.run(now, row.id);
      return toDevice({ ...row, last_seen_at: now });
    },
    list: () => (all.all() as DeviceRow[]).map(toDevice),
    revoke: (id) => revoke.run(clock.now(), id).changes === 1,
    close: () => db.close(),
  };
}
