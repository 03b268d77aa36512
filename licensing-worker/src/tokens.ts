// Unlock tokens: POS-XXXXX-XXXXX-XXXXX-XXXXX (Crockford base32, 100 random bits from the CSPRNG),
// stored only as SHA-256 hex, compared in constant time.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LEN = 5;

export const TOKEN_PATTERN = /^POS(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

export function generateUnlockToken(): string {
  // 32 symbols; 256 % 32 === 0, so `byte & 31` is unbiased.
  const bytes = crypto.getRandomValues(new Uint8Array(GROUPS * GROUP_LEN));
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = '';
    for (let i = 0; i < GROUP_LEN; i++) s += CROCKFORD[bytes[g * GROUP_LEN + i]! & 31];
    groups.push(s);
  }
  return `POS-${groups.join('-')}`;
}

/** Crockford decoding is forgiving: lower case, O→0, I/L→1, spaces and dashes anywhere. */
export function normalizeToken(input: string): string {
  const body = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const rest = body.startsWith('P0S') ? body.slice(3) : body.startsWith('POS') ? body.slice(3) : body;
  if (rest.length !== GROUPS * GROUP_LEN) return input.trim();
  const groups = rest.match(/.{5}/g) ?? [];
  return `POS-${groups.join('-')}`;
}

export async function sha256Hex(input: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hash of a token as stored in customers.token_hash (normalised first). */
export function hashToken(token: string): Promise<string> {
  return sha256Hex(normalizeToken(token));
}

/** Constant-time string comparison (length leaks, content does not). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  let diff = ea.length ^ eb.length;
  const n = Math.max(ea.length, eb.length);
  for (let i = 0; i < n; i++) diff |= (ea[i] ?? 0) ^ (eb[i] ?? 0);
  return diff === 0;
}

/** Compares a presented token with a stored hash in constant time. */
export async function tokenMatches(token: string, storedHash: string): Promise<boolean> {
  return constantTimeEqual(await hashToken(token), storedHash);
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
