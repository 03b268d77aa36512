/**
 * PINs are 4–6 digits: a tiny key space, so the real defence is the lockout in staff.ts;
 * the slow, salted scrypt hash keeps a copied database from revealing PINs instantly.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const pinSchema = z.string().regex(/^\d{4,6}$/, 'PIN must be 4 to 6 digits');

const KEY_LENGTH = 32;
// N=2^14, r=8: ~30–60 ms per check on a till; p=1. Stored alongside so it can be raised later.
const PARAMS = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, PARAMS, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string): Promise<{ hash: string; salt: string }> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt);
  return { hash: `scrypt:${PARAMS.N}:${PARAMS.r}:${PARAMS.p}:${key.toString('base64')}`, salt: salt.toString('base64') };
}

export async function verifyPin(pin: string, stored: { hash: string; salt: string }): Promise<boolean> {
  const [scheme, , , , b64] = stored.hash.split(':');
  if (scheme !== 'scrypt' || !b64) return false;
  const expected = Buffer.from(b64, 'base64');
  const actual = await derive(pin, Buffer.from(stored.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
