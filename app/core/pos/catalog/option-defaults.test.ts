/**
 * Issue 11 item 8 (core side): an option can be its group's default (migration 009), kept
 * through edits and menu export/import; a group cannot have more defaults than it allows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import type { ItemView } from './catalog';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

const sugar = (defaults: string[]) => ({
  name: 'Sugar', minChoices: 1, maxChoices: 1,
  options: ['No sugar', 'Medium', 'Sweet'].map((name) => ({ name, isDefault: defaults.includes(name) })),
});

describe('option defaults', () => {
  it('are stored, read back, and survive an edit of the item', async () => {
    const item = await shop.ok<ItemView>('catalog.createItem', {
      categoryId: shop.categoryId, name: 'Greek coffee', priceCents: 200, taxRateId: shop.rates.reduced, optionGroups: [sugar(['No sugar'])],
    }, shop.owner);
    expect(item.optionGroups[0]?.options.map((o) => [o.name, o.isDefault])).toEqual([['No sugar', true], ['Medium', false], ['Sweet', false]]);
    const renamed = await shop.ok<ItemView>('catalog.updateItem', { id: item.id, name: 'Greek coffee (single)' }, shop.owner);
    expect(renamed.optionGroups[0]?.options.find((o) => o.isDefault)?.name).toBe('No sugar');
    // Items written before 009 (or without the flag) have none.
    const pizza = await shop.ok<ItemView>('catalog.getItem', { id: shop.items.pizza }, shop.owner);
    expect(pizza.optionGroups.flatMap((g) => g.options).some((o) => o.isDefault)).toBe(false);
  });

  it('a single-choice group with two defaults is refused', async () => {
    const err = await shop.fail('catalog.createItem', {
      categoryId: shop.categoryId, name: 'Greek coffee', priceCents: 200, taxRateId: shop.rates.reduced, optionGroups: [sugar(['No sugar', 'Sweet'])],
    }, shop.owner);
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('go out with the menu export and come back with the import', async () => {
    await shop.ok('catalog.createItem', {
      categoryId: shop.categoryId, name: 'Greek coffee', priceCents: 200, taxRateId: shop.rates.reduced, optionGroups: [sugar(['Medium'])],
    }, shop.owner);
    const exported = await shop.ok<{ content: string } | string>('catalog.export', { format: 'json' }, shop.owner);
    const content = typeof exported === 'string' ? exported : exported.content;
    expect(content).toContain('"isDefault": true');
    const other = await createTestShop();
    try {
      const r = await other.ok<{ applied: boolean }>('catalog.import', { format: 'json', content }, other.owner);
      expect(r.applied).toBe(true);
      const items = await other.ok<ItemView[]>('catalog.listItems', {}, other.owner);
      const coffee = items.find((i) => i.name === 'Greek coffee');
      expect(coffee?.optionGroups[0]?.options.find((o) => o.isDefault)?.name).toBe('Medium');
    } finally { other.cleanup(); }
  });
});

describe('a partial item update', () => {
  it('changes only what it names (zod 4 partial() would otherwise apply the create defaults)', async () => {
    await shop.ok('catalog.updateItem', { id: shop.items.pizza, available: false, allergens: ['gluten'] }, shop.owner);
    const after = await shop.ok<ItemView>('catalog.updateItem', { id: shop.items.pizza, name: 'Pizza Margherita (30 cm)' }, shop.owner);
    expect(after).toMatchObject({ name: 'Pizza Margherita (30 cm)', available: false, allergens: ['gluten'] });
    expect(after.optionGroups.map((g) => g.name)).toEqual(['Size', 'Extras']);
  });
});
