/** Categories, items and their option groups. Items on an order are archived, never deleted. */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import type { ItemFields, ItemPatch } from './schemas';
import { sql } from '../../db/statements';

export interface Category { id: string; name: string; position: number; archived: boolean }
/** `isDefault`: chosen when the options sheet opens (the group's usual choice). */
export interface OptionView { id: string; name: string; priceDeltaCents: number; isDefault: boolean }
export interface OptionGroupView { id: string; name: string; minChoices: number; maxChoices: number; options: OptionView[] }
export interface ItemView {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  priceCents: number;
  taxRateId: string;
  taxRateBp: number;
  barcode: string | null;
  allergens: string[];
  dietaryTags: string[];
  notePresets: string[];
  imagePath: string | null;
  available: boolean;
  archived: boolean;
  position: number;
  optionGroups: OptionGroupView[];
  /** Overrides the category's kitchen station: a station, 'none' (not sent), or null (as the category). */
  station: string | null;
}

interface ItemRow {
  id: string; category_id: string; name: string; description: string; price_cents: number; tax_rate_id: string;
  rate_bp: number; barcode: string | null; allergens: string; dietary_tags: string; note_presets: string;
  image_path: string | null; available: number; archived: number; position: number; station: string | null;
}

const ITEM_SELECT = 'SELECT i.*, t.rate_bp FROM items i JOIN tax_rates t ON t.id = i.tax_rate_id';

// ---- categories ---------------------------------------------------------------------------

export function listCategories(db: Db, includeArchived = false): Category[] {
  const rows = sql(db, `SELECT id, name, position, archived FROM categories ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY position, name`).all() as
    { id: string; name: string; position: number; archived: number }[];
  return rows.map((r) => ({ ...r, archived: r.archived === 1 }));
}

export function getCategory(db: Db, id: string): Category {
  const r = sql(db, 'SELECT id, name, position, archived FROM categories WHERE id = ?').get(id) as
    { id: string; name: string; position: number; archived: number } | undefined;
  if (!r) throw new PosError('CATEGORY_NOT_FOUND', 'No such category', { id });
  return { ...r, archived: r.archived === 1 };
}

export function createCategory(db: Db, clock: Clock, input: { name: string }): Category {
  const id = uuidv7(clock);
  const next = (sql(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM categories').get() as { p: number }).p;
  sql(db, 'INSERT INTO categories (id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, next, clock.now(), clock.now());
  return getCategory(db, id);
}

export function updateCategory(db: Db, clock: Clock, input: { id: string; name?: string | undefined; archived?: boolean | undefined }): Category {
  const cur = getCategory(db, input.id);
  sql(db, 'UPDATE categories SET name = ?, archived = ?, updated_at = ? WHERE id = ?').run(
    input.name ?? cur.name, (input.archived ?? cur.archived) ? 1 : 0, clock.now(), cur.id,
  );
  return getCategory(db, cur.id);
}

/** `orderedIds` is the new order of (some of) the categories; the rest keep their relative order after them. */
export function reorderCategories(db: Db, clock: Clock, orderedIds: string[]): Category[] {
  db.transaction(() => {
    const all = listCategories(db, true).map((c) => c.id);
    for (const id of orderedIds) if (!all.includes(id)) throw new PosError('CATEGORY_NOT_FOUND', 'No such category', { id });
    const rest = all.filter((id) => !orderedIds.includes(id));
    const stmt = sql(db, 'UPDATE categories SET position = ?, updated_at = ? WHERE id = ?');
    [...new Set(orderedIds), ...rest].forEach((id, i) => stmt.run(i, clock.now(), id));
  }).immediate();
  return listCategories(db, true);
}

// ---- items --------------------------------------------------------------------------------

function toItemView(db: Db, r: ItemRow): ItemView {
  const groups = sql(db, 'SELECT id, name, min_choices, max_choices FROM option_groups WHERE item_id = ? ORDER BY position').all(r.id) as
    { id: string; name: string; min_choices: number; max_choices: number }[];
  const optStmt = sql(db, 'SELECT id, name, price_delta_cents, is_default FROM options WHERE group_id = ? ORDER BY position');
  return {
    id: r.id, categoryId: r.category_id, name: r.name, description: r.description, priceCents: r.price_cents,
    taxRateId: r.tax_rate_id, taxRateBp: r.rate_bp, barcode: r.barcode,
    allergens: JSON.parse(r.allergens) as string[], dietaryTags: JSON.parse(r.dietary_tags) as string[],
    notePresets: JSON.parse(r.note_presets) as string[], imagePath: r.image_path,
    available: r.available === 1, archived: r.archived === 1, position: r.position, station: r.station,
    optionGroups: groups.map((g) => ({
      id: g.id, name: g.name, minChoices: g.min_choices, maxChoices: g.max_choices,
      options: (optStmt.all(g.id) as { id: string; name: string; price_delta_cents: number; is_default: number }[]).map((o) => ({
        id: o.id, name: o.name, priceDeltaCents: o.price_delta_cents, isDefault: o.is_default === 1,
      })),
    })),
  };
}

export function getItem(db: Db, id: string): ItemView {
  const r = sql(db, `${ITEM_SELECT} WHERE i.id = ?`).get(id) as ItemRow | undefined;
  if (!r) throw new PosError('ITEM_NOT_FOUND', 'No such item', { id });
  return toItemView(db, r);
}

export function listItems(db: Db, query: { categoryId?: string | undefined; includeArchived?: boolean | undefined }): ItemView[] {
  const rows = sql(db, `${ITEM_SELECT} WHERE (? IS NULL OR i.category_id = ?) AND (? = 1 OR i.archived = 0) ORDER BY i.position, i.name`).all(
    query.categoryId ?? null, query.categoryId ?? null, query.includeArchived ? 1 : 0,
  ) as ItemRow[];
  return rows.map((r) => toItemView(db, r));
}

function checkRefs(db: Db, fields: { categoryId?: string | undefined; taxRateId?: string | undefined; barcode?: string | null | undefined }, selfId?: string): void {
  if (fields.categoryId !== undefined) getCategory(db, fields.categoryId);
  if (fields.taxRateId !== undefined && !sql(db, 'SELECT 1 FROM tax_rates WHERE id = ?').get(fields.taxRateId)) {
    throw new PosError('TAX_RATE_NOT_FOUND', 'No such tax rate', { id: fields.taxRateId });
  }
  if (fields.barcode) {
    const other = sql(db, 'SELECT id, name FROM items WHERE barcode = ?').get(fields.barcode) as { id: string; name: string } | undefined;
    if (other && other.id !== selfId) throw new PosError('BARCODE_TAKEN', 'Another item has this barcode', { barcode: fields.barcode, itemId: other.id, itemName: other.name });
  }
}

function writeOptionGroups(db: Db, clock: Clock, itemId: string, groups: ItemFields['optionGroups']): void {
  sql(db, 'DELETE FROM option_groups WHERE item_id = ?').run(itemId);
  const g = sql(db, 'INSERT INTO option_groups (id, item_id, name, min_choices, max_choices, position) VALUES (?, ?, ?, ?, ?, ?)');
  const o = sql(db, 'INSERT INTO options (id, group_id, name, price_delta_cents, is_default, position) VALUES (?, ?, ?, ?, ?, ?)');
  groups.forEach((group, gi) => {
    const gid = uuidv7(clock);
    g.run(gid, itemId, group.name, group.minChoices, group.maxChoices, gi);
    group.options.forEach((opt, oi) => o.run(uuidv7(clock), gid, opt.name, opt.priceDeltaCents, opt.isDefault ? 1 : 0, oi));
  });
}

export function createItem(db: Db, clock: Clock, fields: ItemFields): ItemView {
  const id = uuidv7(clock);
  db.transaction(() => {
    checkRefs(db, fields);
    const pos = (sql(db, 'SELECT COALESCE(MAX(position), -1) + 1 AS p FROM items WHERE category_id = ?').get(fields.categoryId) as { p: number }).p;
    sql(db, `INSERT INTO items (id, category_id, name, description, price_cents, tax_rate_id, barcode, allergens, dietary_tags,
      note_presets, image_path, available, position, station, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id, fields.categoryId, fields.name, fields.description, fields.priceCents, fields.taxRateId, fields.barcode,
      JSON.stringify(fields.allergens), JSON.stringify(fields.dietaryTags), JSON.stringify(fields.notePresets),
      fields.imagePath, fields.available ? 1 : 0, pos, fields.station ?? null, clock.now(), clock.now(),
    );
    writeOptionGroups(db, clock, id, fields.optionGroups);
  }).immediate();
  return getItem(db, id);
}

export function updateItem(db: Db, clock: Clock, patch: ItemPatch): ItemView {
  db.transaction(() => {
    const cur = getItem(db, patch.id);
    checkRefs(db, patch, cur.id);
    const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as ItemView & ItemPatch;
    sql(db, `UPDATE items SET category_id = ?, name = ?, description = ?, price_cents = ?, tax_rate_id = ?, barcode = ?,
      allergens = ?, dietary_tags = ?, note_presets = ?, image_path = ?, available = ?, station = ?, updated_at = ? WHERE id = ?`).run(
      next.categoryId, next.name, next.description, next.priceCents, next.taxRateId, next.barcode,
      JSON.stringify(next.allergens), JSON.stringify(next.dietaryTags), JSON.stringify(next.notePresets),
      next.imagePath, next.available ? 1 : 0, patch.station === undefined ? cur.station : patch.station, clock.now(), cur.id,
    );
    if (patch.optionGroups) writeOptionGroups(db, clock, cur.id, patch.optionGroups);
  }).immediate();
  return getItem(db, patch.id);
}

export function setItemArchived(db: Db, clock: Clock, id: string, archived: boolean): ItemView {
  getItem(db, id);
  sql(db, 'UPDATE items SET archived = ?, updated_at = ? WHERE id = ?').run(archived ? 1 : 0, clock.now(), id);
  return getItem(db, id);
}

/** Removes an item that was never sold; one that appears on any order is archived instead. */
export function deleteItem(db: Db, clock: Clock, id: string): { deleted: boolean; archived: boolean } {
  return db.transaction(() => {
    getItem(db, id);
    const used = sql(db, 'SELECT 1 FROM order_lines WHERE item_id = ? LIMIT 1').get(id);
    if (used) {
      setItemArchived(db, clock, id, true);
      return { deleted: false, archived: true };
    }
    sql(db, 'DELETE FROM items WHERE id = ?').run(id);
    return { deleted: true, archived: false };
  }).immediate();
}

export function reorderItems(db: Db, clock: Clock, categoryId: string, orderedIds: string[]): ItemView[] {
  db.transaction(() => {
    getCategory(db, categoryId);
    const stmt = sql(db, 'UPDATE items SET position = ?, updated_at = ? WHERE id = ? AND category_id = ?');
    orderedIds.forEach((id, i) => {
      if (stmt.run(i, clock.now(), id, categoryId).changes !== 1) throw new PosError('ITEM_NOT_FOUND', 'No such item in this category', { id, categoryId });
    });
  }).immediate();
  return listItems(db, { categoryId });
}
