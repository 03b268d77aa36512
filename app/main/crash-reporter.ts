/**
 * Thin adapter: Electron's crashReporter, started only when the shop opted in (setting
 * `crashReports`, off by default; core: app/core/logging/crash-reports.ts). Minidumps go to
 * `<data folder>/crashes` and are never uploaded (uploadToServer false, no submitURL needed).
 * NOT RUNNABLE HERE: it needs Electron's binary; the decision it follows is tested in core.
 * Electron can start the reporter once per run, so a change takes effect at the next start.
 */
import { app, crashReporter } from 'electron';
import { crashDumpsDirOf, crashReportsEnabled } from '../core/logging/crash-reports';
import type { ShopSettings } from '../core/pos/settings/settings-schema';
import { ensurePrivateDir } from '../core/secrets/file-modes';

export function startCrashReporter(dataDir: string, settings: Pick<ShopSettings, 'crashReports'>): boolean {
  if (!crashReportsEnabled(settings)) return false;
  const dir = crashDumpsDirOf(dataDir);
  ensurePrivateDir(dir);
  app.setPath('crashDumps', dir);
  crashReporter.start({ uploadToServer: false, compress: true, ignoreSystemCrashHandler: false, globalExtra: { appVersion: app.getVersion() } });
  return true;
}
