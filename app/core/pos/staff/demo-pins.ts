/**
 * A demo shop shows its staff's PINs on the sign-in screen (issue 11, item 14): whoever tries
 * POSPal should not have to guess them. Only the demo loader marks a shop as a demo, in a row of
 * the settings table that is outside the settings schema (so `settings.update` cannot write it
 * and `settings.get` never returns it); a real shop never has it. A PIN changed later is no
 * longer the demo's and stops being shown.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';

const DEMO_KEY = 'demo';

interface DemoMarker { pins: Record<string, string> }

function readMarker(db: Db): DemoMarker | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(DEMO_KEY) as { value: string } | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.value) as Partial<DemoMarker>;
  return { pins: parsed.pins && typeof parsed.pins === 'object' ? parsed.pins : {} };
}

function writeMarker(db: Db, clock: Clock, marker: DemoMarker): void {
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
              ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(DEMO_KEY, JSON.stringify(marker), clock.now());
}

/** Marks the shop as the demo café, with the PIN of each demo staff member. */
export function markDemoShop(db: Db, clock: Clock, staff: readonly { id: string; pin: string }[]): void {
  writeMarker(db, clock, { pins: Object.fromEntries(staff.map((s) => [s.id, s.pin])) });
}

export function isDemoShop(db: Db): boolean {
  return readMarker(db) !== null;
}

/** staffId → the demo PIN still valid for them; empty on a real shop. */
export function demoPins(db: Db): Record<string, string> {
  return readMarker(db)?.pins ?? {};
}

/** A PIN was changed: it is no longer the one the demo prints. */
export function forgetDemoPin(db: Db, clock: Clock, staffId: string): void {
  const marker = readMarker(db);
  if (!marker || !Object.hasOwn(marker.pins, staffId)) return;
  const pins = { ...marker.pins };
  delete pins[staffId];
  writeMarker(db, clock, { pins });
}
