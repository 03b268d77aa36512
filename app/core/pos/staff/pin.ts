/**
 * PINs are 4–6 digits: a tiny key space, so the real defence is the lockout in staff.ts;
 * the slow, salted scrypt hash keeps a copied database from revealing PINs instantly.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const pinSchema = z.string().regex(/^\d{4,6}$/, 'PIN must be 4 to 6 digits');

const KEY_LENGTH = 32;
interface ScryptParams { N: number; r: number; p: number }
// N=2^14, r=8: ~30–60 ms per check on a till; p=1. Stored in each hash, so it can be raised later:
// verifyPin uses the parameters a hash was made with, never the current ones.
const CURRENT: ScryptParams = { N: 16_384, r: 8, p: 1 };
// Bounds for parameters read back from the database: an edited row must not stall the till.
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function parseParams(n: string | undefined, r: string | undefined, p: string | undefined): ScryptParams | null {
  const nums = [n, r, p].map((s) => (s !== undefined && /^\d{1,8}$/.test(s) ? Number(s) : NaN));
  const [N, R, P] = nums as [number, number, number];
  if (!Number.isInteger(N) || N < 2 || N > 2 ** MAX_LOG2_N || (N & (N - 1)) !== 0) return null;
  if (!Number.isInteger(R) || R < 1 || R > MAX_R) return null;
  if (!Number.isInteger(P) || P < 1 || P > MAX_P) return null;
  return { N, r: R, p: P };
}

export async function hashPin(pin: string): Promise<{ hash: string; salt: string }> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, CURRENT);
  return { hash: `scrypt:${CURRENT.N}:${CURRENT.r}:${CURRENT.p}:${key.toString('base64')}`, salt: salt.toString('base64') };
}

export async function verifyPin(pin: string, stored: { hash: string; salt: string }): Promise<boolean> {
  const parts = stored.hash.split(':');
  if (parts.length !== 5) return false;
  const [scheme, n, r, p, b64] = parts;
  const params = parseParams(n, r, p);
  if (scheme !== 'scrypt' || !params || !b64) return false;
  const expected = Buffer.from(b64, 'base64');
  const actual = await derive(pin, Buffer.from(stored.salt, 'base64'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
