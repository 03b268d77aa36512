/**
 * The demo café: a first-run shop loadable from the welcome screen (`demo.load`), so someone
 * trying POSPal can sell at once. Only an EMPTY shop (no staff, no items) takes it: the command
 * needs no sign-in, so it must never touch a real shop's data. `size: 'bench'` adds thousands of
 * generated items for the UI benchmark.
 */
import { z } from 'zod';
import { defineCommand } from '../../api/command';
import type { ApiContext, CommandMap } from '../../api/command';
import type { Db } from '../../db';
import { PosError } from '../../errors';
import { listCategories } from '../catalog/catalog';
import { importMenu } from '../catalog/menu-transfer';
import { getSettings, updateSettings } from '../settings/settings-store';
import type { MenuItem } from '../catalog/menu-transfer';
import { countStaff, createStaff } from '../staff/staff';
import { markDemoShop } from '../staff/demo-pins';
import { requireStaff } from '../staff/permissions';

/** PINs printed on the welcome screen of the demo (change them in Settings → Staff). */
export const DEMO_STAFF = [
  { name: 'Eleni (owner)', role: 'owner', pin: '1234' },
  { name: 'Nikos (manager)', role: 'manager', pin: '2222' },
  { name: 'Maria (cashier)', role: 'cashier', pin: '1111' },
] as const;

const FOOD = 1300; // 13 % (coffee, food in Greece)
const DRINK = 2400; // 24 % (soft drinks)

const sugar = { name: 'Sugar', minChoices: 1, maxChoices: 1, options: [
  { name: 'No sugar', priceDeltaCents: 0, isDefault: true }, { name: 'Medium', priceDeltaCents: 0 }, { name: 'Sweet', priceDeltaCents: 0 },
] };
const milk = { name: 'Milk', minChoices: 0, maxChoices: 1, options: [
  { name: 'Extra milk', priceDeltaCents: 30 }, { name: 'Oat milk', priceDeltaCents: 50 }, { name: 'Lactose-free', priceDeltaCents: 40 },
] };
const size = { name: 'Size', minChoices: 1, maxChoices: 1, options: [
  { name: 'Regular', priceDeltaCents: 0, isDefault: true }, { name: 'Large', priceDeltaCents: 60 },
] };
const extras = { name: 'Extras', minChoices: 0, maxChoices: 3, options: [
  { name: 'Ham', priceDeltaCents: 80 }, { name: 'Cheese', priceDeltaCents: 60 }, { name: 'Tomato', priceDeltaCents: 30 }, { name: 'Egg', priceDeltaCents: 70 },
] };

type DemoItem = Omit<MenuItem, 'description' | 'allergens' | 'dietaryTags' | 'notePresets' | 'imagePath' | 'available' | 'barcode' | 'optionGroups'>
  & Partial<Pick<MenuItem, 'barcode' | 'allergens' | 'dietaryTags' | 'notePresets' | 'optionGroups'>>;

const coffee = (name: string, priceCents: number, groups = [sugar, milk]): DemoItem =>
  ({ category: 'Coffee', name, priceCents, taxRateBp: FOOD, optionGroups: groups, notePresets: ['To go', 'Extra hot'] });

export const DEMO_MENU: DemoItem[] = [
  coffee('Espresso', 220, [sugar]),
  coffee('Double espresso', 280, [sugar]),
  coffee('Freddo espresso', 300, [sugar, size]),
  coffee('Freddo cappuccino', 350, [sugar, milk, size]),
  coffee('Cappuccino', 330),
  coffee('Latte', 350),
  coffee('Greek coffee', 200, [sugar]),
  coffee('Frappé', 300, [sugar, milk]),
  coffee('Filter coffee', 250),
  { category: 'Tea & chocolate', name: 'Mountain tea', priceCents: 250, taxRateBp: FOOD },
  { category: 'Tea & chocolate', name: 'Green tea', priceCents: 250, taxRateBp: FOOD },
  { category: 'Tea & chocolate', name: 'Hot chocolate', priceCents: 380, taxRateBp: FOOD, optionGroups: [milk], allergens: ['milk'] },
  { category: 'Juices', name: 'Fresh orange juice', priceCents: 400, taxRateBp: FOOD, optionGroups: [size] },
  { category: 'Juices', name: 'Lemonade', priceCents: 350, taxRateBp: FOOD },
  { category: 'Pastries', name: 'Spanakopita', priceCents: 320, taxRateBp: FOOD, allergens: ['gluten', 'milk'], dietaryTags: ['vegetarian'] },
  { category: 'Pastries', name: 'Tiropita', priceCents: 300, taxRateBp: FOOD, allergens: ['gluten', 'milk', 'egg'], dietaryTags: ['vegetarian'] },
  { category: 'Pastries', name: 'Bougatsa', priceCents: 350, taxRateBp: FOOD, allergens: ['gluten', 'milk', 'egg'] },
  { category: 'Pastries', name: 'Butter croissant', priceCents: 250, taxRateBp: FOOD, allergens: ['gluten', 'milk'] },
  { category: 'Pastries', name: 'Koulouri', priceCents: 80, taxRateBp: FOOD, allergens: ['gluten', 'sesame'], dietaryTags: ['vegan'] },
  { category: 'Sandwiches', name: 'Toast', priceCents: 300, taxRateBp: FOOD, optionGroups: [extras], allergens: ['gluten'] },
  { category: 'Sandwiches', name: 'Club sandwich', priceCents: 750, taxRateBp: FOOD, allergens: ['gluten', 'egg'] },
  { category: 'Sandwiches', name: 'Halloumi wrap', priceCents: 650, taxRateBp: FOOD, allergens: ['gluten', 'milk'], dietaryTags: ['vegetarian'] },
  { category: 'Desserts', name: 'Baklava', priceCents: 380, taxRateBp: FOOD, allergens: ['gluten', 'nuts'] },
  { category: 'Desserts', name: 'Cheesecake', priceCents: 450, taxRateBp: FOOD, allergens: ['gluten', 'milk', 'egg'] },
  { category: 'Desserts', name: 'Yogurt with honey', priceCents: 420, taxRateBp: FOOD, allergens: ['milk', 'nuts'], dietaryTags: ['vegetarian'] },
  { category: 'Soft drinks', name: 'Water 500 ml', priceCents: 50, taxRateBp: DRINK, barcode: '5201234000017' },
  { category: 'Soft drinks', name: 'Sparkling water', priceCents: 150, taxRateBp: DRINK, barcode: '5201234000024' },
  { category: 'Soft drinks', name: 'Cola 330 ml', priceCents: 200, taxRateBp: DRINK, barcode: '5201234000031' },
  { category: 'Soft drinks', name: 'Orange soda', priceCents: 200, taxRateBp: DRINK, barcode: '5201234000048' },
  { category: 'Soft drinks', name: 'Iced tea peach', priceCents: 220, taxRateBp: DRINK, barcode: '5201234000055' },
];

/** Deterministic extra items so the benchmark menu has `count` items in total. */
export function benchMenu(count: number): DemoItem[] {
  const items = [...DEMO_MENU];
  const categories = ['Kitchen A', 'Kitchen B', 'Bar', 'Bakery', 'Deli', 'Grocery'];
  for (let i = items.length; i < count; i++) {
    items.push({
      category: categories[i % categories.length]!,
      name: `Item ${String(i).padStart(5, '0')}`,
      priceCents: 100 + ((i * 37) % 1900),
      taxRateBp: i % 3 === 0 ? DRINK : FOOD,
      barcode: `29${String(i).padStart(10, '0')}`,
    });
  }
  return items;
}

/** Drinks are made at the bar, food in the kitchen (each category's station, set in Menu). */
export const DEMO_BAR_CATEGORIES = ['Coffee', 'Tea & chocolate', 'Juices', 'Soft drinks'];

export function isShopEmpty(db: Db): boolean {
  const items = db.prepare('SELECT count(*) AS n FROM items').get() as { n: number };
  return countStaff(db) === 0 && items.n === 0;
}

function isMenuEmpty(db: Db): boolean {
  const row = db.prepare('SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM categories) AS n').get() as { n: number };
  return row.n === 0;
}

/** Imports the demo menu and routes its drinks to the bar (as `byStaffId`, for the audit). */
function loadDemoMenu(ctx: ApiContext, menu: DemoItem[], byStaffId: string): number {
  const categories = [...new Set(menu.map((i) => i.category))];
  const result = importMenu(ctx.db, ctx.clock, {
    format: 'json',
    content: JSON.stringify({ format: 'pospal-menu', version: 1, categories, items: menu }),
  });
  if (!result.applied) throw new PosError('IMPORT_INVALID', 'The demo menu did not import', { errors: result.errors.slice(0, 5) });
  const bar = new Set(DEMO_BAR_CATEGORIES);
  const kitchen = getSettings(ctx.db).kitchen;
  const categoryStations = Object.fromEntries(listCategories(ctx.db).filter((c) => bar.has(c.name)).map((c) => [c.id, 'bar']));
  updateSettings(ctx.db, ctx.clock, byStaffId, { kitchen: { ...kitchen, categoryStations: { ...kitchen.categoryStations, ...categoryStations }, defaultStation: 'kitchen' } });
  return result.created;
}

export const demoCommands = {
  'demo.load': defineCommand({
    input: z.object({ size: z.enum(['cafe', 'bench']).default('cafe'), benchItems: z.number().int().min(100).max(20_000).default(5000) }).strict(),
    permission: null,
    run: async (ctx, input) => {
      if (!isShopEmpty(ctx.db)) throw new PosError('CONFLICT', 'The demo café can only be loaded into an empty shop', { reason: 'SHOP_NOT_EMPTY' });
      const menu = input.size === 'bench' ? benchMenu(input.benchItems) : DEMO_MENU;
      const staff = [];
      let ownerId: string | null = null;
      for (const s of DEMO_STAFF) {
        const created = await createStaff(ctx.db, ctx.clock, { name: s.name, role: s.role, pin: s.pin }, ownerId);
        ownerId ??= created.id;
        staff.push({ id: created.id, name: created.name, role: created.role, pin: s.pin });
      }
      const items = ownerId === null ? 0 : loadDemoMenu(ctx, menu, ownerId);
      markDemoShop(ctx.db, ctx.clock, staff);
      return { items, categories: new Set(menu.map((i) => i.category)).size, staff };
    },
  }),
  /**
   * The demo menu alone, for an owner who created their account first (issue 11, item 13): no
   * staff, no demo marker, and only into a shop whose menu is still empty.
   */
  'demo.loadMenu': defineCommand({
    input: z.object({}).strict(),
    permission: 'settings.write',
    run: (ctx) => {
      if (!isMenuEmpty(ctx.db)) throw new PosError('CONFLICT', 'The demo menu can only be loaded into an empty menu', { reason: 'MENU_NOT_EMPTY' });
      const items = loadDemoMenu(ctx, DEMO_MENU, requireStaff(ctx.staff).id);
      return { items, categories: new Set(DEMO_MENU.map((i) => i.category)).size };
    },
  }),
} satisfies CommandMap;
