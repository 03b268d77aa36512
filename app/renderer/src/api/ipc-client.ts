/**
 * The Electron transport: the preload exposes `window.pospal = { call, on }` with the same
 * envelope as HTTP. The device is the desktop itself (no pairing); the staff session lives in
 * the main process, so sign-in is a command there.
 */
import type { PospalBridge } from '../../../preload/contract';
import type { ApiClient, Envelope, StaffSession } from './client';
import { typedCall, unwrap } from './client';

export type { PospalBridge };

declare global {
  interface Window { pospal?: PospalBridge }
}

export function createIpcClient(bridge: PospalBridge): ApiClient {
  return {
    call: typedCall(async (command, input) => unwrap(await bridge.call(command, input))),
    on: (event, handler) => bridge.on(event, handler),
    callAs: (session, command, ...input) =>
      typedCall(async (c, i) => unwrap(await bridge.call(c, i, session.token)))(command, ...input),
    verifyPin: async (staffId, pin) => unwrap((await bridge.call('auth.verifyPin', { staffId, pin })) as Envelope<StaffSession>),
    async signIn(staffId, pin) {
      return unwrap((await bridge.call('auth.pin', { staffId, pin })) as Envelope<StaffSession>);
    },
    signOut() { void bridge.call('auth.signOut', {}); },
    hasDeviceToken: () => true,
    pair: async () => { /* the desktop is its own device */ },
  };
}
