/**
 * The Electron transport: the preload exposes `window.pospal = { call, on }` with the same
 * envelope as HTTP. The device is the desktop itself (no pairing); the staff session lives in
 * the main process, so sign-in is a command there.
 */
import type { ApiClient, Envelope, StaffSession } from './client';
import { unwrap } from './client';

export interface PospalBridge {
  /** `sessionToken` runs the command as another staff member (manager approval). */
  call(command: string, input: unknown, sessionToken?: string): Promise<Envelope<unknown>>;
  on(event: string, cb: (data: unknown) => void): () => void;
}

declare global {
  interface Window { pospal?: PospalBridge }
}

export function createIpcClient(bridge: PospalBridge): ApiClient {
  return {
    call: async <T>(command: string, input?: unknown) => unwrap((await bridge.call(command, input ?? {})) as Envelope<T>),
    on: (event, handler) => bridge.on(event, handler),
    callAs: async <T>(session: StaffSession, command: string, input?: unknown) =>
      unwrap((await bridge.call(command, input ?? {}, session.token)) as Envelope<T>),
    verifyPin: async (staffId, pin) => unwrap((await bridge.call('auth.verifyPin', { staffId, pin })) as Envelope<StaffSession>),
    async signIn(staffId, pin) {
      return unwrap((await bridge.call('auth.pin', { staffId, pin })) as Envelope<StaffSession>);
    },
    signOut() { void bridge.call('auth.signOut', {}); },
    hasDeviceToken: () => true,
    pair: async () => { /* the desktop is its own device */ },
  };
}
