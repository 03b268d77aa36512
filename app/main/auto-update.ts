/**
 * Thin wiring of the update policy (app/core/update/policy.ts) to electron-updater.
 * NOT RUNNABLE HERE: electron-updater is not installed in this repository yet (lead: add
 * `electron-updater` to dependencies) and it requires('electron'), which needs Electron's
 * binary. It is imported by name at run time so the bundle builds without it; a packaged app
 * without the package simply doesn't auto-update. Feed URL: electron-builder.yml `publish`
 * (generic provider, POSPAL_UPDATE_URL at release time) lands in app-update.yml in resources.
 */
import { Notification } from 'electron';
import { createUpdatePolicy, type UpdateNotice, type UpdatePolicy, type Updater } from '../core/update/policy';

const UPDATER_MODULE = 'electron-updater';

export async function startAutoUpdate(options: { packaged: boolean; shiftOpen: () => boolean; log: (line: string) => void }): Promise<UpdatePolicy | null> {
  if (!options.packaged) return null;
  let updater: Updater;
  try {
    updater = ((await import(/* @vite-ignore */ UPDATER_MODULE)) as { autoUpdater: Updater }).autoUpdater;
  } catch {
    options.log('auto-update: electron-updater not available, updates are off');
    return null;
  }
  const notify = (n: UpdateNotice): void => {
    options.log(`auto-update: ${n.kind} ${n.kind === 'error' ? n.message : n.version}`);
    if (n.kind === 'error') return;
    const body = n.kind === 'available' ? `POSPal ${n.version} is downloading.` : `POSPal ${n.version} installs when you quit (not during an open shift).`;
    new Notification({ title: 'POSPal update', body }).show();
  };
  const policy = createUpdatePolicy({
    updater,
    shiftOpen: options.shiftOpen,
    notify,
    every: (ms, run) => {
      const t = setInterval(run, ms);
      t.unref();
      return () => clearInterval(t);
    },
  });
  policy.start();
  return policy;
}
