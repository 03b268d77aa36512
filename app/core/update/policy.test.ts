// The auto-update policy against a scripted updater shaped like electron-updater's autoUpdater
// (electron-updater itself needs Electron's binary; the policy is what we own).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createUpdatePolicy, type UpdateNotice, type Updater } from './policy';

class ScriptedUpdater extends EventEmitter implements Updater {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  latest: string | null = null;
  failCheck = false;
  checks = 0;
  downloads = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.failCheck) {
      this.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
      return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    }
    if (this.latest) this.emit('update-available', { version: this.latest });
    else this.emit('update-not-available', { version: '0.1.0' });
    return Promise.resolve({});
  }
  downloadUpdate(): Promise<unknown> {
    this.downloads++;
    this.emit('update-downloaded', { version: this.latest });
    return Promise.resolve([]);
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function setup() {
  const updater = new ScriptedUpdater();
  const shift = { open: false };
  const notices: UpdateNotice[] = [];
  const timer = { ms: 0, run: null as (() => void) | null, cancelled: false };
  const policy = createUpdatePolicy({
    updater,
    shiftOpen: () => shift.open,
    notify: (n) => notices.push(n),
    every: (ms, run) => {
      timer.ms = ms;
      timer.run = run;
      return () => {
        timer.cancelled = true;
      };
    },
    intervalMs: 1000,
  });
  return { updater, shift, notices, timer, policy };
}

describe('auto-update policy', () => {
  it('turns off electron-updater\'s own download and install-on-quit', () => {
    const { updater } = setup();
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
  });

  it('checks, notifies, downloads and installs on quit when no shift is open', async () => {
    const { updater, notices, policy } = setup();
    updater.latest = '0.2.0';
    await policy.tick();
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(1);
    expect(notices).toEqual([{ kind: 'available', version: '0.2.0' }, { kind: 'ready', version: '0.2.0' }]);
    expect(policy.state()).toBe('downloaded');
    expect(policy.beforeQuit()).toBe(true);
    expect(updater.installs).toEqual([]);
    expect(policy.install()).toBe(true);
    expect(updater.installs).toEqual([[true, false]]);
  });

  it('never downloads or installs while a shift is open; does both after it closes', async () => {
    const { updater, shift, policy } = setup();
    updater.latest = '0.2.0';
    shift.open = true;
    await policy.tick();
    expect(updater.downloads).toBe(0);
    expect(policy.state()).toBe('available');
    await policy.tick();
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(0);
    shift.open = false;
    await policy.tick();
    expect(updater.downloads).toBe(1);
    shift.open = true;
    expect(policy.beforeQuit()).toBe(false);
    expect(policy.install()).toBe(false);
    expect(updater.installs).toEqual([]);
    shift.open = false;
    expect(policy.beforeQuit()).toBe(true);
    expect(policy.install()).toBe(true);
  });

  it('does nothing at quit without a downloaded update', async () => {
    const { updater, policy } = setup();
    await policy.tick();
    expect(policy.state()).toBe('idle');
    expect(policy.beforeQuit()).toBe(false);
    expect(policy.install()).toBe(false);
    expect(updater.installs).toEqual([]);
  });

  it('install() without beforeQuit() saying yes does nothing', async () => {
    const { updater, policy } = setup();
    updater.latest = '0.2.0';
    await policy.tick();
    expect(policy.install()).toBe(false);
    expect(updater.installs).toEqual([]);
  });

  it('a failed check is reported and retried at the next tick', async () => {
    const { updater, notices, policy } = setup();
    updater.failCheck = true;
    await policy.tick();
    expect(policy.state()).toBe('error');
    expect(notices).toEqual([{ kind: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }]);
    updater.failCheck = false;
    updater.latest = '0.3.0';
    await policy.tick();
    expect(updater.checks).toBe(2);
    expect(policy.version()).toBe('0.3.0');
    expect(policy.state()).toBe('downloaded');
  });

  it('start checks at once and on the interval; stop cancels the timer', async () => {
    const { updater, timer, policy } = setup();
    policy.start();
    await Promise.resolve();
    expect(updater.checks).toBe(1);
    expect(timer.ms).toBe(1000);
    timer.run!();
    await Promise.resolve();
    expect(updater.checks).toBe(2);
    policy.stop();
    expect(timer.cancelled).toBe(true);
  });
});
