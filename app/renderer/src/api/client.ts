/**
 * One client interface for both transports: HTTP (browser mode, LAN tablets) and Electron IPC
 * (the preload's `window.pospal`). Both answer with the same envelope; failures become
 * `ApiError` values carrying the core's error code so screens can translate them. Commands are
 * typed by core's registry (app/core/api/contract.ts): a renamed command, a changed input or
 * result is a compile error here and at every call site.
 */
import type { CommandName, CommandResult, InputArgs, StaffSessionView } from '../../../core/api/contract';
import type { AppEventName } from '../../../shared/events';
import type { ErrorValue } from '../../../shared/errors';

export type { CommandInput, CommandName, CommandResult, InputArgs } from '../../../core/api/contract';

export type ApiErrorValue = ErrorValue<string>;

export class ApiError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(value: ApiErrorValue) {
    super(value.message);
    this.name = 'ApiError';
    this.code = value.code;
    this.details = value.details;
  }
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorValue };

export type ApiEventName = AppEventName;
export type ApiEventHandler = (data: unknown) => void;

export type StaffSession = StaffSessionView;

export interface ApiClient {
  /** Runs a core command; resolves with its result or rejects with an ApiError. */
  call<N extends CommandName>(command: N, ...input: InputArgs<N>): Promise<CommandResult<N>>;
  /** Subscribes to live events; returns the unsubscribe function. */
  on(event: ApiEventName, handler: ApiEventHandler): () => void;
  /** Runs one command as another staff member (manager PIN approval), keeping the own session. */
  callAs<N extends CommandName>(session: StaffSession, command: N, ...input: InputArgs<N>): Promise<CommandResult<N>>;
  signIn(staffId: string, pin: string): Promise<StaffSession>;
  /** Checks a PIN and returns a session without replacing the signed-in one. */
  verifyPin(staffId: string, pin: string): Promise<StaffSession>;
  signOut(): void;
  /** Whether this client has a device identity (paired tablet or the desktop itself). */
  hasDeviceToken(): boolean;
  pair(code: string, deviceName: string): Promise<void>;
  /**
   * The device token is no longer accepted (the app restarted, so this tab's token is stale, or
   * the tablet was removed). HTTP transport only; returns the unsubscribe function.
   */
  onDeviceExpired?(handler: () => void): () => void;
  /** Forgets the device token (and staff session) so this device can pair again. */
  forgetDevice?(): void;
}

/** A transport's untyped send, typed once here for every command (the server validates the input). */
export type UntypedCall = (command: string, input: unknown) => Promise<unknown>;

export function typedCall(send: UntypedCall): ApiClient['call'] {
  return ((command: string, input?: unknown) => send(command, input ?? {})) as ApiClient['call'];
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope && envelope.ok === true) return envelope.result;
  const error = envelope && envelope.ok === false && envelope.error
    ? envelope.error
    : { code: 'INVALID_RESPONSE', message: 'The app answered in an unexpected way' };
  throw new ApiError(error);
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TypeError) return new ApiError({ code: 'NETWORK', message: 'Cannot reach the POSPal app' });
  return new ApiError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}
