/**
 * Free space on the disk that holds the shop's data folder. The till warns before the disk is
 * full (under `thresholdBytes`, checked at start and hourly) and says so when a write failed
 * with SQLITE_FULL (`noteFull`); while full it looks again every minute, so the banner goes
 * away soon after space is freed. `statfs` and the timers are injected for tests.
 */
import { statfs as fsStatfs } from 'node:fs/promises';
import type { Clock } from '../clock';
import { systemClock } from '../clock';

export const LOW_DISK_BYTES = 500 * 1024 * 1024;
const HOURLY_MS = 60 * 60_000;
const WHILE_FULL_MS = 60_000;

export interface DiskStatus {
  /** Bytes the app may still write (null: not known yet, or statfs failed). */
  freeBytes: number | null;
  thresholdBytes: number;
  /** Under the threshold: warn, selling still works. */
  low: boolean;
  /** A write failed because the disk is full: nothing new is saved until space is freed. */
  full: boolean;
  checkedAt: number | null;
}

export type StatFs = (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;

export interface DiskTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DiskMonitorOptions {
  dir: string;
  statfs?: StatFs;
  clock?: Clock;
  thresholdBytes?: number;
  timers?: DiskTimers;
  onChange?: (status: DiskStatus) => void;
}

export interface DiskMonitor {
  status(): DiskStatus;
  check(): Promise<DiskStatus>;
  /** A write answered SQLITE_FULL/ENOSPC. */
  noteFull(): void;
  /** Checks now, then hourly (every minute while full). Returns stop. */
  start(): () => void;
}

const realTimers: DiskTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createDiskMonitor(options: DiskMonitorOptions): DiskMonitor {
  const statfs: StatFs = options.statfs ?? ((dir) => fsStatfs(dir));
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? realTimers;
  const thresholdBytes = options.thresholdBytes ?? LOW_DISK_BYTES;
  let status: DiskStatus = { freeBytes: null, thresholdBytes, low: false, full: false, checkedAt: null };
  let timer: unknown;
  let running = false;

  function update(next: DiskStatus): void {
    const changed = next.low !== status.low || next.full !== status.full;
    status = next;
    if (changed) options.onChange?.(status);
  }

  async function check(): Promise<DiskStatus> {
    let freeBytes: number | null = null;
    try {
      const s = await statfs(options.dir);
      freeBytes = Number(s.bavail) * Number(s.bsize);
    } catch {
      // Unknown is not "full": keep what we knew (a failed write still reports full).
    }
    const low = freeBytes === null ? status.low : freeBytes < thresholdBytes;
    // Full until the disk has room again (the threshold, so it doesn't flap at the edge).
    const full = status.full && (freeBytes === null || freeBytes < thresholdBytes);
    update({ freeBytes, thresholdBytes, low: low || full, full, checkedAt: clock.now() });
    return status;
  }

  function schedule(): void {
    if (!running) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      void check().finally(schedule);
    }, status.full ? WHILE_FULL_MS : HOURLY_MS);
  }

  return {
    status: () => status,
    check,
    noteFull() {
      update({ ...status, low: true, full: true });
      schedule();
    },
    start() {
      running = true;
      void check().finally(schedule);
      return () => {
        running = false;
        if (timer !== undefined) timers.clearTimeout(timer);
        timer = undefined;
      };
    },
  };
}
