/**
 * Live updates pushed to every connected screen (SSE in browser mode, IPC in Electron):
 * `license` (agent status snapshot), `orders` (an order changed), `print` (a job changed),
 * `disk` (free space low, or the disk full).
 */
import type { AppEventName } from '../shared/events';

export type { AppEventName };

export interface AppEvent {
  name: AppEventName;
  data: unknown;
}

export type AppEventListener = (event: AppEvent) => void;

export interface AppEvents {
  publish(name: AppEventName, data: unknown): void;
  subscribe(listener: AppEventListener): () => void;
}

export function createAppEvents(): AppEvents {
  const listeners = new Set<AppEventListener>();
  return {
    publish(name, data) {
      for (const l of [...listeners]) {
        try {
          l({ name, data });
        } catch (e) {
          // One broken subscriber (a closed socket) must not starve the others.
          console.error('[events] listener failed', e);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
