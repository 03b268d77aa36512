#!/usr/bin/env node
// Bundles Electron's main process (ESM), the sandboxed preload (CommonJS: sandboxed preloads
// cannot be modules) and the browser-mode server into dist/, and copies the SQL migrations next
// to each Node bundle (core finds them relative to its own module URL). Native better-sqlite3
// and electron stay external. Bundling also settles CommonJS interop (node-machine-id) the same
// way in every mode.
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const r = (p) => `${root}/${p}`;

/**
 * THE release constant (app/core/license/config.ts RELEASE_BUILD): a release build ignores
 * POSPAL_LICENSE_URL and POSPAL_LICENSE_KEYS. `node app/main/build.mjs` (what electron-builder
 * packages) is a release build unless `--dev`; `npm start` builds with release: false.
 */
export const releaseDefine = (release) => ({ __POSPAL_RELEASE__: release ? 'true' : 'false' });

const nodeBundle = (entry, outfile, minify, release) => build({
  entryPoints: [r(entry)],
  outfile: r(outfile),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['electron', 'better-sqlite3'],
  define: releaseDefine(release),
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __pospalRequire } from 'node:module'; const require = __pospalRequire(import.meta.url);" },
  sourcemap: true,
  minify,
  logLevel: 'warning',
  });

function copyMigrations(dir) {
  mkdirSync(r(`${dir}/migrations`), { recursive: true });
  cpSync(r('app/core/db/migrations'), r(`${dir}/migrations`), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
}

/** Browser mode (no Electron): dist/server/index.js exports startBrowserMode. */
export async function buildServer({ minify = false, release = false } = {}) {
  await nodeBundle('app/server/main.ts', 'dist/server/index.js', minify, release);
  copyMigrations('dist/server');
}

export async function buildElectron({ minify = false, release = false } = {}) {
  await nodeBundle('app/main/index.ts', 'dist/main/index.js', minify, release);
  copyMigrations('dist/main');
  await build({
    entryPoints: [r('app/preload/index.ts')],
    outfile: r('dist/preload/index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    minify,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const minify = process.argv.includes('--minify');
  const release = !process.argv.includes('--dev');
  await buildElectron({ minify, release });
  await buildServer({ minify, release });
  console.log(`built dist/main/index.js, dist/preload/index.cjs and dist/server/index.js (${release ? 'release: POSPAL_LICENSE_URL and POSPAL_LICENSE_KEYS ignored' : 'development'})`);
}
