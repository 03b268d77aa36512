/**
 * Electron or browser mode for `npm start` (issue 11, item 19). Electron's npm package fetches
 * its binary when the module is first required, and on a closed network that ends in a stack
 * trace; so the binary is looked for on disk (node_modules/electron/path.txt names it under
 * dist/), the download is tried once on its own, and a failure becomes one line that says the
 * app continues in browser mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type AppMode = { mode: 'electron'; binary: string } | { mode: 'browser'; reason: string };

/** The installed Electron binary under `electronDir` (node_modules/electron), or null. */
export function installedElectronBinary(electronDir: string): string | null {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = join(electronDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

export interface ChooseAppModeInput {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  electronDir: string;
  /** Tries to download Electron's binary; true when it finished. Never throws. */
  download(): Promise<boolean>;
}

export async function chooseAppMode({ env, platform, electronDir, download }: ChooseAppModeInput): Promise<AppMode> {
  if (env.POSPAL_BROWSER === '1') return { mode: 'browser', reason: 'POSPAL_BROWSER=1 asks for browser mode' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { mode: 'browser', reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset), continuing in browser mode' };
  }
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { mode: 'browser', reason: 'the electron package is not installed, continuing in browser mode' };
  }
  let binary = installedElectronBinary(electronDir);
  if (!binary && (await download())) binary = installedElectronBinary(electronDir);
  if (!binary) return { mode: 'browser', reason: 'Electron could not be downloaded (no network?), continuing in browser mode' };
  return { mode: 'electron', binary };
}
