/**
 * The offline license file as API commands: the Hardware ID to send to the distributor, the
 * import of the file they send back (its text: the renderer reads the picked or dropped file),
 * and removing it. All the owner's (`license.manage`), like the other license commands; at
 * first run the main computer itself may (the activation screen shows the Hardware ID).
 */
import { z } from 'zod';
import { defineCommand, type CommandMap } from '../../api/command';
import { PosError, type PosErrorCode } from '../../errors';
import { licenseView, type LicenseView } from '../commands';
import type { ActionResult } from '../status';
import type { OfflineAwareAgent } from './agent';

/** A license file is a few KB; anything far larger is not one. */
export const MAX_FILE_TEXT = 64 * 1024;

function viewOf(r: ActionResult): LicenseView {
  if (r.ok) return licenseView(r.status);
  const { code, message, ...details } = r.error;
  throw new PosError(code as PosErrorCode, message, details);
}

export function offlineFileCommands(agent: OfflineAwareAgent) {
  return {
    'license.hardwareId': defineCommand({
      input: z.object({}).loose(), permission: 'license.manage', firstRun: true, run: () => agent.hardwareId(),
    }),
    'license.importFile': defineCommand({
      input: z.object({ text: z.string().min(1).max(MAX_FILE_TEXT) }).strict(),
      permission: 'license.manage',
      firstRun: true,
      run: async (_ctx, i) => viewOf(await agent.importFile(i.text)),
    }),
    'license.removeFile': defineCommand({
      input: z.object({}).strict(), permission: 'license.manage', run: async () => viewOf(await agent.removeFile()),
    }),
  } satisfies CommandMap;
}
