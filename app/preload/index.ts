/**
 * Preload (sandboxed, context-isolated): exposes `window.pospal` and nothing else — no Node,
 * no ipcRenderer, no arbitrary channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { BRIDGE_EVENTS, IPC_CALL, IPC_EVENT } from './contract';
import type { BridgeEnvelope, BridgeEventName, PospalBridge } from './contract';

const bridge: PospalBridge = {
  call: (command, input, sessionToken) => {
    if (typeof command !== 'string') return Promise.resolve(badRequest('command must be a string'));
    if (sessionToken !== undefined && typeof sessionToken !== 'string') return Promise.resolve(badRequest('sessionToken must be a string'));
    return ipcRenderer.invoke(IPC_CALL, command, input ?? {}, sessionToken) as Promise<BridgeEnvelope>;
  },
  on: (event: BridgeEventName, cb) => {
    if (!BRIDGE_EVENTS.includes(event) || typeof cb !== 'function') return () => {};
    const listener = (_e: IpcRendererEvent, name: string, data: unknown) => {
      if (name === event) cb(data);
    };
    ipcRenderer.on(IPC_EVENT, listener);
    return () => { ipcRenderer.removeListener(IPC_EVENT, listener); };
  },
};

function badRequest(message: string): BridgeEnvelope {
  return { ok: false, error: { code: 'INVALID_REQUEST', message } };
}

contextBridge.exposeInMainWorld('pospal', bridge);
