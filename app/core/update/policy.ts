/**
 * Auto-update policy, pure: the updater is injected (shaped like electron-updater's
 * `autoUpdater`, see app/main/auto-update.ts for the thin wiring). Rules:
 * - check at start and then every `intervalMs` (a failed check is retried at the next tick);
 * - tell the shop when an update is available and when it is ready;
 * - download in the background, but never while a shift is open (a rush needs the line);
 * - install only when the app quits, and never while a shift is open (then at a later quit);
 * - nothing installs by itself: electron-updater's autoDownload/autoInstallOnAppQuit are off.
 */
export interface UpdateInfo {
  version: string;
  releaseDate?: string;
}

/** The part of electron-updater's `AppUpdater` this policy uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available', listener: (info: UpdateInfo) => void): unknown;
  on(event: 'update-not-available', listener: (info: UpdateInfo) => void): unknown;
  on(event: 'update-downloaded', listener: (info: UpdateInfo) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type UpdateNotice =
  | { kind: 'available'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'error'; message: string };

export type UpdateState = 'idle' | 'checking' | 'available' | 'downloading' | 'downloaded' | 'error';

export interface UpdatePolicyOptions {
  updater: Updater;
  /** True while a shift is open (core: currentShiftId(db) !== null). */
  shiftOpen: () => boolean;
  notify: (notice: UpdateNotice) => void;
  /** Repeating timer; returns its cancel function (setInterval in main, manual in tests). */
  every: (ms: number, run: () => void) => () => void;
  intervalMs?: number;
}

export interface UpdatePolicy {
  start(): void;
  stop(): void;
  /** One round: check if idle/failed, download if available and no shift is open. */
  tick(): Promise<void>;
  /**
   * At quit, while the database is still open: true when a downloaded update may install now
   * (no shift open). Arms install().
   */
  beforeQuit(): boolean;
  /** After shutting down: quitAndInstall, only if the last beforeQuit() said yes. */
  install(): boolean;
  state(): UpdateState;
  version(): string | null;
}

export const DEFAULT_UPDATE_INTERVAL_MS = 4 * 3_600_000;

export function createUpdatePolicy(options: UpdatePolicyOptions): UpdatePolicy {
  const { updater, shiftOpen, notify } = options;
  let state: UpdateState = 'idle';
  let version: string | null = null;
  let cancel: (() => void) | null = null;
  let armed = false;

  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.on('update-available', (info) => {
    state = 'available';
    version = info.version;
    notify({ kind: 'available', version: info.version });
  });
  updater.on('update-not-available', () => {
    state = 'idle';
  });
  updater.on('update-downloaded', (info) => {
    state = 'downloaded';
    version = info.version;
    notify({ kind: 'ready', version: info.version });
  });
  updater.on('error', (error) => {
    // Back to a state the next tick retries from; the message only (no URLs with tokens).
    state = 'error';
    notify({ kind: 'error', message: error.message });
  });

  const download = async (): Promise<void> => {
    if (state !== 'available' || shiftOpen()) return;
    state = 'downloading';
    try {
      await updater.downloadUpdate();
    } catch {
      if (state === 'downloading') state = 'available';
    }
  };

  const tick = async (): Promise<void> => {
    if (state === 'idle' || state === 'error') {
      state = 'checking';
      try {
        await updater.checkForUpdates();
      } catch {
        state = 'error';
        return;
      }
      if (state === 'checking') state = 'idle';
    }
    await download();
  };

  return {
    start() {
      if (cancel) return;
      void tick();
      cancel = options.every(options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS, () => void tick());
    },
    stop() {
      cancel?.();
      cancel = null;
    },
    tick,
    beforeQuit() {
      armed = state === 'downloaded' && !shiftOpen();
      return armed;
    },
    install() {
      if (!armed || state !== 'downloaded') return false;
      armed = false;
      updater.quitAndInstall(true, false);
      return true;
    },
    state: () => state,
    version: () => version,
  };
}
