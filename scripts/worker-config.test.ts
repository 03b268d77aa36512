// The worker's tooling is declared, not borrowed: wrangler pinned to the exact version installed,
// the generated Env types current with wrangler.toml, and Workers observability on in every
// environment (the JSON lines of licensing-worker/src/log.ts land in Workers Logs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const worker = join(root, 'licensing-worker');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, Record<string, string>>;

describe('licensing worker tooling', () => {
  it('wrangler is a devDependency pinned to the installed version, in package.json and the lockfile', () => {
    const installed = json(join(root, 'node_modules/wrangler/package.json')).version as unknown as string;
    expect(json(join(worker, 'package.json')).devDependencies!.wrangler).toBe(installed);
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { devDependencies?: Record<string, string> }> };
    expect(lock.packages['licensing-worker']!.devDependencies!.wrangler).toBe(installed);
  });

  it('observability is enabled at the top level and in [env.production]', () => {
    const toml = readFileSync(join(worker, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/^\[observability\]\nenabled = true$/m);
    expect(toml).toMatch(/^\[env\.production\.observability\]\nenabled = true$/m);
  });

  it('worker-configuration.d.ts is what `wrangler types` generates from wrangler.toml today', async () => {
    // The secrets' names come from .dev.vars: make it what `npm run dev:worker` makes (it adds
    // missing development secrets, never changes one), so the check doesn't depend on test order.
    const { ensureDevVars } = (await import('./dev-keys.mjs')) as { ensureDevVars(): unknown };
    ensureDevVars();
    const r = spawnSync(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'types', '--include-runtime=false', '--strict-vars=false', '--env-interface', 'WranglerEnv', '--check'], {
      cwd: worker, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }, 60_000);
});
