/**
 * Electron main: a thin shell over `startPosPal`. One instance per computer; one window; a tray
 * with the license state; closing the window hides it (selling continues, the license heartbeat
 * keeps running); Quit ends the license session cleanly so the next computer can take over.
 * The LAN server starts too when POSPAL_HOST is a LAN address.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { startPosPal, StartupError } from '../bootstrap';
import type { PosPal } from '../bootstrap';
import { installIpcBridge } from './ipc-bridge';
import { currentShiftId } from '../core/pos/shifts/shifts';
import { getSettings } from '../core/pos/settings/settings-store';
import { startAutoUpdate } from './auto-update';
import { startCrashReporter } from './crash-reporter';
import { appPaths } from './paths';
import { handleAppScheme, registerAppScheme } from './renderer-protocol';
import { safeStorageSecretStore } from './secret-store';
import { createPosTray } from './tray';
import type { PosTray } from './tray';
import { createMainWindow } from './window';

if (!app.requestSingleInstanceLock()) {
  // A second POSPal on the same machine would fight over the database and the license session.
  app.quit();
} else {
  registerAppScheme();
  void main();
}

async function main(): Promise<void> {
  await app.whenReady();
  const paths = appPaths(app.getAppPath(), process.resourcesPath, app.isPackaged);
  let pospal: PosPal;
  try {
    pospal = await startPosPal({
      packaged: app.isPackaged,
      appVersion: app.getVersion(),
      rendererDir: paths.renderer,
      http: 'lan-only',
      // The unlock token encrypted by the OS keychain when there is a real one.
      secrets: safeStorageSecretStore,
      versions: { electron: process.versions.electron, chrome: process.versions.chrome },
    });
  } catch (e) {
    const message = e instanceof StartupError ? e.message : String((e as Error).message ?? e);
    dialog.showErrorBox('POSPal cannot start', message);
    app.exit(2);
    return;
  }

  const mainLog = pospal.logs.main;
  mainLog.info('started', { version: app.getVersion(), packaged: app.isPackaged, electron: process.versions.electron });
  // Opt-in (Settings → Support), off by default; takes effect at the next start.
  if (startCrashReporter(pospal.dataDir, getSettings(pospal.api.db()))) mainLog.info('crash_reporter_started');
  const updates = await startAutoUpdate({
    packaged: app.isPackaged,
    shiftOpen: () => currentShiftId(pospal.api.db()) !== null,
    log: (line) => mainLog.info(line),
  });

  handleAppScheme(paths.renderer);
  let win: BrowserWindow | null = null;
  let quitting = false;
  const show = () => {
    if (!win || win.isDestroyed()) win = openWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const openWindow = () => {
    const w = createMainWindow(paths.preload, join(paths.icons, '256x256.png'));
    w.on('close', (event) => {
      // Hide instead of quitting: orders, printing and the license heartbeat go on in the tray.
      if (!quitting) {
        event.preventDefault();
        w.hide();
      }
    });
    return w;
  };

  const removeBridge = installIpcBridge(pospal.transport.dispatcher, pospal.events, () => BrowserWindow.getAllWindows());
  const tray: PosTray = createPosTray(paths.icons, { show, quit: () => app.quit() }, pospal.agent.status());
  const offTray = pospal.agent.on('state', (s) => tray.update(s));

  app.on('second-instance', show);
  app.on('activate', show);
  app.on('window-all-closed', () => { /* stay in the tray */ });

  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // Decided before the database closes: never installs while a shift is open.
    const install = updates?.beforeQuit() ?? false;
    void (async () => {
      try {
        offTray();
        removeBridge();
        updates?.stop();
        mainLog.info('quitting', { installUpdate: install });
        await pospal.stop();
      } finally {
        tray.destroy();
        // quitAndInstall quits the app itself (the installer runs after it).
        if (!(install && updates?.install())) app.exit(0);
      }
    })();
  });

  win = openWindow();
}
