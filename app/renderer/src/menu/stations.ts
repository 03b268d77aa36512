/** The stations the Menu screen offers: kitchen and bar, plus any other a printer serves. */
import type { Settings } from '../api/shapes';

export const NOT_SENT = 'none';

export function stationChoices(settings: Pick<Settings, 'printers'> | undefined): string[] {
  const fromPrinters = (settings?.printers ?? []).map((p) => p.station).filter((s) => s !== 'receipt');
  return [...new Set(['kitchen', 'bar', ...fromPrinters])];
}

/** Where a category's items go today: its own entry, else the default (null: not sent). */
export function categoryStation(kitchen: Settings['kitchen'] | undefined, categoryId: string): string | null {
  if (!kitchen) return 'kitchen';
  return Object.hasOwn(kitchen.categoryStations, categoryId) ? kitchen.categoryStations[categoryId] ?? null : kitchen.defaultStation;
}
