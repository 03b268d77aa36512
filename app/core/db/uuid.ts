import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { systemClock } from '../clock';

/**
 * UUIDv7 (RFC 9562): 48-bit ms timestamp + random bits. Time-ordered ids keep SQLite's
 * b-tree inserts at the end of the index instead of scattered.
 */
let lastMs = -1;
let lastSeq = 0;

export function uuidv7(clock: Clock = systemClock): string {
  const bytes = randomBytes(16);
  let ms = clock.now();
  // Monotonic within one process: a 12-bit counter in rand_a when the clock repeats.
  if (ms <= lastMs) {
    ms = lastMs;
    lastSeq += 1;
    if (lastSeq > 0xfff) { ms = lastMs + 1; lastSeq = 0; }
  } else {
    lastSeq = bytes.readUInt16BE(6) & 0x7ff; // leave headroom for increments
  }
  lastMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((lastSeq >> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
