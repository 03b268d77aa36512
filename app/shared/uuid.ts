/**
 * UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, variant 10, the rest random (Web Crypto,
 * so it runs in Node, the browser and workerd alike). Time-ordered ids keep b-tree inserts at
 * the end of the index. Monotonic within one process: a 12-bit counter in rand_a when the clock
 * repeats or steps back.
 */
let lastMs = -1;
let lastSeq = 0;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function uuidv7(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = Math.max(0, Math.floor(now));
  if (ms <= lastMs) {
    ms = lastMs;
    lastSeq += 1;
    if (lastSeq > 0xfff) { ms = lastMs + 1; lastSeq = 0; }
  } else {
    lastSeq = (((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0)) & 0x7ff; // leave headroom for increments
  }
  lastMs = ms;
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = 0x70 | ((lastSeq >> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
