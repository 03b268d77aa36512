// scripts/release.mjs refuses to build a customer installer without the production license key
// in BUILT_IN_LICENSE_KEYS (a release that trusts no key activates nobody) or without the update
// feed; electron-builder itself is never run here (the command runner is injected).
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeysModule, productionKid, release } from './release.mjs';

const root = join(import.meta.dirname, '..');
const spki = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const feed = { POSPAL_UPDATE_URL: 'https://updates.pospal.app/stable' };

type Release = (o: Record<string, unknown>) => Promise<number>;
const run = release as Release;

function recorder() {
  const calls: string[] = [];
  const errors: string[] = [];
  return { calls, errors, run: (cmd: string, args: string[]) => (calls.push([cmd, ...args].join(' ')), 0), log: { error: (m: string) => errors.push(m) } };
}

describe('npm run release', () => {
  it('the production kid is the one wrangler.toml [env.production.vars] signs with', () => {
    expect((productionKid as () => string)()).toBe('k1');
  });

  it('today\'s keys.ts has no production key: the release is refused and nothing runs', async () => {
    const keys = (await (loadKeysModule as () => Promise<unknown>)()) as { BUILT_IN_LICENSE_KEYS: Record<string, string> };
    expect(keys.BUILT_IN_LICENSE_KEYS).toEqual({});
    const r = recorder();
    expect(await run({ argv: ['--linux'], env: feed, run: r.run, log: r.log })).toBe(1);
    expect(r.calls).toEqual([]);
    expect(r.errors.join('\n')).toContain('BUILT_IN_LICENSE_KEYS (app/core/license/keys.ts) has no production key "k1"');
  });

  it('refuses a key under another kid, a junk key, and a missing or plain-http update feed', async () => {
    const { isEd25519Spki } = (await (loadKeysModule as () => Promise<{ isEd25519Spki: unknown }>)());
    for (const [builtIn, env, reason] of [
      [{ dev: spki }, feed, 'no production key "k1"'],
      [{ k1: 'bm90IGEga2V5' }, feed, 'is not an Ed25519 public key'],
      [{ k1: spki }, {}, 'POSPAL_UPDATE_URL'],
      [{ k1: spki }, { POSPAL_UPDATE_URL: 'http://updates.example' }, 'POSPAL_UPDATE_URL'],
    ] as const) {
      const r = recorder();
      expect(await run({ argv: [], env, run: r.run, log: r.log, keys: { BUILT_IN_LICENSE_KEYS: builtIn, isEd25519Spki } })).toBe(1);
      expect(r.calls).toEqual([]);
      expect(r.errors.join('\n')).toContain(reason);
    }
  });

  it('with the production key and a feed it builds the renderer, the release bundle (no --dev) and the installer', async () => {
    const { isEd25519Spki } = (await (loadKeysModule as () => Promise<{ isEd25519Spki: unknown }>)());
    const r = recorder();
    expect(await run({ argv: ['--linux'], env: feed, run: r.run, log: r.log, keys: { BUILT_IN_LICENSE_KEYS: { k1: spki }, isEd25519Spki } })).toBe(0);
    expect(r.calls).toEqual([
      'npx vite build --config app/renderer/vite.config.ts',
      'node app/main/build.mjs --minify',
      'npx electron-builder --linux --publish never',
    ]);
    expect(r.calls.join(' ')).not.toContain('--dev');
  });

  it('as a command: exits 1 with the reason, before building anything', () => {
    const res = spawnSync(process.execPath, ['scripts/release.mjs', '--linux'], { cwd: root, env: { ...process.env, ...feed }, encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('release refused, nothing was built');
    expect(res.stdout).toBe('');
  });
});
