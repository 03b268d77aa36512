/** `system.disk`: the disk status the renderer's banner shows (readable by every screen, like the license status). */
import { z } from 'zod';
import { defineCommand } from '../api';
import type { CommandMap } from '../api';
import type { DiskMonitor } from './disk-space';

export function diskCommands(monitor: DiskMonitor) {
  return {
    'system.disk': defineCommand({ input: z.object({}).loose(), permission: null, run: () => monitor.status() }),
  } satisfies CommandMap;
}
