/**
 * The app server: the dispatcher, device registry, pairing codes and HTTP app wired together and
 * listening. Used by browser mode (`npm start`), by Electron main (LAN option) and by e2e tests.
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
import { createHttpApp } from './http-app';
import { lanUrls, listen } from './listen';
import { createPairingCodes } from './pairing';
import { newSecretToken } from './tokens';

export { createAppEvents } from './events';
export type { AppEvents, AppEvent, AppEventName } from './events';
export type { Caller, Dispatcher, Envelope } from './dispatcher';
export { readServerConfig } from './config';
export { CONTENT_SECURITY_POLICY } from './http-app';

export interface AppServerOptions {
  api: Api;
  events: AppEvents;
  dataDir: string;
  host: string;
  port: number;
  rendererDir: string | null;
  clock?: Clock;
  initialEvents?: () => AppEvent[];
  /** Core command that checks a PIN (default `staff.login`). */
  signInCommand?: string;
}

export interface AppServer {
  url: string;
  host: string;
  port: number;
  /** The desktop's own token: `${url}/#token=${localToken}` opens a signed-in-device browser tab. */
  localToken: string;
  /** URL to print/open on this computer. */
  openUrl: string;
  dispatcher: Dispatcher;
  devices: DeviceRegistry;
  stop(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const clock = options.clock ?? systemClock;
  const devices = openDeviceRegistry(join(options.dataDir, 'devices.db'), clock);
  const pairing = createPairingCodes({ clock });
  const localToken = newSecretToken();
  let boundPort = options.port;
  let closeStreams: (id: string) => void = () => {};
  const dispatcher = createDispatcher({
    api: options.api,
    devices,
    pairing,
    clock,
    ...(options.signInCommand ? { signInCommand: options.signInCommand } : {}),
    lanUrls: () => lanUrls(options.host, boundPort),
    onDeviceRevoked: (id) => closeStreams(id),
  });
  const http = createHttpApp({
    dispatcher,
    devices,
    events: options.events,
    localToken,
    rendererDir: options.rendererDir,
    ...(options.initialEvents ? { initialEvents: options.initialEvents } : {}),
  });
  closeStreams = http.closeDeviceStreams;
  let listening;
  try {
    listening = await listen(http.app, options.host, options.port);
  } catch (e) {
    devices.close();
    throw e;
  }
  boundPort = listening.port;
  return {
    url: listening.url,
    host: listening.host,
    port: listening.port,
    localToken,
    openUrl: `${listening.url}/#token=${localToken}`,
    dispatcher,
    devices,
    async stop() {
      http.closeAllStreams();
      await listening.close();
      devices.close();
    },
  };
}
