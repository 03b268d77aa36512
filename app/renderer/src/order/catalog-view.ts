/** Pure helpers over the catalog: search that ignores case and Greek accents, colours, groups. */
import type { Catalog, CatalogItem, OptionGroup } from '../api/shapes';

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Names folded once per catalog load, so typing in search stays instant with thousands of items. */
export interface SearchIndex { items: readonly CatalogItem[]; folded: string[] }

export function buildSearchIndex(items: readonly CatalogItem[]): SearchIndex {
  return { items, folded: items.map((i) => fold(i.name)) };
}

export function searchItems(source: readonly CatalogItem[] | SearchIndex, query: string, limit = 200): CatalogItem[] {
  const index = Array.isArray(source) ? buildSearchIndex(source) : (source as SearchIndex);
  const q = fold(query.trim());
  if (!q) return [];
  const out: CatalogItem[] = [];
  for (let i = 0; i < index.items.length; i++) {
    const item = index.items[i]!;
    if (item.archived) continue;
    if (item.barcode === query.trim() || index.folded[i]!.includes(q)) {
      out.push(item);
      if (out.length >= limit) break;
    }
  }
  return out;
}

const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#65a30d', '#9333ea', '#0d9488'];

export function categoryColor(catalog: Catalog, categoryId: string | null | undefined): string {
  if (!categoryId) return '#64748b';
  // Core's categories carry no colour (the copied type said they might): a colour by position.
  const idx = catalog.categories.findIndex((c) => c.id === categoryId);
  return PALETTE[Math.max(0, idx) % PALETTE.length] || '#64748b';
}

export function optionGroupsOf(item: CatalogItem): OptionGroup[] {
  return item.optionGroups ?? [];
}

export function itemsByCategory(catalog: Catalog): Map<string, CatalogItem[]> {
  const map = new Map<string, CatalogItem[]>();
  for (const item of catalog.items) {
    if (item.archived) continue;
    const key = item.categoryId ?? '';
    let list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    list.push(item);
  }
  return map;
}

/** Quick-cash amounts: exact, then the next multiple of 5 and the notes that cover the amount. */
export function quickCashAmounts(dueCents: number, minorFactor = 100): number[] {
  const out = [dueCents];
  const five = 5 * minorFactor;
  const next5 = Math.ceil(dueCents / five) * five;
  for (const v of [next5, 10 * minorFactor, 20 * minorFactor, 50 * minorFactor]) {
    if (v >= dueCents && !out.includes(v)) out.push(v);
  }
  return out;
}
