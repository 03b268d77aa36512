/**
 * The e2e world: a real local licensing worker (wrangler dev, local D1, development billing),
 * one or more real POSPal apps in browser mode (each its own temp data dir, machine identity and
 * free port), and Chromium. Everything is torn down by `stop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPosPal } from '../bootstrap';
import type { PosPal } from '../bootstrap';
import type { Clock } from '../core/clock';
import { launchChromium } from './browser';
import { ensureRendererBuilt } from './renderer-build';

/** scripts/lib/local-worker.ts (W-A): the real worker under wrangler dev, local D1, dev billing. */
export interface LocalWorker {
  url: string;
  port: number;
  kid: string;
  publicKey: string;
  /** The offline license files' own key (issue 13 §4). */
  offlineKid: string;
  offlinePublicKey: string;
  stop(): Promise<void>;
}
type StartLocalWorker = (options?: { port?: number; persistDir?: string; vars?: Record<string, string> }) => Promise<LocalWorker>;

// Imported by path at run time: scripts/ is its own TypeScript project.
const LOCAL_WORKER_MODULE = new URL('../../scripts/lib/local-worker.ts', import.meta.url).href;

export async function startLocalWorker(options: Parameters<StartLocalWorker>[0] = {}): Promise<LocalWorker> {
  const mod = (await import(/* @vite-ignore */ LOCAL_WORKER_MODULE)) as { startLocalWorker: StartLocalWorker };
  return mod.startLocalWorker(options);
}

/** The system clock plus an offset the test can move forward (days offline, heartbeats). */
export interface ShiftableClock extends Clock {
  advance(ms: number): void;
}

export function shiftableClock(): ShiftableClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => { offset += ms; } };
}

export interface E2eApp {
  app: PosPal;
  clock: ShiftableClock;
  dataDir: string;
  /** Opens the app in its own browser context (a separate "device") at 1024×768. */
  open(options?: { withToken?: boolean }): Promise<Page>;
}

export interface E2e {
  worker: LocalWorker;
  browser: Browser;
  /** An app with its own data dir and machine; licensed by `worker` (default: the file's worker); `env` adds variables (POSPAL_MYDATA_URL). */
  startApp(name: string, options?: { worker?: LocalWorker; env?: Record<string, string> }): Promise<E2eApp>;
  /** Another worker (own D1 and keys) a test may stop without taking the file's worker down. */
  startWorker(): Promise<LocalWorker>;
  stop(): Promise<void>;
}

/** `workerVars`: the file's worker configuration (e.g. TRIAL_SECONDS for a trial that ends during the test). */
export async function startE2e(options: { workerVars?: Record<string, string> } = {}): Promise<E2e> {
  const rendererDir = ensureRendererBuilt();
  const worker = await startLocalWorker(options.workerVars ? { vars: options.workerVars } : {});
  const browser = await launchChromium().catch(async (e: unknown) => { await worker.stop(); throw e; });
  const apps: E2eApp[] = [];
  const contexts: BrowserContext[] = [];
  const dirs: string[] = [];
  const workers: LocalWorker[] = [worker];

  async function startApp(name: string, options: { worker?: LocalWorker; env?: Record<string, string> } = {}): Promise<E2eApp> {
    const licenseWorker = options.worker ?? worker;
    const dataDir = mkdtempSync(join(tmpdir(), `pospal-e2e-${name}-`));
    dirs.push(dataDir);
    const clock = shiftableClock();
    const app = await startPosPal({
      env: {
        POSPAL_DATA_DIR: dataDir,
        POSPAL_LICENSE_URL: licenseWorker.url,
        POSPAL_LICENSE_KEYS: `${licenseWorker.kid}=${licenseWorker.publicKey}`,
        POSPAL_OFFLINE_LICENSE_KEYS: `${licenseWorker.offlineKid}=${licenseWorker.offlinePublicKey}`,
        ...options.env,
      },
      clock,
      rendererDir,
      http: 'always',
      host: '127.0.0.1',
      port: 0,
      log: () => {},
      licenseClient: { maxRetries: 0, timeoutMs: 3000 },
      // Each app is its own computer for the worker's machine matching.
      fingerprint: {
        readComponents: async () => ({ machineId: `e2e-${name}-${dataDir}`, cpuModel: `e2e cpu ${name}`, macs: `02:00:00:00:00:${apps.length.toString(16).padStart(2, '0')}` }),
        machineName: () => name.toUpperCase(),
        platform: 'linux',
      },
    });
    const e2eApp: E2eApp = {
      app,
      clock,
      dataDir,
      async open(options = {}) {
        const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-GB' });
        contexts.push(context);
        const page = await context.newPage();
        await page.goto(options.withToken === false ? app.server!.url : app.server!.openUrl);
        return page;
      },
    };
    apps.push(e2eApp);
    return e2eApp;
  }

  return {
    worker,
    browser,
    startApp,
    async startWorker() {
      const w = await startLocalWorker({});
      workers.push(w);
      return w;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      for (const a of apps) await a.app.stop().catch(() => {});
      for (const w of workers) await w.stop().catch(() => {});
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
