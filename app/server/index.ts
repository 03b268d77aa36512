/**
 * The transport layer wired together: a dispatcher (shared by HTTP and Electron IPC) over the
 * core API, the paired-device registry, pairing codes, and — when asked — the HTTP server.
 * Used by browser mode (`npm start`), by Electron main, and by the e2e tests.
 */
import { join } from 'node:path';
import type { Api } from '../core/api';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { createDispatcher } from './dispatcher';
import type { Dispatcher } from './dispatcher';
import { openDeviceRegistry } from './devices';
import type { DeviceRegistry } from './devices';
import type { AppEvent, AppEvents } from './events';
import { createHostCheck } from './host-check';
import type { HostCheck } from './host-check';
import { createHttpApp } from './http-app';
import { lanUrls, listen } from './listen';
import { createPairingCodes } from './pairing';
import { newSecretToken } from './tokens';
import type { Logger } from '../core/logging/logger';

export { createAppEvents } from './events';
export type { AppEvents, AppEvent } from './events';
export type { Caller, Dispatcher, Envelope } from './dispatcher';
export { readServerConfig } from './config';
export type { HostCheck } from './host-check';

export interface TransportOptions {
  api: Api;
  dataDir: string;
  clock?: Clock;
}

export interface Transport {
  dispatcher: Dispatcher;
  devices: DeviceRegistry;
  close(): void;
}

interface TransportInternals extends Transport {
  setLanUrls(fn: () => string[]): void;
  setOnRevoked(fn: (deviceId: string) => void): void;
  clock: Clock;
}

export function createTransport(options: TransportOptions): Transport {
  const clock = options.clock ?? systemClock;
  const devices = openDeviceRegistry(join(options.dataDir, 'devices.db'), clock);
  let lan: () => string[] = () => [];
  let onRevoked: (id: string) => void = () => {};
  const dispatcher = createDispatcher({
    api: options.api,
    devices,
    pairing: createPairingCodes({ clock }),
    clock,
    lanUrls: () => lan(),
    onDeviceRevoked: (id) => onRevoked(id),
  });
  const t: TransportInternals = {
    dispatcher, devices, clock,
    close: () => devices.close(),
    setLanUrls: (fn) => { lan = fn; },
    setOnRevoked: (fn) => { onRevoked = fn; },
  };
  return t;
}

export interface AppServerOptions {
  transport: Transport;
  events: AppEvents;
  host: string;
  port: number;
  rendererDir: string | null;
  initialEvents?: () => AppEvent[];
  /** Extra names the server answers to (POSPAL_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** Replaces the Host check built from this computer's names (tests inject its inputs). */
  hostCheck?: HostCheck;
  /** The server's log file (app/core/logging); never given the local token. */
  log?: Logger;
}

export interface AppServer {
  url: string;
  host: string;
  port: number;
  /** The desktop's own token: `${url}/#token=${localToken}` opens a trusted browser tab. */
  localToken: string;
  /** URL to print/open on this computer. */
  openUrl: string;
  stop(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const transport = options.transport as TransportInternals;
  const localToken = newSecretToken();
  const http = createHttpApp({
    dispatcher: transport.dispatcher,
    devices: transport.devices,
    events: options.events,
    localToken,
    rendererDir: options.rendererDir,
    hostCheck: options.hostCheck ?? createHostCheck({ extraHosts: options.allowedHosts ?? [] }),
    ...(options.initialEvents ? { initialEvents: options.initialEvents } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const listening = await listen(http.app, options.host, options.port);
  options.log?.info('server_listening', { host: listening.host, port: listening.port });
  transport.setLanUrls(() => lanUrls(options.host, listening.port));
  transport.setOnRevoked(http.closeDeviceStreams);
  return {
    url: listening.url,
    host: listening.host,
    port: listening.port,
    localToken,
    openUrl: `${listening.url}/#token=${localToken}`,
    async stop() {
      http.closeAllStreams();
      await listening.close();
    },
  };
}
