/** The one window, locked down: isolated, sandboxed, no Node, no navigation away, no popups. */
import { BrowserWindow, shell } from 'electron';
import { APP_ORIGIN } from './renderer-protocol';

export function createMainWindow(preload: string, iconPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'POSPal',
    icon: iconPath,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // The till keeps its timers (clock, reconnects) even when covered by another window.
      backgroundThrottling: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  // Checkout, billing portal and help open in the real browser; nothing opens inside the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
