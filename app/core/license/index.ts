/**
 * The license agent, wired from configuration: what app/bootstrap (Electron or browser mode)
 * and the support CLI call. Tests wire `createAgent` directly with their own clock/timers.
 */
import type { AxiosAdapter } from 'axios';
import type { Clock } from '../clock';
import type { Db } from '../db';
import type { SecretStore } from '../secrets/secret-store';
import { createAgent } from './agent';
import { createLicenseClient } from './client';
import type { LicenseConfig } from './config';
import { createFingerprinter, type Fingerprinter, type ReadComponents } from './fingerprint';
import { trustedKeys } from './keys';
import type { LicenseAgent } from './status';

export interface LicenseAgentOptions {
  config: LicenseConfig;
  db: Db;
  /** The unlock token's home (a file store beside the database in the CLI). */
  secrets: SecretStore;
  /** True in an installed app (Electron's app.isPackaged): POSPAL_LICENSE_KEYS is then ignored. */
  packaged: boolean;
  appVersion: string;
  clock?: Clock;
  /** Share one per process: the fingerprint is computed once per start. */
  fingerprinter?: Fingerprinter;
  readComponents?: ReadComponents;
  adapter?: AxiosAdapter;
}

export function createLicenseAgent(options: LicenseAgentOptions): LicenseAgent {
  return createAgent({
    db: options.db,
    secrets: options.secrets,
    clock: options.clock,
    appVersion: options.appVersion,
    keys: trustedKeys({ packaged: options.packaged, extraKeys: options.config.extraKeys }),
    client: createLicenseClient({ baseUrl: options.config.licenseUrl, adapter: options.adapter }),
    fingerprinter: options.fingerprinter ?? createFingerprinter({ readComponents: options.readComponents }),
  });
}

export { createAgent } from './agent';
export type { ActionResult, AgentDeps, LicenseAgent, LicenseGate, LicenseStatus, MachinesResult, SubscriptionMachine } from './status';
export type { AgentProblem, RegisteredMachine, SessionHolder } from './problems';
export type { LicenseStateName, LockReason } from './rules';
export { readLicenseConfig, type LicenseConfig } from './config';
export { createFingerprinter, readSystemComponents, type MachineIdentity, type RawComponents } from './fingerprint';
export { trustedKeys, BUILT_IN_LICENSE_KEYS } from './keys';
export { createLicenseClient } from './client';
