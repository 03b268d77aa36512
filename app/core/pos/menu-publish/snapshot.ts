/**
 * The menu as guests see it, built from the catalog and the shop's settings: categories in
 * order, their items (archived ones left out), prices in cents, options, allergens, dietary
 * tags, descriptions and availability. The catalog keeps one name per thing; it is published
 * in the language of the shop's locale (the worker shows both languages when both are given).
 */
import type { PublishedMenu, MenuText } from 'licensing-worker/protocol';
import type { Db } from '../../db/connection';
import { listCategories, listItems } from '../catalog/catalog';
import { getSettings } from '../settings/settings-store';

export function menuLanguageOf(locale: string): 'en' | 'el' {
  return locale.toLowerCase().startsWith('el') ? 'el' : 'en';
}

/** The worker takes `xx` or `xx-YY`. */
function publishedLocale(locale: string): string {
  const [lang = 'en', region] = locale.split('-');
  return region && /^[A-Za-z]{2}$/.test(region) ? `${lang.toLowerCase()}-${region.toUpperCase()}` : lang.toLowerCase();
}

const clip = (s: string, max: number) => s.trim().slice(0, max);

export function buildPublishedMenu(db: Db): PublishedMenu {
  const settings = getSettings(db);
  const lang = menuLanguageOf(settings.locale);
  const text = (s: string, max = 300): MenuText => ({ [lang]: clip(s, max) || '—' });
  const categories = listCategories(db)
    .map((category) => ({
      name: text(category.name),
      items: listItems(db, { categoryId: category.id }).filter((i) => !i.archived).map((item) => ({
        name: text(item.name),
        ...(item.description.trim() ? { description: text(item.description, 1000) } : {}),
        priceCents: item.priceCents,
        available: item.available,
        allergens: item.allergens.map((a) => clip(a, 40)).filter(Boolean).slice(0, 20),
        dietary: item.dietaryTags.map((d) => clip(d, 40)).filter(Boolean).slice(0, 20),
        optionGroups: item.optionGroups.slice(0, 20).map((g) => ({
          name: text(g.name),
          options: g.options.slice(0, 50).map((o) => ({ name: text(o.name), priceDeltaCents: o.priceDeltaCents })),
        })),
      })),
    }))
    .filter((c) => c.items.length > 0);
  return { shopName: clip(settings.business.name, 200) || 'Menu', currency: settings.currency, locale: publishedLocale(settings.locale), categories };
}
