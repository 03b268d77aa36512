// UUIDv7 ids (time-ordered, so primary-key inserts stay append-only) and bearer secrets.

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * RFC 9562 UUIDv7: the app's one generator (app/shared/uuid.ts, pure Web Crypto), monotonic
 * within a millisecond, so the worker's ids sort like the app's.
 */
export { uuidv7 } from '../../app/shared/uuid';

/** An unguessable bearer secret: 256 random bits, base64url. */
export function randomSecret(bytes = 32): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Short random reference for logs and audit entries (not a secret). */
export function shortRef(): string {
  return hex(crypto.getRandomValues(new Uint8Array(6)));
}
