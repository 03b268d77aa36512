/**
 * Menu import/export. JSON carries everything (option groups too); CSV carries one item per
 * row for spreadsheet editing. Import validates every row first and writes nothing unless all
 * rows are valid (all-or-nothing, in one transaction), reporting row errors a UI can show.
 * Matching: categories by name, tax rates by value, items by barcode else by category + name.
 */
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { basisPointsSchema } from '../../money';
import { ensureTaxRate } from '../taxes/rates';
import { createCategory, createItem, listCategories, listItems, updateItem } from './catalog';
import { CsvSyntaxError, readCsv, writeCsv } from '../../../shared/csv';
import { minorToDecimal, parseDecimal } from '../../../shared/money';
import { itemFieldsSchema, optionGroupInputSchema } from './schemas';
import { sql } from '../../db/statements';

export const menuItemSchema = itemFieldsSchema.omit({ categoryId: true, taxRateId: true }).extend({
  category: z.string().trim().min(1).max(60),
  taxRateBp: basisPointsSchema,
  optionGroups: z.array(optionGroupInputSchema).max(10).default([]),
});
export type MenuItem = z.infer<typeof menuItemSchema>;

export const menuJsonSchema = z.object({
  format: z.literal('pospal-menu'),
  version: z.literal(1),
  categories: z.array(z.string().trim().min(1).max(60)).default([]),
  items: z.array(z.unknown()).max(20_000),
});

export interface RowError { row: number; path: string; message: string }
export interface ImportResult { created: number; updated: number; errors: RowError[]; applied: boolean }

export function exportMenuJson(db: Db): string {
  const categories = listCategories(db);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const items = listItems(db, {}).map((i) => ({
    category: names.get(i.categoryId) ?? '', name: i.name, description: i.description, priceCents: i.priceCents,
    taxRateBp: i.taxRateBp, barcode: i.barcode, allergens: i.allergens, dietaryTags: i.dietaryTags, notePresets: i.notePresets,
    imagePath: i.imagePath, available: i.available, station: i.station,
    optionGroups: i.optionGroups.map((g) => ({ name: g.name, minChoices: g.minChoices, maxChoices: g.maxChoices, options: g.options.map((o) => ({ name: o.name, priceDeltaCents: o.priceDeltaCents, ...(o.isDefault ? { isDefault: true } : {}) })) })),
  }));
  return JSON.stringify({ format: 'pospal-menu', version: 1, categories: categories.map((c) => c.name), items }, null, 2);
}

const CSV_HEADER = ['category', 'name', 'price', 'tax_rate', 'barcode', 'description', 'allergens', 'dietary_tags', 'available'] as const;

/** Prices as decimals ("3.50") and rates as percents ("24"): the shared exact conversions. */
export const formatDecimal = (hundredths: number): string => minorToDecimal(hundredths, 2);
export const parseDecimalHundredths = (text: string): number | null => parseDecimal(text, 2);

export function exportMenuCsv(db: Db): string {
  const names = new Map(listCategories(db).map((c) => [c.id, c.name]));
  const rows = listItems(db, {}).map((i) => [
    names.get(i.categoryId) ?? '', i.name, formatDecimal(i.priceCents), formatDecimal(i.taxRateBp).replace(/\.00$/, ''), i.barcode ?? '',
    i.description, i.allergens.join('|'), i.dietaryTags.join('|'), i.available ? 'yes' : 'no',
  ]);
  return writeCsv([[...CSV_HEADER], ...rows]);
}

function csvRowsToItems(text: string): { items: unknown[]; errors: RowError[] } {
  let rows: string[][];
  try { rows = readCsv(text).rows; } catch (err) {
    if (err instanceof CsvSyntaxError) throw new PosError('IMPORT_INVALID', err.message, { line: err.line });
    throw err;
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = ['category', 'name', 'price', 'tax_rate'].filter((h) => !header.includes(h));
  if (missing.length > 0) return { items: [], errors: [{ row: 1, path: 'header', message: `missing columns: ${missing.join(', ')}` }] };
  const errors: RowError[] = [];
  const items = rows.slice(1).map((cells, i) => {
    const get = (col: string) => (cells[header.indexOf(col)] ?? '').trim();
    const list = (col: string) => get(col).split('|').map((s) => s.trim()).filter(Boolean);
    const price = parseDecimalHundredths(get('price'));
    const rate = parseDecimalHundredths(get('tax_rate'));
    if (price === null) errors.push({ row: i + 2, path: 'price', message: 'price must be like 3.50' });
    if (rate === null) errors.push({ row: i + 2, path: 'tax_rate', message: 'tax_rate must be a percent like 24 or 13.5' });
    const available = get('available').toLowerCase();
    return {
      category: get('category'), name: get('name'), priceCents: price ?? -1, taxRateBp: rate ?? -1,
      barcode: get('barcode') || null, description: get('description'), allergens: list('allergens'),
      dietaryTags: list('dietary_tags'), available: !['no', 'false', '0'].includes(available),
    };
  });
  return { items, errors };
}

export function importMenu(
  db: Db, clock: Clock, input: { format: 'json' | 'csv'; content: string; dryRun?: boolean | undefined },
): ImportResult {
  let rawItems: unknown[];
  let extraCategories: string[] = [];
  const errors: RowError[] = [];
  if (input.format === 'json') {
    let parsedJson: unknown;
    try { parsedJson = JSON.parse(input.content); } catch {
      throw new PosError('IMPORT_INVALID', 'The file is not valid JSON');
    }
    const doc = menuJsonSchema.safeParse(parsedJson);
    if (!doc.success) throw new PosError('IMPORT_INVALID', 'The file is not a POSPal menu', { issues: doc.error.issues.map((i) => i.message) });
    rawItems = doc.data.items;
    extraCategories = doc.data.categories;
  } else {
    const csv = csvRowsToItems(input.content);
    rawItems = csv.items;
    errors.push(...csv.errors);
  }
  const firstRow = input.format === 'csv' ? 2 : 1;
  const items: MenuItem[] = [];
  const seenBarcodes = new Map<string, number>();
  rawItems.forEach((raw, i) => {
    const row = i + firstRow;
    const parsed = menuItemSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        // A CSV price/rate that did not parse is already reported under its column name.
        const reported = (path === 'priceCents' || path === 'taxRateBp') && errors.some((e) => e.row === row);
        if (!reported) errors.push({ row, path, message: issue.message });
      }
      return;
    }
    const bc = parsed.data.barcode;
    if (bc) {
      const prev = seenBarcodes.get(bc);
      if (prev !== undefined) errors.push({ row, path: 'barcode', message: `barcode also on row ${prev}` });
      seenBarcodes.set(bc, row);
    }
    items.push(parsed.data);
  });
  if (errors.length > 0) return { created: 0, updated: 0, errors: errors.sort((a, b) => a.row - b.row), applied: false };

  let created = 0;
  let updated = 0;
  const run = db.transaction(() => {
    const categoryIds = new Map(listCategories(db, true).map((c) => [c.name.toLowerCase(), c.id]));
    const categoryId = (name: string) => {
      const key = name.toLowerCase();
      const existing = categoryIds.get(key);
      if (existing) return existing;
      const c = createCategory(db, clock, { name });
      categoryIds.set(key, c.id);
      return c.id;
    };
    extraCategories.forEach(categoryId);
    for (const item of items) {
      const { category, taxRateBp, ...fields } = item;
      const catId = categoryId(category);
      const taxRateId = ensureTaxRate(db, clock, taxRateBp).id;
      const existing = (fields.barcode
        ? sql(db, 'SELECT id FROM items WHERE barcode = ?').get(fields.barcode)
        : sql(db, 'SELECT id FROM items WHERE category_id = ? AND name = ? AND archived = 0').get(catId, fields.name)) as { id: string } | undefined;
      if (existing) {
        // CSV rows carry no option groups: keep the item's existing ones.
        updateItem(db, clock, { ...fields, id: existing.id, categoryId: catId, taxRateId, optionGroups: input.format === 'csv' ? undefined : fields.optionGroups });
        updated++;
      } else {
        createItem(db, clock, { ...fields, categoryId: catId, taxRateId });
        created++;
      }
    }
    if (input.dryRun) throw new DryRunDone();
  });
  try {
    run.immediate();
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e;
    return { created, updated, errors: [], applied: false };
  }
  return { created, updated, errors: [], applied: true };
}

class DryRunDone extends Error {}
