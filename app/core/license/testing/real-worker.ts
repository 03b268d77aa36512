/**
 * Agents wired to the REAL local worker (workerd + local D1 + development billing, started by
 * W-A's scripts/lib/local-worker.ts): each "machine" has its own SQLite file, components and
 * clock; the network can be cut by pointing a machine at a closed port.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axios, { type AxiosAdapter } from 'axios';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { fileSecretStore, secretsFileOf } from '../../secrets/file-store';
import type { SecretStore } from '../../secrets/secret-store';
import { createAgent } from '../agent';
import { createLicenseClient } from '../client';
import { createFingerprinter, type RawComponents } from '../fingerprint';
import { trustedKeys } from '../keys';
import type { LicenseAgent } from '../status';
import { manualTimers, type ManualTimers } from './fake-worker';

export interface LocalWorker {
  url: string;
  stop(): Promise<void>;
  publicKey: string;
  kid: string;
  /** The offline license files' own key pair's public half (issue 13 §4). */
  offlineKid: string;
  offlinePublicKey: string;
}

/** Many agents and checkouts from one IP within a minute: lift the per-IP limits for tests. */
const TEST_VARS = { RATE_LIMITS: 'checkout:ip=1000/60,checkout:email=100/3600,validate:ip=5000/60,validate:credential=1000/60,session:ip=5000/60,account:ip=1000/60,trial:ip=1000/60,trial:email=100/3600' };

/** W-A's starter (scripts/lib/local-worker.ts), loaded at run time: it lives outside the app's TS project. */
export async function startRealWorker(vars: Record<string, string> = {}): Promise<LocalWorker> {
  const lib = fileURLToPath(new URL('../../../../scripts/lib/local-worker.ts', import.meta.url));
  const mod = (await import(/* @vite-ignore */ lib)) as { startLocalWorker(o?: object): Promise<LocalWorker> };
  return mod.startLocalWorker({ vars: { ...TEST_VARS, ...vars } });
}

/** A port nothing listens on: the network is "cut" for whoever talks to it. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 9;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

export interface Machine {
  name: string;
  db: Db;
  dbFile: string;
  clock: ManualClock;
  timers: ManualTimers;
  /** Requests this machine sent (over the real network adapter). */
  requests: string[];
  /** The machine's secret store (the unlock token, the trusted-time floor). */
  secrets: SecretStore;
  agent(options?: { url?: string; components?: RawComponents }): LicenseAgent;
  /** Moves this machine's clock on, fires its due timers and waits for the agent. */
  advance(agent: LicenseAgent, ms: number): Promise<void>;
}

export function machine(worker: LocalWorker, name: string, components: RawComponents): Machine {
  const dir = mkdtempSync(join(tmpdir(), `pospal-${name}-`));
  const dbFile = join(dir, 'pospal.db');
  const secrets = fileSecretStore({ file: secretsFileOf(dir) });
  const db = openDatabase({ file: dbFile });
  const clock = manualClock(Date.now());
  const timers = manualTimers(clock);
  const requests: string[] = [];
  const http = axios.getAdapter('http');
  const counting: AxiosAdapter = (config) => {
    requests.push(`${config.baseURL ?? ''}${config.url ?? ''}`);
    return http(config);
  };
  const keys = trustedKeys({ packaged: false, builtIn: {}, extraKeys: { [worker.kid]: worker.publicKey } });
  return {
    name, db, dbFile, clock, timers, requests, secrets,
    agent(options = {}) {
      return createAgent({
        db, secrets, clock, timers, keys, appVersion: '0.1.0', random: () => 0.5,
        // Real HTTP; quick retries so a cut network fails fast in tests.
        client: createLicenseClient({ baseUrl: options.url ?? worker.url, adapter: counting, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 5000 }),
        fingerprinter: createFingerprinter({ readComponents: async () => options.components ?? components, machineName: () => name, platform: 'linux' }),
      });
    },
    async advance(agent, ms) {
      clock.advance(ms);
      timers.fireDue();
      await agent.whenIdle();
    },
  };
}
