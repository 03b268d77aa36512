/**
 * The one narrow surface between the renderer and the main process: a typed invoke and an
 * event subscription. Same envelope as the HTTP transport (app/server/README.md).
 */
export const IPC_CALL = 'pospal:call';
export const IPC_EVENT = 'pospal:event';

import { APP_EVENT_NAMES } from '../shared/events';
import type { AppEventName } from '../shared/events';

export type BridgeEventName = AppEventName;
export const BRIDGE_EVENTS: readonly BridgeEventName[] = APP_EVENT_NAMES;

export type BridgeEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

export interface PospalBridge {
  /** `sessionToken` runs one command as another staff member (manager approval). */
  call(command: string, input: unknown, sessionToken?: string): Promise<BridgeEnvelope>;
  on(event: BridgeEventName, cb: (data: unknown) => void): () => void;
}
