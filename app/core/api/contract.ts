/**
 * The command contract every client is typed by, derived from the registries themselves:
 * name → zod input → result. Rename a command, change its input schema or what it returns, and
 * every caller that no longer fits (the renderer included) fails to compile. Types only: the
 * renderer imports this with `import type` and never runs core code.
 */
import type { z } from 'zod';
import type { Command } from './command';
import type { coreCommands } from './registry';
import type { licenseCommands } from '../license/commands';
import type { offlineFileCommands } from '../license/offline-file/commands';
import type { diskCommands } from '../db/disk-commands';
import type { supportCommands } from '../logging/support-bundle';
import type { menuPublishCommands } from '../pos/menu-publish/commands';
import type { fiscalCommands } from '../fiscal/commands';
import type { Role } from '../pos/staff/permissions';
import type { OrderView } from '../pos/orders/order-view';

/** Commands the transport answers itself (sessions and pairing belong to the device). */
export interface TransportContract {
  'auth.whoami': { input: Record<string, never>; result: { staff: SessionView | null; device: { id: string; name: string; local: boolean } } };
  'auth.signOut': { input: Record<string, never>; result: null };
  'device.pairingCode': { input: Record<string, never>; result: { code: string; expiresAt: number; urls: string[] } };
  'device.list': { input: Record<string, never>; result: PairedDeviceView[] };
  'device.revoke': { input: { id: string }; result: null };
}

export interface SessionView { id: string; name: string; role: Role }
export interface StaffSessionView { token: string; staff: SessionView }

export interface PairedDeviceView { id: string; name: string; createdAt: number; lastSeenAt: number | null; revokedAt: number | null }

/** Every command the app's API answers: core's registry, the license agent's, the disk's, the menu's publishing, support, myDATA. */
export type AppCommands = typeof coreCommands & ReturnType<typeof licenseCommands> & ReturnType<typeof diskCommands>
  & ReturnType<typeof menuPublishCommands> & ReturnType<typeof supportCommands> & ReturnType<typeof fiscalCommands>
  & ReturnType<typeof offlineFileCommands>;

type InputOf<C> = C extends Command<infer I, unknown> ? z.input<I> : never;
type ResultOf<C> = C extends { run(...args: never[]): infer O } ? Awaited<O> : never;

export type CommandName = (keyof AppCommands & string) | keyof TransportContract;

export type CommandInput<N extends CommandName> =
  N extends keyof TransportContract ? TransportContract[N]['input'] : N extends keyof AppCommands ? InputOf<AppCommands[N]> : never;

export type CommandResult<N extends CommandName> =
  N extends keyof TransportContract ? TransportContract[N]['result'] : N extends keyof AppCommands ? ResultOf<AppCommands[N]> : never;

/** The input as an argument list: optional when every field is (`{}` is a valid input). */
export type InputArgs<N extends CommandName> = Record<string, never> extends CommandInput<N>
  ? [input?: CommandInput<N>]
  : object extends CommandInput<N> ? [input?: CommandInput<N>] : [input: CommandInput<N>];

/** The commands whose result is an `R` (e.g. every command that answers with the order it changed). */
export type CommandsReturning<R> = { [N in CommandName]: CommandResult<N> extends R ? N : never }[CommandName];

/** Commands on one order (`{ orderId, … }`) that answer with the changed order: the ticket's edits. */
export type OrderEditName = Extract<CommandsReturning<OrderView>, { [N in CommandName]: CommandInput<N> extends { orderId: string } ? N : never }[CommandName]>;
