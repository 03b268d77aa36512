import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from './pin';

/** A stored hash written the way an older (or newer) app would, with its own scrypt parameters. */
function storedWith(pin: string, N: number, r: number, p: number): { hash: string; salt: string } {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(pin, salt, 32, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return { hash: `scrypt:${N}:${r}:${p}:${key.toString('base64')}`, salt: salt.toString('base64') };
}

describe('verifyPin', () => {
  it('verifies a hash made with other scrypt parameters than the current ones (raising them locks nobody out)', async () => {
    const lower = storedWith('4821', 1024, 8, 1);
    expect(await verifyPin('4821', lower)).toBe(true);
    expect(await verifyPin('4822', lower)).toBe(false);
    const higher = storedWith('4821', 32_768, 8, 2);
    expect(await verifyPin('4821', higher)).toBe(true);
  });

  it('verifies its own hashes and rejects the wrong PIN', async () => {
    const stored = await hashPin('123456');
    expect(await verifyPin('123456', stored)).toBe(true);
    expect(await verifyPin('123457', stored)).toBe(false);
  });

  it('refuses a malformed or absurd parameter set instead of trying it (an edited row cannot stall the till)', async () => {
    const good = storedWith('4821', 1024, 8, 1);
    const key = good.hash.split(':')[4];
    for (const params of ['abc:8:1', '1000:8:1', `${2 ** 24}:8:1`, '1024:0:1', '1024:8:99', '1024:8']) {
      expect(await verifyPin('4821', { hash: `scrypt:${params}:${key}`, salt: good.salt })).toBe(false);
    }
    expect(await verifyPin('4821', { hash: `bcrypt:1024:8:1:${key}`, salt: good.salt })).toBe(false);
  });
});
