/**
 * Browser mode: the app without Electron. Starts everything (`startPosPal`), serves the
 * renderer from dist/renderer, prints the URL with the desktop's token, and shuts down cleanly
 * (ending the license session) on Ctrl+C. `npm start` runs this when Electron is unavailable.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPosPal, StartupError } from '../bootstrap';
import type { PosPal } from '../bootstrap';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** Starts browser mode and prints where to open it; resolves with the running app. */
export async function startBrowserMode(env: NodeJS.ProcessEnv = process.env): Promise<PosPal> {
  const app = await startPosPal({ env, http: 'always', rendererDir: existsSync(RENDERER_DIR) ? RENDERER_DIR : null });
  console.log(`POSPal is running (browser mode). Data: ${app.dataDir}`);
  if (!existsSync(RENDERER_DIR)) console.log('The screens are not built: run `npm run build:renderer`, then reload the page.');
  console.log(`Open on this computer:  ${app.server!.openUrl}`);
  return app;
}

/** A start failure as one line for a person, or null when it is a bug (rethrow it). */
export function explainStartFailure(e: unknown): string | null {
  if (e instanceof StartupError) return `POSPal cannot start: ${e.message}`;
  if ((e as { code?: string }).code === 'EADDRINUSE') {
    return 'POSPal cannot start: its port is in use (is POSPal already running?). Set POSPAL_PORT to another port.';
  }
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const app = await startBrowserMode();
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void app.stop().finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    const line = explainStartFailure(e);
    if (!line) throw e;
    console.error(line);
    process.exit(2);
  }
}
