/**
 * One typed command surface over core: Electron IPC, the LAN server and tests all call
 * `api.call(name, input, session)`. Inputs are validated with zod, permissions checked here,
 * and every failure comes back as an error value `{ code, message, details }`.
 */
import './api/command'; // first: module command maps import it (keeps evaluation order safe)
import type { Clock } from './clock';
import { systemClock } from './clock';
import type { Db } from './db/connection';
import { PosError, toErrorValue } from './errors';
import type { ErrorValue } from './errors';
import type { ApiContext, CallOrigin, CommandMap, LicenseGate } from './api/command';
import { UNKNOWN_ORIGIN } from './api/command';
import { authorize } from './api/access';
import type { SessionStaff } from './pos/staff/permissions';
import { coreCommands } from './api/registry';
import { sql } from './db/statements';

export { defineCommand } from './api/command';
export type { CallOrigin, CommandMap, LicenseGate } from './api/command';
export type { Permission, SessionStaff, Role } from './pos/staff/permissions';

export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export interface ApiDeps {
  db: Db;
  license: LicenseGate;
  dataDir: string;
  clock?: Clock;
  /** Extra or replacement commands (tests, later modules). */
  commands?: CommandMap;
  /** Where unexpected errors go (never to the client). */
  logInternalError?: (commandName: string, error: unknown) => void;
}

export interface Api {
  /** `origin` says whether the main computer calls (first run); unknown callers are not it. */
  call<T = unknown>(name: string, rawInput?: unknown, session?: SessionStaff | null, origin?: CallOrigin): Promise<ApiResult<T>>;
  readonly commands: CommandMap;
  /** The current database (changes after a restore). */
  db(): Db;
}

export function createApi(deps: ApiDeps): Api {
  const commands: CommandMap = { ...coreCommands, ...deps.commands };
  const clock = deps.clock ?? systemClock;
  const log = deps.logInternalError ?? ((name, e) => console.error(`[api] ${name} failed`, e));
  let db = deps.db;

  async function call<T>(
    name: string, rawInput?: unknown, session: SessionStaff | null = null, origin: CallOrigin = UNKNOWN_ORIGIN,
  ): Promise<ApiResult<T>> {
    try {
      const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
      if (!command) throw new PosError('UNKNOWN_COMMAND', `Unknown command ${name}`, { name });
      const staff = session ? currentStaff(db, session) : null;
      authorize(db, name, command, staff, origin);
      const parsed = command.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        throw new PosError('VALIDATION_FAILED', 'The request is not valid', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
        });
      }
      const ctx: ApiContext = {
        db, clock, staff, origin, license: deps.license, dataDir: deps.dataDir,
        replaceDb: (next) => { db = next; },
      };
      const value = (await command.run(ctx, parsed.data)) as T;
      return { ok: true, value };
    } catch (e) {
      if (!(e instanceof PosError)) log(name, e);
      return { ok: false, error: toErrorValue(e) };
    }
  }

  return { call, commands, db: () => db };
}

/** Re-reads the session's staff row so a deactivated or demoted person loses rights at once. */
function currentStaff(db: Db, session: SessionStaff): SessionStaff {
  const row = sql(db, 'SELECT id, name, role, active FROM staff WHERE id = ?').get(session.id) as
    | { id: string; name: string; role: SessionStaff['role']; active: number }
    | undefined;
  if (!row || row.active !== 1) throw new PosError('AUTH_REQUIRED', 'This staff session is no longer valid');
  return { id: row.id, name: row.name, role: row.role };
}
