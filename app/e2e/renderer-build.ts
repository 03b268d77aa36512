/**
 * The e2e tests and the UI benchmark drive the real built renderer: build it once when
 * dist/renderer is missing (a clean clone in CI) or older than a renderer source file (a stale
 * build would test yesterday's screens). POSPAL_E2E_REBUILD=1 forces a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const SOURCES = join(ROOT, 'app', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function rendererBuildIsStale(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return true;
  return newestMtime(SOURCES) > statSync(index).mtimeMs;
}

export function ensureRendererBuilt(): string {
  if (process.env.POSPAL_E2E_REBUILD === '1' || rendererBuildIsStale()) {
    const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build:renderer failed:\n${r.stdout}\n${r.stderr}`);
  }
  return RENDERER_DIR;
}
