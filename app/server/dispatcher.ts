/**
 * One entry point for both transports (HTTP in browser/LAN mode, IPC in Electron): the core
 * API plus the few commands that belong to the transport itself — staff sign-in (sessions are
 * per device), LAN pairing codes and paired-device management.
 */
import { z } from 'zod';
import type { Api, Permission, SessionStaff } from '../core/api';
import { can } from '../core/pos/staff/permissions';
import type { Clock } from '../core/clock';
import type { ErrorValue } from '../core/errors';
import type { ErrorValue as SharedErrorValue, TransportErrorCode } from '../shared/errors';
import type { DeviceRegistry, PairedDevice } from './devices';
import type { PairingCodes } from './pairing';
import type { RateLimiter } from './rate-limit';
import { createRateLimiter } from './rate-limit';
import type { StaffSessions } from './staff-sessions';
import { createStaffSessions } from './staff-sessions';
import { transportError } from './transport-errors';

/** Who is calling: the desktop itself (Electron or browser on localhost) or a paired tablet. */
export interface Caller {
  deviceId: string;
  deviceName: string;
  /** The desktop: may show pairing codes; tablets may not. */
  local: boolean;
  staffToken: string | null;
  /** Address for rate limits. */
  address: string;
}

export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorValue | TransportErrorValue };

export type TransportErrorValue = SharedErrorValue<TransportErrorCode>;

export interface DispatcherDeps {
  api: Api;
  devices: DeviceRegistry;
  pairing: PairingCodes;
  clock: Clock;
  sessions?: StaffSessions;
  /** Addresses tablets should use, for the pairing screen (`http://192.168.1.20:4173`). */
  lanUrls?: () => string[];
  /** Called when a device is revoked (ends its live event streams). */
  onDeviceRevoked?: (deviceId: string) => void;
}

export interface Dispatcher {
  call(command: string, input: unknown, caller: Caller): Promise<Envelope>;
  /** POST /api/pair: a code from the desktop's screen → a device token. */
  pair(input: unknown, address: string): Envelope<{ deviceId: string; deviceToken: string }>;
  sessions: StaffSessions;
}

const signInInput = z.object({ staffId: z.string().min(1).max(100), pin: z.string().regex(/^\d{4,6}$/) }).strict();
const pairInput = z.object({ code: z.string().regex(/^\d{6}$/), deviceName: z.string().trim().min(1).max(60) }).strict();
const revokeInput = z.object({ id: z.string().min(1).max(100) }).strict();

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const sessions = deps.sessions ?? createStaffSessions(deps.clock);
  // 5 wrong pairing codes per address per 10 minutes.
  const pairLimiter: RateLimiter = createRateLimiter({ maxFailures: 5, windowMs: 10 * 60_000, clock: deps.clock });

  function staffOf(caller: Caller): SessionStaff | null {
    return caller.staffToken ? sessions.get(caller.staffToken, caller.deviceId) : null;
  }

  function requirePermission(caller: Caller, permission: Permission): Envelope | null {
    const staff = staffOf(caller);
    if (!staff) return { ok: false, error: { code: 'AUTH_REQUIRED', message: 'Log in with your PIN first' } };
    if (!can(staff, permission)) {
      return { ok: false, error: { code: 'PERMISSION_DENIED', message: `Your role may not do this (${permission})`, details: { permission, role: staff.role } } };
    }
    return null;
  }

  function invalid(error: z.ZodError): Envelope {
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        details: { issues: error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })) },
      },
    };
  }

  const rateLimited = (ms: number): Envelope => transportError('RATE_LIMITED', 'Too many wrong attempts; wait and try again', { retryAfterSeconds: Math.ceil(ms / 1000) });

  /**
   * The one door to a PIN check, whatever the route (`/api/auth/pin`, `auth.*`, `staff.login`).
   * Core's staff.login counts the attempt in SQLite before its hash is checked and applies the
   * per-device limit, one check in flight per staff member and device, and the lockout; the
   * device it keys on is the authenticated caller, never a field the client sends.
   */
  async function signIn(input: unknown, caller: Caller): Promise<Envelope> {
    const parsed = signInInput.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    const r = await deps.api.call<unknown>('staff.login', { ...parsed.data, deviceKey: caller.deviceId }, null);
    if (!r.ok) return r;
    const staff = readStaff(r.value);
    if (!staff) return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
    return { ok: true, result: { token: sessions.open(staff, caller.deviceId), staff } };
  }

  const transportCommands: Record<string, (input: unknown, caller: Caller) => Envelope | Promise<Envelope>> = {
    'auth.signIn': signIn,
    'auth.pin': signIn,
    // A second session for one approval (manager PIN); the caller keeps its own.
    'auth.verifyPin': signIn,
    // Core's own sign-in command is not a second door around the limits above.
    'staff.login': signIn,
    'auth.signOut': (_input, caller) => {
      if (caller.staffToken) sessions.close(caller.staffToken);
      return { ok: true, result: null };
    },
    'auth.whoami': (_input, caller) => ({
      ok: true,
      result: { staff: staffOf(caller), device: { id: caller.deviceId, name: caller.deviceName, local: caller.local } },
    }),
    'device.pairingCode': (_input, caller) => {
      if (!caller.local) return transportError('LOCAL_ONLY', 'Pairing codes are shown on the main computer only');
      const denied = requirePermission(caller, 'settings.write');
      if (denied) return denied;
      const code = deps.pairing.issue();
      const urls = (deps.lanUrls?.() ?? []).map((u) => `${u}/#pair=${code.code}`);
      return { ok: true, result: { ...code, urls } };
    },
    'device.list': (_input, caller) => {
      const denied = requirePermission(caller, 'settings.write');
      if (denied) return denied;
      return { ok: true, result: deps.devices.list() satisfies PairedDevice[] };
    },
    'device.revoke': (input, caller) => {
      const denied = requirePermission(caller, 'settings.write');
      if (denied) return denied;
      const parsed = revokeInput.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      const revoked = deps.devices.revoke(parsed.data.id);
      if (!revoked) return { ok: false, error: { code: 'NOT_FOUND', message: 'No such paired device' } };
      sessions.closeDevice(parsed.data.id);
      deps.onDeviceRevoked?.(parsed.data.id);
      return { ok: true, result: null };
    },
  };

  return {
    sessions,
    async call(command, input, caller) {
      const own = Object.hasOwn(transportCommands, command) ? transportCommands[command] : undefined;
      if (own) return own(input, caller);
      // The main computer is the local caller (Electron IPC, or the local token over HTTP); a
      // paired tablet never is, whatever it sends (core's first-run exception depends on it).
      const r = await deps.api.call(command, input, staffOf(caller), { mainComputer: caller.local });
      return r.ok ? { ok: true, result: r.value } : r;
    },
    pair(input, address) {
      const wait = pairLimiter.retryAfterMs(address);
      if (wait > 0) return rateLimited(wait) as Envelope<never>;
      const parsed = pairInput.safeParse(input);
      if (!parsed.success) {
        pairLimiter.recordFailure(address);
        return invalid(parsed.error) as Envelope<never>;
      }
      if (!deps.pairing.redeem(parsed.data.code)) {
        pairLimiter.recordFailure(address);
        return transportError('PAIRING_CODE_INVALID', 'That pairing code is wrong or has expired') as Envelope<never>;
      }
      pairLimiter.reset(address);
      const { device, token } = deps.devices.register(parsed.data.deviceName);
      return { ok: true, result: { deviceId: device.id, deviceToken: token } };
    },
  };
}

/** Accepts the staff row as core's sign-in returns it (`staff` itself or `{ staff }`). */
function readStaff(value: unknown): SessionStaff | null {
  const shape = z.object({ id: z.string(), name: z.string(), role: z.enum(['owner', 'manager', 'cashier']) });
  const direct = shape.safeParse(value);
  if (direct.success) return direct.data;
  const nested = z.object({ staff: shape }).safeParse(value);
  return nested.success ? nested.data.staff : null;
}
