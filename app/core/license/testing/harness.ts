/** Wiring for agent tests: a real SQLite file, the test's clock and timers, a fake worker. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { fileSecretStore, secretsFileOf } from '../../secrets/file-store';
import type { SecretStore } from '../../secrets/secret-store';
import { createAgent, type LicenseAgent } from '../agent';
import { createLicenseClient, type LicenseClient } from '../client';
import { createFingerprinter, type RawComponents } from '../fingerprint';
import { trustedKeys, type TrustedKeys } from '../keys';
import { fakeWorker, manualTimers, testKeyPair, type FakeWorker, type ManualTimers, type TestKeyPair } from './fake-worker';

export const MACHINE_A: RawComponents = {
  machineId: 'a1b2c3-machine', productUuid: '4C4C4544-0042', cpuModel: 'Intel(R) Core(TM) i5-8250U',
  diskSerial: 'S3Z8NB0K123', macs: '00:1a:2b:3c:4d:5e', osInstallId: 'root-uuid-a',
};
export const MACHINE_B: RawComponents = {
  machineId: 'ffee-other', productUuid: '9999-OTHER', cpuModel: 'AMD Ryzen 5', diskSerial: 'WD-XYZ', macs: 'aa:bb:cc:dd:ee:ff', osInstallId: 'root-uuid-b',
};

export const START = Date.UTC(2026, 0, 10, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface AgentHarness {
  dir: string;
  dbFile: string;
  db: Db;
  /** The real 0600 file store beside the database. */
  secretsFile: string;
  secrets: SecretStore;
  clock: ManualClock;
  keys: TestKeyPair;
  worker: FakeWorker;
  timers: ManualTimers;
  trusted: TrustedKeys;
  client: LicenseClient;
  agent(components?: RawComponents): LicenseAgent;
  advance(agent: LicenseAgent, ms: number): Promise<void>;
}

export function agentHarness(): AgentHarness {
  const dir = mkdtempSync(join(tmpdir(), 'pospal-agent-'));
  const dbFile = join(dir, 'pospal.db');
  const db: Db = openDatabase({ file: dbFile });
  const secretsFile = secretsFileOf(dir);
  const secrets = fileSecretStore({ file: secretsFile });
  const clock = manualClock(START);
  const keys = testKeyPair();
  const worker = fakeWorker(keys, clock);
  const timers = manualTimers(clock);
  const trusted = trustedKeys({ packaged: false, builtIn: {}, extraKeys: { [keys.kid]: keys.publicKey } });
  const client = createLicenseClient({ baseUrl: 'http://worker.test', adapter: worker.adapter, sleep: async () => {} });

  function agent(components: RawComponents = MACHINE_A): LicenseAgent {
    return createAgent({
      db, secrets, clock, timers, random: () => 0.5, keys: trusted, client, appVersion: '0.1.0',
      fingerprinter: createFingerprinter({ readComponents: async () => components, machineName: () => 'TILL-1', platform: 'linux' }),
    });
  }

  /** Moves time on, fires due timers and waits for the agent's conversations to finish. */
  async function advance(a: LicenseAgent, ms: number): Promise<void> {
    clock.advance(ms);
    timers.fireDue();
    await a.whenIdle();
  }

  return { dir, dbFile, db, secretsFile, secrets, clock, keys, worker, timers, trusted, client, agent, advance };
}
