#!/usr/bin/env node
// `npm start`: the local licensing worker (development billing, generated keys) and the app
// pointed at it — in Electron when its binary is available, else in browser mode on localhost
// with the URL printed and one line saying why. Ctrl+C stops both (the app first, so its
// license session ends cleanly).
//
// Environment: POSPAL_LICENSE_URL set = use that worker instead of starting one;
// POSPAL_DATA_DIR (default .wrangler/pospal-dev/data, beside the dev worker's state);
// POSPAL_HOST / POSPAL_PORT; POSPAL_BROWSER=1 forces browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const devDir = `${root}/.wrangler/pospal-dev`;
Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });

/** Electron's installer, run once on its own: quiet, bounded, and a failure is just `false`. */
function downloadElectron() {
  return new Promise((resolve) => {
    const installer = `${root}/node_modules/electron/install.js`;
    if (!existsSync(installer)) return resolve(false);
    console.log('Downloading Electron (first start)…');
    const child = spawn(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 180_000 });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** Electron (its installed binary) or browser mode with the reason; never requires 'electron'. */
export async function appMode(env = process.env) {
  const { chooseAppMode } = await tsImport(`${root}/scripts/lib/electron-binary.ts`, import.meta.url);
  return chooseAppMode({ env, platform: process.platform, electronDir: `${root}/node_modules/electron`, download: downloadElectron });
}

async function startWorker() {
  if (process.env.POSPAL_LICENSE_URL) {
    console.log(`Using the licensing worker at ${process.env.POSPAL_LICENSE_URL} (POSPAL_LICENSE_URL).`);
    return { env: {}, stop: async () => {} };
  }
  const lib = `${root}/scripts/lib/local-worker.ts`;
  if (!existsSync(lib)) throw new Error('scripts/lib/local-worker.ts is missing: cannot start the local licensing worker');
  const { startLocalWorker } = await tsImport(lib, import.meta.url);
  mkdirSync(`${devDir}/worker`, { recursive: true });
  const port = process.env.POSPAL_WORKER_PORT ? Number(process.env.POSPAL_WORKER_PORT) : undefined;
  const worker = await startLocalWorker({ persistDir: `${devDir}/worker`, ...(port ? { port } : {}) });
  console.log(`Licensing worker (development billing) at ${worker.url}`);
  return {
    env: { POSPAL_LICENSE_URL: worker.url, POSPAL_LICENSE_KEYS: `${worker.kid}=${worker.publicKey}`, POSPAL_OFFLINE_LICENSE_KEYS: `${worker.offlineKid}=${worker.offlinePublicKey}` },
    stop: () => worker.stop(),
  };
}

function ensureRendererBuilt() {
  if (existsSync(`${root}/dist/renderer/index.html`)) return;
  console.log('Building the screens (first start)…');
  const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.log('The screens did not build; the app starts anyway and says so in the browser.');
}

async function main() {
  ensureRendererBuilt();
  const worker = await startWorker();
  const env = { ...process.env, ...worker.env };
  env.POSPAL_DATA_DIR ||= `${devDir}/data`;
  mkdirSync(env.POSPAL_DATA_DIR, { recursive: true });

  let stopApp = async () => {};
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    try { await stopApp(); } finally { await worker.stop(); process.exit(code); }
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const electron = await appMode(env);
  if (electron.mode === 'electron') {
    const { buildElectron } = await import('../app/main/build.mjs');
    await buildElectron();
    console.log('Starting POSPal in Electron…');
    const child = spawn(electron.binary, ['.'], { cwd: root, env, stdio: 'inherit' });
    stopApp = () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => void shutdown(code ?? 0));
    return;
  }

  console.log(`Browser mode: ${electron.reason}.`);
  const { buildServer } = await import('../app/main/build.mjs');
  await buildServer();
  const { startBrowserMode, explainStartFailure } = await import('../dist/server/index.js');
  try {
    const app = await startBrowserMode(env);
    stopApp = () => app.stop();
  } catch (e) {
    const line = explainStartFailure(e);
    if (!line) throw e;
    console.error(line);
    await shutdown(2);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch(async (e) => {
    console.error(`npm start failed: ${e?.message ?? e}`);
    process.exit(1);
  });
}
