/**
 * The command shape every module plugs into. Modules export plain maps of commands
 * (e.g. `catalogCommands`), `api.ts` spreads them into one surface. Import `defineCommand`
 * from here (not from api.ts) to keep module graphs acyclic.
 */
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { PosError } from '../errors';
import type { Permission, SessionStaff } from '../pos/staff/permissions';
import type { AppEventName } from '../../shared/events';

/** The live event a command's success raises (a subset of the app's events). */
export type ChangeTopic = Extract<AppEventName, 'orders'>;

/** Implemented by the license agent (app/core/license); tests pass a small real object. */
export interface LicenseGate {
  canSell(): boolean;
  state(): string;
}

/** Where a call comes from, as the transport knows it (core never guesses). */
export interface CallOrigin {
  /**
   * The shop's main computer (Electron, or the browser on localhost with the local token).
   * False for paired tablets and for callers that don't say.
   */
  mainComputer: boolean;
}

export const UNKNOWN_ORIGIN: CallOrigin = Object.freeze({ mainComputer: false });

export interface ApiContext {
  db: Db;
  clock: Clock;
  staff: SessionStaff | null;
  origin: CallOrigin;
  license: LicenseGate;
  dataDir: string;
  /** Replaces the open database (restore from backup); the API keeps using the new one. */
  replaceDb(next: Db): void;
}

export interface Command<I extends z.ZodType, O> {
  input: I;
  /** Required permission; `null` = anyone, even without a session (login, status). */
  permission: Permission | null;
  /**
   * First run: on a shop with no staff yet, the main computer may run it without a session
   * (activate, buy, take over from the old computer). Never a tablet.
   */
  firstRun?: boolean;
  /**
   * What a successful run changes, for the live events every screen listens to: `orders` when
   * it changes an order or the floor (the transport announces it, with the order's id).
   */
  changes?: readonly ChangeTopic[];
  run(ctx: ApiContext, input: z.infer<I>): O | Promise<O>;
}

export function defineCommand<I extends z.ZodType, O>(c: Command<I, O>): Command<I, O> {
  return c;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<z.ZodType, any>;
export type CommandMap = Record<string, AnyCommand>;

/** Selling (creating sales, taking payments) needs a license that allows it. */
export function requireSellingAllowed(ctx: ApiContext): void {
  if (!ctx.license.canSell()) {
    throw new PosError('LICENSE_NOT_ACTIVE', 'Selling is locked until the license is active', { state: ctx.license.state() });
  }
}
