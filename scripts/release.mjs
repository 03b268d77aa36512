#!/usr/bin/env node
// `npm run release -- --linux|--win|--mac`: the one way to build an installer for customers.
// Refuses (exit 1, nothing built) unless BUILT_IN_LICENSE_KEYS (app/core/license/keys.ts)
// holds the production signing key's public half under the production kid (wrangler.toml
// [env.production.vars] LICENSE_KEY_ID) and POSPAL_UPDATE_URL is an https URL (the
// auto-update feed, electron-builder.yml `publish`). Then builds the renderer, the main bundle
// with the release constant (app/main/build.mjs: RELEASE_BUILD true) and runs electron-builder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The production kid from wrangler.toml's [env.production.vars]. */
export function productionKid(toml = readFileSync(join(root, 'licensing-worker/wrangler.toml'), 'utf8')) {
  const section = toml.split(/^\[env\.production\.vars\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  return /^LICENSE_KEY_ID\s*=\s*"([^"]+)"/m.exec(section)?.[1] ?? null;
}

/** app/core/license/keys.ts, bundled and loaded (BUILT_IN_LICENSE_KEYS and isEd25519Spki). */
export async function loadKeysModule(file = join(root, 'app/core/license/keys.ts')) {
  const dir = mkdtempSync(join(tmpdir(), 'pospal-release-'));
  try {
    const outfile = join(dir, 'keys.mjs');
    await build({ entryPoints: [file], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reasons not to build (empty = go). */
export function releaseProblems({ builtIn, isEd25519Spki, kid, env }) {
  const problems = [];
  if (!kid) problems.push('licensing-worker/wrangler.toml has no [env.production.vars] LICENSE_KEY_ID');
  else if (!builtIn[kid]) problems.push(`BUILT_IN_LICENSE_KEYS (app/core/license/keys.ts) has no production key "${kid}": add the public key from the production worker's GET /.well-known/license-keys`);
  else if (!isEd25519Spki(builtIn[kid])) problems.push(`BUILT_IN_LICENSE_KEYS["${kid}"] is not an Ed25519 public key (SPKI, base64)`);
  const url = env.POSPAL_UPDATE_URL ?? '';
  if (!/^https:\/\/[^\s]+$/.test(url)) problems.push('POSPAL_UPDATE_URL must be the https URL of the update feed (electron-builder.yml publish)');
  return problems;
}

/** The commands of a release build, in order. */
export function releaseCommands(targets) {
  return [
    ['npx', ['vite', 'build', '--config', 'app/renderer/vite.config.ts']],
    // build.mjs without --dev is the release build: RELEASE_BUILD (__POSPAL_RELEASE__) true.
    ['node', ['app/main/build.mjs', '--minify']],
    ['npx', ['electron-builder', ...targets, '--publish', 'never']],
  ];
}

const spawnRun = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

/** Checks, then runs each command (`run` injected by tests). Returns the exit code. */
export async function release({ argv = process.argv.slice(2), env = process.env, run = spawnRun, keys, kid = productionKid(), log = console } = {}) {
  const { BUILT_IN_LICENSE_KEYS, isEd25519Spki } = keys ?? (await loadKeysModule());
  const problems = releaseProblems({ builtIn: BUILT_IN_LICENSE_KEYS, isEd25519Spki, kid, env });
  if (problems.length > 0) {
    log.error(`release refused, nothing was built:\n- ${problems.join('\n- ')}`);
    return 1;
  }
  for (const [cmd, args] of releaseCommands(argv)) {
    const status = run(cmd, args);
    if (status !== 0) {
      log.error(`release failed at: ${cmd} ${args.join(' ')}`);
      return status;
    }
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(await release());
