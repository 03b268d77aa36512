/**
 * Crash reporting is opt-in and off by default: the setting `crashReports` (Settings → Support)
 * decides at start whether app/main/crash-reporter.ts starts Electron's crashReporter, which
 * writes minidumps to `<data folder>/crashes` and never uploads them (a support bundle or a
 * support person collects them).
 */
import { join } from 'node:path';
import type { ShopSettings } from '../pos/settings/settings-schema';

export const crashDumpsDirOf = (dataDir: string): string => join(dataDir, 'crashes');

export const crashReportsEnabled = (settings: Pick<ShopSettings, 'crashReports'>): boolean => settings.crashReports === true;
