/**
 * The IPC side of the preload's `window.pospal`: one invoke channel into the same dispatcher
 * the HTTP server uses, and events pushed to every window. The staff session of a window lives
 * here in the main process, never in the renderer's storage.
 */
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import type { AppEvents, Caller, Dispatcher, Envelope } from '../server';
import { IPC_CALL, IPC_EVENT } from '../preload/contract';
import { APP_ORIGIN } from './renderer-protocol';

const SIGN_IN = new Set(['auth.pin', 'auth.signIn']);

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(`${APP_ORIGIN}/`);
}

export function installIpcBridge(dispatcher: Dispatcher, events: AppEvents, windows: () => BrowserWindow[]): () => void {
  const staffTokens = new Map<number, string | null>();

  ipcMain.handle(IPC_CALL, async (event, command: unknown, input: unknown, sessionToken: unknown): Promise<Envelope> => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Untrusted sender' } };
    if (typeof command !== 'string') return { ok: false, error: { code: 'INVALID_REQUEST', message: 'command must be a string' } };
    const id = event.sender.id;
    const explicit = typeof sessionToken === 'string' ? sessionToken : null;
    const caller: Caller = {
      deviceId: 'local',
      deviceName: 'This computer',
      local: true,
      staffToken: explicit ?? staffTokens.get(id) ?? null,
      address: 'ipc',
    };
    const result = await dispatcher.call(command, input, caller);
    if (SIGN_IN.has(command) && result.ok && explicit === null) {
      staffTokens.set(id, (result.result as { token: string }).token);
      forgetOnDestroy(event.sender, staffTokens);
    }
    if (command === 'auth.signOut') staffTokens.set(id, null);
    return result;
  });

  const unsubscribe = events.subscribe((e) => {
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(IPC_EVENT, e.name, e.data);
  });

  return () => {
    ipcMain.removeHandler(IPC_CALL);
    unsubscribe();
  };
}

function forgetOnDestroy(contents: WebContents, tokens: Map<number, string | null>): void {
  const id = contents.id;
  contents.once('destroyed', () => tokens.delete(id));
}
