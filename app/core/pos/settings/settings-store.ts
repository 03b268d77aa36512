import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { writeAudit } from '../staff/audit';
import {
  DEFAULT_SETTINGS,
  SETTINGS_KEYS,
  settingsPatchSchema,
  settingsSchema,
  type PrinterSettings,
  type SettingsKey,
  type SettingsPatch,
  type ShopSettings,
} from './settings-schema';

/**
 * Reads the shop's settings: stored sections over the defaults. A stored section that no longer
 * validates (written by an older app, edited by hand) falls back to its default instead of
 * stopping the till; `invalidKeys` says which, so the settings screen can flag them.
 */
export function readSettings(db: Db): { settings: ShopSettings; invalidKeys: SettingsKey[] } {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const invalidKeys: SettingsKey[] = [];
  for (const key of SETTINGS_KEYS) {
    const raw = stored.get(key);
    if (raw === undefined) continue;
    const parsed = settingsSchema.shape[key].safeParse(JSON.parse(raw));
    if (parsed.success) settings[key] = parsed.data;
    else invalidKeys.push(key);
  }
  return { settings: settings as ShopSettings, invalidKeys };
}

export function getSettings(db: Db): ShopSettings {
  return readSettings(db).settings;
}

/**
 * Validates and stores the changed sections in one transaction and writes the change to the
 * audit log (who, which sections). Returns the full settings after the change.
 */
export function updateSettings(db: Db, clock: Clock, staffId: string, patch: SettingsPatch): ShopSettings {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new PosError('SETTING_INVALID', 'These settings are not valid', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  const now = clock.now();
  const write = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const keys = Object.keys(parsed.data) as SettingsKey[];
  db.transaction(() => {
    for (const key of keys) write.run(key, JSON.stringify(parsed.data[key]), now);
    writeAudit(db, clock, { staffId, action: 'settings.write', entity: 'settings', details: { keys } });
  })();
  return getSettings(db);
}

export function findPrinter(settings: ShopSettings, printerId: string): PrinterSettings | undefined {
  return settings.printers.find((p) => p.id === printerId);
}

/** The enabled printers of a station ("receipt", "kitchen", "bar", …). */
export function printersForStation(settings: ShopSettings, station: string): PrinterSettings[] {
  return settings.printers.filter((p) => p.enabled && p.station === station);
}

/** Which kitchen station a category's items go to (null: not sent). */
export function stationForCategory(settings: ShopSettings, categoryId: string | null): string | null {
  if (categoryId !== null && Object.hasOwn(settings.kitchen.categoryStations, categoryId)) {
    return settings.kitchen.categoryStations[categoryId] ?? null;
  }
  return settings.kitchen.defaultStation;
}

/**
 * Which station a line goes to: the item's own choice (a station, or 'none' = not sent) wins,
 * else its category's, else the default.
 */
export function stationForLine(settings: ShopSettings, line: { categoryId: string | null; itemStation: string | null }): string | null {
  if (line.itemStation === 'none') return null;
  if (line.itemStation !== null) return line.itemStation;
  return stationForCategory(settings, line.categoryId);
}
