/**
 * Composition root: configuration from the environment, the shop database in POSPAL_DATA_DIR,
 * the license agent, the core API (+ license and demo commands), live events, the transport,
 * and — for browser mode and the LAN option — the HTTP server. Electron main and
 * `npm start`'s browser mode both call `startPosPal`; so do the e2e tests.
 */
import type { Api, CommandMap } from './core/api';
import { createApi } from './core/api';
import type { Clock } from './core/clock';
import { systemClock } from './core/clock';
import { openDatabase } from './core/db';
import type { Db } from './core/db';
import { createAgent } from './core/license/agent';
import type { LicenseAgent } from './core/license/agent';
import { createLicenseCache } from './core/license/cache';
import { createLicenseClient } from './core/license/client';
import type { LicenseClientOptions } from './core/license/client';
import { readLicenseConfig } from './core/license/config';
import { createFingerprinter } from './core/license/fingerprint';
import type { FingerprintOptions } from './core/license/fingerprint';
import { offlineTrustedKeys, trustedKeys } from './core/license/keys';
import { getSettings } from './core/pos/settings/settings-store';
import { startPrintQueue, stopPrintQueue } from './core/print/print-service';
import { backupsDirOf, startDailyBackups } from './core/db/backups';
import { diskCommands } from './core/db/disk-commands';
import { createDiskMonitor } from './core/db/disk-space';
import type { DiskMonitor, StatFs } from './core/db/disk-space';
import { isDiskFull } from './core/errors';
import { repairDataDirModes } from './core/secrets/file-modes';
import { fileSecretStore, secretsFileOf } from './core/secrets/file-store';
import { moveTokenOutOfDb } from './core/secrets/move-token';
import { scrubTokenFromBackups } from './core/secrets/scrub-backups';
import type { SecretStore } from './core/secrets/secret-store';
import { readShopRules } from './core/pos/orders/shop-rules';
import { licenseCommands, licenseView } from './core/license/commands';
import { withOfflineFile } from './core/license/offline-file/agent';
import { offlineFileCommands } from './core/license/offline-file/commands';
import { recordingRevocations, revocationFetcher } from './core/license/offline-file/revocations';
import { createOfflineFileStore } from './core/license/offline-file/store';
import { createAppLogs } from './core/logging/logger';
import type { AppLogs } from './core/logging/logger';
import { supportCommands } from './core/logging/support-bundle';
import { menuPublishCommands } from './core/pos/menu-publish/commands';
import { fiscalCommands } from './core/fiscal/commands';
import { directChannel, startFiscalOutbox, stopFiscalOutbox } from './core/fiscal/service';
import { readFiscalUrlOverride } from './core/fiscal/config';
import { mydataRestTransmitter } from './core/fiscal/mydata-rest';
import { observeApi } from './server/observe';
import { createAppEvents, createTransport, readServerConfig, startAppServer } from './server';
import type { AppEvents, AppServer, Transport } from './server';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** A packaged (installed) app ignores POSPAL_LICENSE_KEYS. */
  packaged?: boolean;
  appVersion?: string;
  /** Built renderer to serve over HTTP (null: none). */
  rendererDir: string | null;
  /**
   * Start the HTTP server: 'always' (browser mode, tests), 'lan-only' (Electron: only when
   * POSPAL_HOST is a LAN address), or 'never'. Host/port come from POSPAL_HOST/POSPAL_PORT
   * unless given here.
   */
  http?: 'always' | 'lan-only' | 'never';
  host?: string;
  port?: number;
  /** Tests simulate other machines (components) and names. */
  fingerprint?: FingerprintOptions;
  /** Tests shorten the worker client's retries. */
  licenseClient?: Partial<Omit<LicenseClientOptions, 'baseUrl'>>;
  log?: (line: string) => void;
  /**
   * Where the unlock token lives (never the shop database), given the data folder. Electron
   * passes its safeStorage store; null (no usable keychain) or absent: the 0600 file beside
   * the database.
   */
  secrets?: SecretStore | ((dataDir: string) => Promise<SecretStore | null>);
  /** Tests give the free-space check their own statfs and threshold. */
  disk?: { statfs?: StatFs; thresholdBytes?: number };
  /** Extra versions for the support bundle (Electron main adds electron, chrome). */
  versions?: Record<string, string>;
}

export interface PosPal {
  dataDir: string;
  api: Api;
  agent: LicenseAgent;
  events: AppEvents;
  transport: Transport;
  server: AppServer | null;
  /** Rotated log files in `<data folder>/logs` (main, server, core). */
  logs: AppLogs;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  constructor(readonly code: 'CONFIG_INVALID' | 'DB_OPEN_FAILED', message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export async function startPosPal(options: StartOptions): Promise<PosPal> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const print = options.log ?? ((line: string) => console.log(line));

  const licenseConfig = readLicenseConfig(env);
  if (!licenseConfig.ok) throw new StartupError('CONFIG_INVALID', licenseConfig.error.message);
  const serverConfig = readServerConfig(env);
  if (!serverConfig.ok) throw new StartupError('CONFIG_INVALID', serverConfig.error.message);
  const { dataDir, databaseFile, licenseUrl, extraKeys, extraOfflineKeys } = licenseConfig.config;
  const mydataUrl = readFiscalUrlOverride(env);
  if (!mydataUrl.ok) throw new StartupError('CONFIG_INVALID', mydataUrl.message);

  // The data folder is private (0700, files 0600), repaired at every start.
  repairDataDirModes(dataDir);
  // Everything said at start goes to the console and to core.log (redacted there).
  const logs = createAppLogs({ dataDir, clock });
  const log = (line: string): void => {
    print(line);
    logs.core.info(line);
  };
  logs.core.info('starting', { appVersion: options.appVersion ?? 'development', packaged: options.packaged ?? false });
  const secrets = (typeof options.secrets === 'function' ? await options.secrets(dataDir) : options.secrets)
    ?? fileSecretStore({ file: secretsFileOf(dataDir) });
  let db: Db;
  try {
    db = openDatabase({ file: databaseFile, clock });
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'UNKNOWN';
    const details = (e as { details?: unknown }).details;
    throw new StartupError('DB_OPEN_FAILED', `${code}: ${(e as Error).message}${details ? ` ${JSON.stringify(details)}` : ''}`);
  }

  // A token left in the database by an older version moves to the secret store (then the column is blanked).
  await moveTokenOutOfDb(db, secrets).catch((e: unknown) => log(`Could not move the unlock token out of the database: ${(e as Error).message}`));
  // …and backups taken before that lose their copy too.
  try {
    scrubTokenFromBackups(backupsDirOf(dataDir));
  } catch (e) {
    log(`Could not clean the unlock token out of older backups: ${(e as Error).message}`);
  }

  const events = createAppEvents();
  // Warn before the disk is full (start + hourly), and say so when a write hit SQLITE_FULL.
  const disk = createDiskMonitor({ dir: dataDir, clock, ...options.disk, onChange: (s) => events.publish('disk', s) });
  const stopDisk = disk.start();
  // The API swaps the database on a restore from a backup; everything else follows it.
  const live: { api?: Api } = {};
  const currentDb = (): Db => live.api?.db() ?? db;
  // One client for the licensing worker: the agent's validation, the account and menu commands.
  const workerClient = createLicenseClient({ baseUrl: licenseUrl, ...options.licenseClient });
  const fingerprinter = createFingerprinter(options.fingerprint ?? {});
  // Any worker answer may carry the signed list of revoked offline license files (issue 13 §4).
  const revocations = { sink: (_signed: string): void => undefined };
  const onlineAgent = createAgent({
    db: currentDb,
    secrets,
    client: recordingRevocations(workerClient, (signed) => revocations.sink(signed)),
    keys: trustedKeys({ packaged: options.packaged ?? false, extraKeys }),
    fingerprinter,
    clock,
    ...(options.appVersion ? { appVersion: options.appVersion } : {}),
  });
  // File mode (an offline license file) wraps the online agent; without a file it is the online agent.
  const agent = withOfflineFile({
    online: onlineAgent,
    store: createOfflineFileStore(currentDb),
    keys: offlineTrustedKeys({ packaged: options.packaged ?? false, extraKeys: extraOfflineKeys }),
    fingerprinter,
    clock,
    fetchRevocations: revocationFetcher(licenseUrl),
    secrets,
  });
  revocations.sink = (signed) => void agent.noteRevocations(signed);
  const offState = agent.on('state', (s) => events.publish('license', licenseView(s)));
  const offWarning = agent.on('warning', (s) => events.publish('license', licenseView(s)));

  const commands: CommandMap = {
    ...licenseCommands({ agent, cache: createLicenseCache(currentDb, secrets), billing: workerClient, secrets }),
    ...offlineFileCommands(agent),
    ...menuPublishCommands({ cache: createLicenseCache(currentDb, secrets), worker: workerClient }),
    ...diskCommands(disk),
    ...fiscalCommands({ secrets }),
    ...supportCommands({
      versions: { app: options.appVersion ?? 'development', ...options.versions },
      license: () => licenseView(agent.status()),
    }),
  };
  const logInternalError = (name: string, e: unknown): void => logs.core.error('command_failed', { command: name, error: e });
  const api = watchDiskFull(observeApi(createApi({ db, license: agent, dataDir, clock, commands, logInternalError }), events), disk);
  live.api = api;
  const transport = createTransport({ api, dataDir, clock });
  // The transport's device registry was just created in the data folder: private as well.
  repairDataDirModes(dataDir);
  // Printing never blocks selling: commands enqueue jobs, this queue sends them (and retries).
  startPrintQueue({
    db: currentDb,
    clock,
    settings: () => getSettings(currentDb()),
    onJobUpdate: (job) => events.publish('print', job),
  });
  // myDATA (issue 15): documents committed with sales go out from here, retried across restarts.
  startFiscalOutbox({
    db: currentDb,
    clock,
    secrets,
    transmitter: mydataUrl.url === null
      ? directChannel
      : (_settings, credentials) => mydataRestTransmitter({ baseUrl: mydataUrl.url ?? '', credentials }),
    onChange: (change) => events.publish('fiscal', change),
    log: (event, details) => logs.core.info(event, details),
  });
  // The shop's ledger is backed up once a business day (kept 14 days), whatever the license says.
  const stopBackups = startDailyBackups({
    getDb: currentDb,
    dataDir,
    clock,
    timeZone: () => readShopRules(currentDb()).timeZone,
    onError: (e) => {
      if (isDiskFull(e)) disk.noteFull();
      log(`Daily backup failed: ${(e as Error).message}`);
    },
  });

  // Unlocks from the cache before any network call; online work continues in the background.
  await agent.start();

  const mode = options.http ?? 'always';
  const host = options.host ?? serverConfig.config.host;
  const lan = host !== '127.0.0.1' && host !== 'localhost' && host !== '::1';
  let server: AppServer | null = null;
  if (mode === 'always' || (mode === 'lan-only' && lan)) {
    try {
      server = await startAppServer({
        transport,
        events,
        host,
        port: options.port ?? serverConfig.config.port,
        rendererDir: options.rendererDir,
        allowedHosts: serverConfig.config.allowedHosts,
        initialEvents: () => [{ name: 'license', data: licenseView(agent.status()) }, { name: 'disk', data: disk.status() }],
        log: logs.server,
      });
    } catch (e) {
      stopPrintQueue();
      await stopFiscalOutbox();
      stopBackups();
      stopDisk();
      await agent.stop();
      transport.close();
      db.close();
      throw e;
    }
    if (lan) log(`POSPal is listening on the shop network (${host}:${server.port}); tablets pair with a code from Settings.`);
  }

  let stopped = false;
  return {
    dataDir,
    api,
    agent,
    events,
    transport,
    server,
    logs,
    async stop() {
      if (stopped) return;
      stopped = true;
      offState();
      offWarning();
      await server?.stop();
      stopPrintQueue();
      await stopFiscalOutbox();
      stopBackups();
      stopDisk();
      // Ends the device session cleanly, so the next computer does not see a conflict.
      await agent.stop();
      transport.close();
      api.db().close();
    },
  };
}

/** Every command that failed for lack of disk space turns the disk banner on at once. */
function watchDiskFull(api: Api, disk: DiskMonitor): Api {
  return {
    commands: api.commands,
    db: () => api.db(),
    async call(name, rawInput, session, origin) {
      const r = await api.call(name, rawInput, session, origin);
      if (!r.ok && r.error.code === 'DISK_FULL') disk.noteFull();
      return r as never;
    },
  };
}
