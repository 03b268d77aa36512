import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../db/test-helpers';
import { fileSecretStore, secretsFileOf, type SecretCodec } from './file-store';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => { tmp = tempDir('pospal-secrets-'); });
afterEach(() => tmp.cleanup());

const mode = (path: string) => statSync(path).mode & 0o777;
const TOKEN = 'POS-ABCDE-FGHJK-MNPQR-STVWX';

/** A stand-in for safeStorage: reversible, and recognisably not the plain text. */
const reversed: SecretCodec = {
  name: 'reversed',
  encode: async (p) => Buffer.from([...p].reverse().join('')).toString('base64'),
  decode: async (s) => [...Buffer.from(s, 'base64').toString()].reverse().join(''),
};

describe('file secret store', () => {
  it('keeps values in a 0600 file in a 0700 folder, readable by a second instance (the CLI)', async () => {
    const file = secretsFileOf(join(tmp.dir, 'data'));
    const store = fileSecretStore({ file });
    expect(await store.get('unlockToken')).toBeNull();
    await store.set('unlockToken', TOKEN);
    await store.set('highestTrustedTime', '123');
    expect(mode(file)).toBe(0o600);
    expect(mode(join(tmp.dir, 'data'))).toBe(0o700);
    const other = fileSecretStore({ file });
    expect(await other.get('unlockToken')).toBe(TOKEN);
    expect(await other.get('highestTrustedTime')).toBe('123');
    await other.delete('unlockToken');
    expect(await store.get('unlockToken')).toBeNull();
    expect(await store.get('highestTrustedTime')).toBe('123');
  });

  it('writes atomically: no temp file is left, and writes apply in call order', async () => {
    const file = secretsFileOf(tmp.dir);
    const store = fileSecretStore({ file });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('highestTrustedTime', String(i))));
    expect(await store.get('highestTrustedTime')).toBe('19');
    expect(readdirSync(tmp.dir)).toEqual(['secrets.json']);
  });

  it('repairs a 0644 file at the next write', async () => {
    const file = secretsFileOf(tmp.dir);
    const store = fileSecretStore({ file });
    await store.set('unlockToken', TOKEN);
    chmodSync(file, 0o644);
    await store.set('claimSecret', 'c');
    expect(mode(file)).toBe(0o600);
  });

  it('a corrupt file is treated as empty, and is kept aside (never thrown away) at the next write', async () => {
    const file = secretsFileOf(tmp.dir);
    writeFileSync(file, '{"format":"pospal-secrets","version":1,"encoding":"plain","payload":"{not json');
    const problems: string[] = [];
    const store = fileSecretStore({ file, now: () => 42, onProblem: (c) => problems.push(c) });
    expect(await store.get('unlockToken')).toBeNull();
    expect(problems).toEqual(['SECRETS_UNREADABLE']);
    await store.set('unlockToken', TOKEN);
    expect(await store.get('unlockToken')).toBe(TOKEN);
    expect(readFileSync(`${file}.unreadable-42`, 'utf8')).toContain('{not json');
    expect(mode(`${file}.unreadable-42`)).toBe(0o600);
  });

  it('an unreadable file (a folder in its place, no permission) is "empty", never a throw', async () => {
    const file = secretsFileOf(tmp.dir);
    mkdirSync(file);
    expect(await fileSecretStore({ file }).get('unlockToken')).toBeNull();
  });

  it('a file another codec wrote (another keychain) reads as empty; with the codec the value never appears in clear', async () => {
    const file = secretsFileOf(tmp.dir);
    const safe = fileSecretStore({ file, codec: reversed });
    await safe.set('unlockToken', TOKEN);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    expect(await safe.get('unlockToken')).toBe(TOKEN);
    expect(await fileSecretStore({ file }).get('unlockToken')).toBeNull();
    const broken: SecretCodec = { ...reversed, decode: async () => { throw new Error('keychain locked'); } };
    expect(await fileSecretStore({ file, codec: broken }).get('unlockToken')).toBeNull();
  });
});
