import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { OrderView } from '../orders/order-view';
import type { Category, ItemView } from './catalog';
import { parseCsv, writeCsv } from '../../../shared/csv';
import type { ImportResult } from './menu-transfer';
import type { ItemHit } from './search';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

describe('catalog', () => {
  it('creates items with allergens, tags, notes, image and option groups', async () => {
    const item = await shop.ok<ItemView>('catalog.createItem', {
      categoryId: shop.categoryId, name: 'Club sandwich', priceCents: 850, taxRateId: shop.rates.reduced,
      description: 'Triple decker', allergens: ['gluten', 'egg'], dietaryTags: ['contains-meat'], notePresets: ['no mayo'],
      imagePath: 'images/club.jpg',
      optionGroups: [{ name: 'Side', minChoices: 1, maxChoices: 1, options: [{ name: 'Fries' }, { name: 'Salad', priceDeltaCents: 100 }] }],
    }, shop.manager);
    expect(item).toMatchObject({ allergens: ['gluten', 'egg'], dietaryTags: ['contains-meat'], notePresets: ['no mayo'], imagePath: 'images/club.jpg', taxRateBp: 1300, available: true });
    expect(item.optionGroups[0]?.options.map((o) => [o.name, o.priceDeltaCents])).toEqual([['Fries', 0], ['Salad', 100]]);
  });

  it('validates option groups (min ≤ max ≤ options)', async () => {
    const bad = await shop.fail('catalog.createItem', {
      categoryId: shop.categoryId, name: 'X', priceCents: 100, taxRateId: shop.rates.reduced,
      optionGroups: [{ name: 'G', minChoices: 2, maxChoices: 1, options: [{ name: 'a' }] }],
    }, shop.manager);
    expect(bad.code).toBe('VALIDATION_FAILED');
  });

  it('keeps barcodes unique and finds items by barcode', async () => {
    const dup = await shop.fail('catalog.createItem', { categoryId: shop.categoryId, name: 'Dup', priceCents: 1, taxRateId: shop.rates.reduced, barcode: '5200000000011' }, shop.manager);
    expect(dup).toMatchObject({ code: 'BARCODE_TAKEN', details: { itemId: shop.items.coffee } });
    expect((await shop.ok<ItemHit>('catalog.findByBarcode', { barcode: '5200000000028' }, shop.cashier)).id).toBe(shop.items.water);
    expect(await shop.ok('catalog.findByBarcode', { barcode: '000' }, shop.cashier)).toBeNull();
  });

  it('searches by name prefix, every word, ignoring case and FTS syntax', async () => {
    const names = async (text: string) => (await shop.ok<ItemHit[]>('catalog.search', { text }, shop.cashier)).map((h) => h.name);
    expect(await names('fre esp')).toEqual(['Freddo Espresso']);
    expect(await names('PIZ')).toEqual(['Pizza Margherita']);
    expect(await names('"*) OR name:')).toEqual([]);
    await shop.ok('catalog.updateItem', { id: shop.items.toast, name: 'Τοστ ζαμπόν' }, shop.manager);
    expect(await names('τοστ')).toEqual(['Τοστ ζαμπόν']);
    expect(await names('toast')).toEqual([]);
    await shop.ok('catalog.setItemArchived', { id: shop.items.coffee, archived: true }, shop.manager);
    expect(await names('freddo')).toEqual([]);
  });

  it('archives instead of deleting an item that was sold, deletes one that never was', async () => {
    const o = await shop.ok<OrderView>('order.create', {}, shop.cashier);
    await shop.ok('order.addLine', { orderId: o.id, itemId: shop.items.coffee }, shop.cashier);
    expect(await shop.ok('catalog.deleteItem', { id: shop.items.coffee }, shop.manager)).toEqual({ deleted: false, archived: true });
    expect(shop.db.prepare('SELECT archived FROM items WHERE id = ?').get(shop.items.coffee)).toEqual({ archived: 1 });
    expect(await shop.ok('catalog.deleteItem', { id: shop.items.water }, shop.manager)).toEqual({ deleted: true, archived: false });
    expect((await shop.fail('order.addLine', { orderId: o.id, itemId: shop.items.coffee }, shop.cashier)).code).toBe('ITEM_UNAVAILABLE');
  });

  it('reorders categories and items', async () => {
    const drinks = await shop.ok<Category>('catalog.createCategory', { name: 'Drinks' }, shop.manager);
    const cats = await shop.ok<Category[]>('catalog.reorderCategories', { orderedIds: [drinks.id] }, shop.manager);
    expect(cats.map((c) => c.name)).toEqual(['Drinks', 'Cafe']);
    const items = await shop.ok<ItemView[]>('catalog.reorderItems', { categoryId: shop.categoryId, orderedIds: [shop.items.water, shop.items.pizza, shop.items.toast, shop.items.coffee] }, shop.manager);
    expect(items.map((i) => i.name)).toEqual(['Water', 'Pizza Margherita', 'Toast', 'Freddo Espresso']);
  });
});

describe('menu import/export', () => {
  it('round-trips the menu through JSON into an empty category set', async () => {
    const { content } = await shop.ok<{ content: string }>('catalog.export', { format: 'json' }, shop.manager);
    shop.db.prepare('UPDATE items SET price_cents = 1').run();
    const r = await shop.ok<ImportResult>('catalog.import', { format: 'json', content }, shop.manager);
    expect(r).toMatchObject({ created: 0, updated: 4, errors: [], applied: true });
    const pizza = await shop.ok<ItemView>('catalog.getItem', { id: shop.items.pizza }, shop.manager);
    expect(pizza.priceCents).toBe(900);
    expect(pizza.optionGroups).toHaveLength(2);
  });

  it('imports CSV with decimal prices and percent rates, creating categories and rates', async () => {
    const csv = writeCsv([
      ['category', 'name', 'price', 'tax_rate', 'barcode', 'allergens', 'available'],
      ['Bakery', 'Croissant', '2.5', '13', '', 'gluten|milk', 'yes'],
      ['Bakery', 'Bougatsa, cream', '3,80', '6', '5200000000099', '', 'no'],
    ]);
    const r = await shop.ok<ImportResult>('catalog.import', { format: 'csv', content: csv }, shop.manager);
    expect(r).toMatchObject({ created: 2, updated: 0, applied: true });
    const hits = await shop.ok<ItemHit[]>('catalog.search', { text: 'bougatsa' }, shop.cashier);
    expect(hits[0]).toMatchObject({ priceCents: 380, barcode: '5200000000099', available: false });
    expect(shop.db.prepare('SELECT COUNT(*) AS n FROM tax_rates WHERE rate_bp = 600').get()).toEqual({ n: 1 });
    const out = await shop.ok<{ content: string }>('catalog.export', { format: 'csv' }, shop.manager);
    expect(parseCsv(out.content).find((row) => row[1] === 'Croissant')).toEqual(['Bakery', 'Croissant', '2.50', '13', '', '', 'gluten|milk', '', 'yes']);
  });

  it('imports a semicolon CSV as Greek Excel saves it (BOM, CRLF, decimal commas, quoted ";")', async () => {
    const csv = '\uFEFFcategory;name;price;tax_rate;allergens\r\nΚαφέδες;"Φρέντο; διπλό";2,50;24;\r\nΓλυκά;Μπουγάτσα, κρέμα;3,80;13;gluten|milk\r\n';
    const r = await shop.ok<ImportResult>('catalog.import', { format: 'csv', content: csv }, shop.manager);
    expect(r).toMatchObject({ created: 2, errors: [], applied: true });
    const freddo = await shop.ok<ItemHit[]>('catalog.search', { text: 'Φρέντο' }, shop.cashier);
    expect(freddo[0]).toMatchObject({ name: 'Φρέντο; διπλό', priceCents: 250 });
    const bougatsa = await shop.ok<ItemHit[]>('catalog.search', { text: 'Μπουγάτσα' }, shop.cashier);
    expect(bougatsa[0]).toMatchObject({ name: 'Μπουγάτσα, κρέμα', priceCents: 380 });
  });

  it('answers IMPORT_INVALID with the line for a CSV with an unterminated quote or text after a closing quote', async () => {
    const r = await shop.fail('catalog.import', { format: 'csv', content: 'category,name,price,tax_rate\nA,"B,1,24\n' }, shop.manager);
    expect(r).toMatchObject({ code: 'IMPORT_INVALID', details: { line: 2 } });
    const after = await shop.fail('catalog.import', { format: 'csv', content: 'category,name,price,tax_rate\nA,B,1,24\nA,"Pizza "Roma"",9.50,24\n' }, shop.manager);
    expect(after).toMatchObject({ code: 'IMPORT_INVALID', details: { line: 3 } });
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM items WHERE name = 'B'").get()).toEqual({ n: 0 });
  });

  it('reports row errors and writes nothing when any row is bad', async () => {
    const csv = 'category,name,price,tax_rate,barcode\nBakery,Good,1.00,13,\nBakery,,abc,13,\nBakery,Dup,1.00,13,5200000000011\nBakery,Dup2,1.00,13,5200000000011\n';
    const r = await shop.ok<ImportResult>('catalog.import', { format: 'csv', content: csv }, shop.manager);
    expect(r.applied).toBe(false);
    expect(r.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, path: 'price' }),
      expect.objectContaining({ row: 3, path: 'name' }),
      expect.objectContaining({ row: 5, path: 'barcode' }),
    ]));
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM items WHERE name = 'Good'").get()).toEqual({ n: 0 });
    const dry = await shop.ok<ImportResult>('catalog.import', { format: 'csv', content: 'category,name,price,tax_rate\nX,Y,1,24\n', dryRun: true }, shop.manager);
    expect(dry).toMatchObject({ created: 1, applied: false });
    expect(shop.db.prepare("SELECT COUNT(*) AS n FROM items WHERE name = 'Y'").get()).toEqual({ n: 0 });
    expect((await shop.fail('catalog.import', { format: 'json', content: '{"nope":1}' }, shop.manager)).code).toBe('IMPORT_INVALID');
  });

  it('CSV export neutralises spreadsheet formulas and quotes commas', () => {
    expect(writeCsv([['=HYPERLINK("x")', 'a,b', '-3.50']])).toBe(`"'=HYPERLINK(""x"")","a,b",-3.50\r\n`);
    expect(parseCsv('a,"b ""q"", c"\r\nd,e\n')).toEqual([['a', 'b "q", c'], ['d', 'e']]);
  });
});
