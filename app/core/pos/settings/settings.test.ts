import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { PosError } from '../../errors';
import { insertStaff } from '../shifts/test-ledger';
import { DEFAULT_SETTINGS } from './settings-schema';
import { getSettings, readSettings, stationForCategory, updateSettings } from './settings-store';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
const clock = manualClock(Date.UTC(2026, 10, 20, 9, 0));
let owner: string;

beforeEach(() => {
  tmp = tempDir('pospal-settings-');
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  owner = insertStaff(db, clock, 'Eleni', 'owner');
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function errorOf(fn: () => unknown): PosError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PosError) return e;
    throw e;
  }
  throw new Error('expected a PosError');
}

describe('settings', () => {
  it('starts from defaults and stores changed sections', () => {
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
    const next = updateSettings(db, clock, owner, {
      business: { name: 'Καφέ Ωραία', addressLines: ['Ερμού 12'], phone: '210', taxId: '123', email: '' },
      timeZone: 'Europe/London',
      printers: [{ id: 'bar', name: 'Bar', host: '192.168.1.50', port: 9100, paper: 58, codePage: 'cp737', station: 'bar', enabled: true }],
    });
    expect(next.business.name).toBe('Καφέ Ωραία');
    expect(getSettings(db).timeZone).toBe('Europe/London');
    expect(getSettings(db).currency).toBe('EUR');
    const audit = db.prepare('SELECT action, details FROM audit_log').all();
    expect(audit).toEqual([{ action: 'settings.write', details: JSON.stringify({ keys: ['business', 'timeZone', 'printers'] }) }]);
  });

  it('fills printer defaults: port 9100, 80 mm, CP737', () => {
    const next = updateSettings(db, clock, owner, {
      printers: [{ id: 'kitchen-1', name: 'Kitchen', host: 'kitchen.local', station: 'kitchen' } as never],
    });
    expect(next.printers[0]).toMatchObject({ port: 9100, paper: 80, codePage: 'cp737', enabled: true });
    expect(next.printers[0]?.codePageNumber).toBeUndefined();
  });

  it('refuses invalid values with SETTING_INVALID and the failing paths, storing nothing', () => {
    const e = errorOf(() => updateSettings(db, clock, owner, {
      timeZone: 'Mars/Olympus',
      currency: 'EURO',
      businessDayStartHour: 24,
      printers: [{ id: 'p', name: 'P', host: 'bad host!', port: 70000, paper: 57 as never, codePage: 'cp737', station: 'kitchen', enabled: true }],
    }));
    expect(e.code).toBe('SETTING_INVALID');
    const paths = (e.details?.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'currency', 'businessDayStartHour', 'printers.0.host', 'printers.0.port', 'printers.0.paper']));
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(errorOf(() => updateSettings(db, clock, owner, { unknownKey: 1 } as never)).code).toBe('SETTING_INVALID');
  });

  it('falls back to the default for a stored section that no longer validates', () => {
    db.prepare(`INSERT INTO settings (key, value) VALUES ('timeZone', '"Nowhere/Town"')`).run();
    expect(readSettings(db)).toEqual({ settings: DEFAULT_SETTINGS, invalidKeys: ['timeZone'] });
  });

  it('routes categories to kitchen stations, with a default and "not sent"', () => {
    const s = updateSettings(db, clock, owner, { kitchen: { categoryStations: { drinks: 'bar', desserts: null }, defaultStation: 'kitchen' } });
    expect(stationForCategory(s, 'drinks')).toBe('bar');
    expect(stationForCategory(s, 'desserts')).toBeNull();
    expect(stationForCategory(s, 'mains')).toBe('kitchen');
    expect(stationForCategory(s, null)).toBe('kitchen');
  });
});
