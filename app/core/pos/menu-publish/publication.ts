/**
 * Where this shop's menu is published (slug, URL, when), kept in the shop's settings table under
 * its own key (`menu_publication`, not one of the validated settings sections), and the ESC/POS
 * job that prints the menu's QR code for a table sticker.
 */
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import { PosError } from '../../errors';
import { enqueuePrintJob, type PrintJobView } from '../../print/print-queue';
import { EscPosBuilder } from '../receipts/escpos';
import type { ShopSettings } from '../settings/settings-schema';
import { printersForStation } from '../settings/settings-store';

export const PUBLICATION_KEY = 'menu_publication';

const publicationSchema = z.object({ slug: z.string(), url: z.url(), publishedAt: z.number().nullable() });
export type MenuPublication = z.infer<typeof publicationSchema>;

export function readPublication(db: Db): MenuPublication | null {
  const row = sql(db, 'SELECT value FROM settings WHERE key = ?').get(PUBLICATION_KEY) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = publicationSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePublication(db: Db, clock: Clock, publication: MenuPublication): void {
  sql(db, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(PUBLICATION_KEY, JSON.stringify(publication), clock.now());
}

export function requirePublication(db: Db): MenuPublication {
  const p = readPublication(db);
  if (!p) throw new PosError('MENU_NOT_PUBLISHED', 'Publish the menu first (Menu → Publish online menu)');
  return p;
}

/** The sticker: shop name, the QR of the menu's URL (ESC/POS GS ( k), the URL as text. */
export function printMenuQr(db: Db, clock: Clock, settings: ShopSettings, url: string): PrintJobView {
  const printer = printersForStation(settings, 'receipt')[0];
  if (!printer || !printer.enabled) throw new PosError('PRINTER_NOT_FOUND', 'No receipt printer is set up', { printerId: null });
  const payload = new EscPosBuilder(printer.codePage, printer.codePageNumber ?? null)
    .init()
    .align('center')
    .bold(true).line(settings.business.name).bold(false)
    .line()
    .qr(url, printer.paper === 58 ? 5 : 8)
    .line()
    .line(url)
    .cut(4)
    .bytes();
  return enqueuePrintJob(db, clock, { printerId: printer.id, kind: 'receipt', ref: `menu-qr:${url}`, description: 'Menu QR code', payload, idempotencyKey: null }).job;
}
