/** Catalog search for the till: name prefix search (FTS5 index) and exact barcode lookup. */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';

export interface ItemHit {
  id: string;
  name: string;
  categoryId: string;
  priceCents: number;
  barcode: string | null;
  available: boolean;
}

interface HitRow { id: string; name: string; category_id: string; price_cents: number; barcode: string | null; available: number }
const toHit = (r: HitRow): ItemHit => ({ id: r.id, name: r.name, categoryId: r.category_id, priceCents: r.price_cents, barcode: r.barcode, available: r.available === 1 });

/** Every word must match as a prefix ("fre esp" finds "Freddo Espresso"); user text never reaches FTS syntax. */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

export function searchItemsByName(db: Db, text: string, limit = 20): ItemHit[] {
  const q = toFtsQuery(text);
  if (!q) return [];
  const rows = sql(db, `SELECT i.id, i.name, i.category_id, i.price_cents, i.barcode, i.available
    FROM items_fts f JOIN items i ON i.rowid = f.rowid
    WHERE items_fts MATCH ? AND i.archived = 0 ORDER BY f.rank LIMIT ?`).all(q, limit) as HitRow[];
  return rows.map(toHit);
}

export function findItemByBarcode(db: Db, barcode: string): ItemHit | null {
  const r = sql(db, 'SELECT id, name, category_id, price_cents, barcode, available FROM items WHERE barcode = ? AND archived = 0').get(barcode.trim()) as HitRow | undefined;
  return r ? toHit(r) : null;
}
