import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { manualTimers } from '../license/testing/fake-worker';
import { createDiskMonitor, LOW_DISK_BYTES } from './disk-space';
import type { DiskStatus } from './disk-space';
import { tempDir } from './test-helpers';

const MB = 1024 * 1024;
const settle = () => new Promise<void>((r) => setImmediate(r));

function monitor(freeMb: { value: number }) {
  const clock = manualClock(0);
  const timers = manualTimers(clock);
  const changes: DiskStatus[] = [];
  const m = createDiskMonitor({
    dir: '/shop', clock, timers,
    statfs: async () => ({ bavail: (freeMb.value * MB) / 4096, bsize: 4096 }),
    onChange: (s) => changes.push(s),
  });
  return { m, clock, timers, changes };
}

describe('free disk space', () => {
  it('warns under 500 MB at start, and hourly after that', async () => {
    const free = { value: 2000 };
    const { m, clock, timers, changes } = monitor(free);
    m.start();
    await settle();
    expect(m.status()).toMatchObject({ freeBytes: 2000 * MB, thresholdBytes: LOW_DISK_BYTES, low: false, full: false });
    free.value = 400;
    clock.advance(59 * 60_000);
    timers.fireDue();
    await settle();
    expect(m.status().low).toBe(false);
    clock.advance(60_000);
    timers.fireDue();
    await settle();
    expect(m.status()).toMatchObject({ low: true, full: false, freeBytes: 400 * MB });
    expect(changes).toHaveLength(1);
  });

  it('a write that hit a full disk shows "full" at once; it clears (checked every minute) once space is freed', async () => {
    const free = { value: 10 };
    const { m, clock, timers, changes } = monitor(free);
    m.start();
    await settle();
    m.noteFull();
    expect(m.status()).toMatchObject({ low: true, full: true });
    clock.advance(60_000);
    timers.fireDue();
    await settle();
    expect(m.status().full).toBe(true);
    free.value = 3000;
    clock.advance(60_000);
    timers.fireDue();
    await settle();
    expect(m.status()).toMatchObject({ low: false, full: false });
    expect(changes.map((c) => c.full)).toEqual([false, true, false]);
  });

  it('reads the real free space of the data folder with fs.statfs', async () => {
    const t = tempDir();
    try {
      const s = await createDiskMonitor({ dir: t.dir }).check();
      expect(s.freeBytes).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  });
});
