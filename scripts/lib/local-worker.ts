// Starts the licensing worker locally under `wrangler dev` (workerd + local D1 with migrations
// applied) for the app's integration/e2e tests, `npm start` and the benchmark.
//
//   const worker = await startLocalWorker();            // free port, fresh temp state, fresh keys
//   worker.url, worker.kid, worker.publicKey            // POSPAL_LICENSE_URL / POSPAL_LICENSE_KEYS
//   await worker.stop();                                // kills the process tree, removes temp state
//
// With `persistDir` the state survives restarts and the keys come from licensing-worker/.dev.vars
// (generated once), so a cached development license stays valid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevVars, generateSigningKeyPair, newWebhookSecret } from '../dev-keys.mjs';

export const workerDir = fileURLToPath(new URL('../../licensing-worker/', import.meta.url));
const wranglerBin = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url));

export interface LocalWorkerOptions {
  /** Port to listen on (127.0.0.1); default: a free one. */
  port?: number;
  /** Where D1 and other local state live; default: a fresh temp dir removed on stop. */
  persistDir?: string;
  /** Extra vars (e.g. RATE_LIMITS, STRIPE_API_HOST); override the defaults. */
  vars?: Record<string, string>;
  /** How long to wait for /health (ms). */
  startTimeoutMs?: number;
  /** Print wrangler's output (default: only on failure). */
  verbose?: boolean;
}

export interface LocalWorker {
  url: string;
  port: number;
  kid: string;
  publicKey: string;
  /** The offline license files' own key (issue 13 §4): POSPAL_OFFLINE_LICENSE_KEYS. */
  offlineKid: string;
  offlinePublicKey: string;
  persistDir: string;
  /** The wrangler process (its workerd is a descendant): the benchmark reads their CPU time. */
  pid: number | undefined;
  /** The last ~20 KB of wrangler's output (why it died, if it did). */
  output(): string;
  stop(): Promise<void>;
}

export const wranglerEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
  NO_COLOR: '1',
  CI: 'true', // no interactive dev session, no prompts
});

/** Runs a wrangler command to completion in the worker directory (throws with its output). */
export function wrangler(args: string[]): string {
  const r = spawnSync(process.execPath, [wranglerBin, ...args], { cwd: workerDir, env: wranglerEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function applyMigrations(persistDir: string): void {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir]);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: wrangler and its workerd
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner that dies must not leave workerd behind.
  process.on('exit', () => {
    for (const child of running) killTree(child, 'SIGKILL');
  });
}

/**
 * The 'exit' hook does not run when the parent is killed by a signal it does not handle (Ctrl+C
 * without a SIGINT handler, SIGKILL). A tiny reaper holds a pipe from the parent: when the pipe
 * closes, for whatever reason, it kills the worker's process group.
 */
function startReaper(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const script = `process.stdin.resume();process.stdin.on('end',()=>{try{process.kill(-${child.pid},'SIGKILL')}catch{}process.exit(0)})`;
  const reaper = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.unref();
  (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.once('exit', () => {
    reaper.stdin?.end();
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the local worker did not become healthy within ${timeoutMs} ms:\n${output()}`);
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const port = options.port ?? (await freePort());
  const temp = options.persistDir === undefined;
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'pospal-worker-'));
  mkdirSync(persistDir, { recursive: true });

  // Secrets: a persistent dev worker uses .dev.vars (stable keys); a throwaway one gets its own.
  let kid: string;
  let publicKey: string;
  let offlineKid: string;
  let offlinePublicKey: string;
  const secretArgs: string[] = [];
  if (temp) {
    const pair = generateSigningKeyPair() as { privateKey: string; publicKey: string };
    const offline = generateSigningKeyPair() as { privateKey: string; publicKey: string };
    kid = `local-${port}`;
    publicKey = pair.publicKey;
    offlineKid = `local-offline-${port}`;
    offlinePublicKey = offline.publicKey;
    // Passed through an env file in the temp dir rather than argv (visible in `ps`).
    const envFile = join(persistDir, 'worker.env');
    writeFileSync(
      envFile,
      `LICENSE_SIGNING_KEY="${pair.privateKey}"\nLICENSE_KEY_ID="${kid}"\nSTRIPE_WEBHOOK_SECRET="${newWebhookSecret()}"\n` +
        `OFFLINE_LICENSE_SIGNING_KEY="${offline.privateKey}"\nOFFLINE_LICENSE_KEY_ID="${offlineKid}"\n`,
      { mode: 0o600 },
    );
    secretArgs.push('--env-file', envFile);
  } else {
    ({ kid, publicKey, offlineKid, offlinePublicKey } = ensureDevVars() as { kid: string; publicKey: string; offlineKid: string; offlinePublicKey: string });
  }

  applyMigrations(persistDir);

  const url = `http://127.0.0.1:${port}`;
  // wrangler.toml's top-level environment is production-like: development billing is asked for.
  const vars: Record<string, string> = { ENVIRONMENT: 'development', PUBLIC_BASE_URL: url, ...options.vars };
  const args = [
    wranglerBin,
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--persist-to', persistDir,
    '--inspector-port', String(await freePort()),
    '--show-interactive-dev-session=false',
    ...secretArgs,
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const child = spawn(process.execPath, args, { cwd: workerDir, env: wranglerEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  installExitHook();
  startReaper(child);
  let log = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    log = (log + text).slice(-20_000);
    if (options.verbose) process.stderr.write(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (running.has(child)) {
      running.delete(child);
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      killTree(child, 'SIGTERM');
      const timer = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (temp) rmSync(persistDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, options.startTimeoutMs ?? 90_000, () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, kid, publicKey, offlineKid, offlinePublicKey, persistDir, pid: child.pid, output: () => log, stop };
}
