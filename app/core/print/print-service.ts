import { PrintQueue, type PrintQueueDeps } from './print-queue';

/**
 * The one running print queue of this process. The app's entry point (server/Electron main)
 * starts it with the live database and settings; commands only write jobs to SQLite and `kick`
 * it, so they return at once. Without a started queue (tests, CLI) jobs wait in the table and
 * print when a queue next runs.
 */
let active: PrintQueue | null = null;

export function startPrintQueue(deps: PrintQueueDeps, pollMs = 2_000): PrintQueue {
  active?.stop();
  active = new PrintQueue(deps);
  active.start(pollMs);
  return active;
}

export function stopPrintQueue(): void {
  active?.stop();
  active = null;
}

export function kickPrintQueue(): void {
  active?.kick();
}
