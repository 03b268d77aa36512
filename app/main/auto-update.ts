/**
 * Thin wiring of the update policy (app/core/update/policy.ts) to electron-updater's
 * autoUpdater. NOT RUNNABLE HERE: electron-updater requires('electron'), which needs Electron's
 * binary (downloaded on first use), so this module is never loaded by the tests; the policy it
 * follows is tested in core. Feed URL: electron-builder.yml `publish` (generic provider,
 * POSPAL_UPDATE_URL at release time), which electron-builder writes to app-update.yml.
 * Loaded lazily, only in a packaged app.
 */
import { Notification } from 'electron';
import { createUpdatePolicy, type UpdateNotice, type UpdatePolicy, type Updater } from '../core/update/policy';

export async function startAutoUpdate(options: { packaged: boolean; shiftOpen: () => boolean; log: (line: string) => void }): Promise<UpdatePolicy | null> {
  if (!options.packaged) return null;
  let updater: Updater;
  try {
    // Type-checked against electron-updater's AppUpdater: the policy's Updater is a subset of it.
    updater = (await import('electron-updater')).autoUpdater;
  } catch (e) {
    options.log(`auto-update: electron-updater could not load (${(e as Error).message}); updates are off`);
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
