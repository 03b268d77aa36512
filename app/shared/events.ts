/**
 * The live events every connected screen receives (SSE in browser mode, IPC in Electron):
 * `license` (agent status snapshot), `orders` (an order changed), `print` (a job changed),
 * `disk` (free space low, or the disk full), `fiscal` (a myDATA document changed state). One list for the server, the preload and the screen.
 */
export const APP_EVENT_NAMES = ['license', 'orders', 'print', 'disk', 'fiscal'] as const;
export type AppEventName = (typeof APP_EVENT_NAMES)[number];

/** What an `orders` event carries: the order (when the command says) and the command that changed it. */
export interface OrdersEventData {
  id: string | null;
  command: string;
}
