/**
 * A partial item update changes only the fields it names: the Menu screen's "Available" box and
 * a station change send { id, available } / { id, station }, and must not wipe the barcode, the
 * option groups or the allergens (zod fills defaults into a .partial() of a schema with defaults).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import type { ItemView } from './catalog';

let shop: TestShop;
beforeEach(async () => { shop = await createTestShop(); });
afterEach(() => shop.cleanup());

describe('item patches', () => {
  it('availability or station alone keeps barcode, options, allergens and description', async () => {
    const pizza = await shop.ok<ItemView>('catalog.updateItem', { id: shop.items.pizza, barcode: '5200000000035', allergens: ['gluten'], description: 'Tomato, mozzarella' }, shop.owner);
    expect(pizza.optionGroups).toHaveLength(2);
    const off = await shop.ok<ItemView>('catalog.updateItem', { id: shop.items.pizza, available: false }, shop.owner);
    const routed = await shop.ok<ItemView>('catalog.updateItem', { id: shop.items.pizza, station: 'bar' }, shop.owner);
    for (const after of [off, routed]) {
      expect(after).toMatchObject({ barcode: '5200000000035', allergens: ['gluten'], description: 'Tomato, mozzarella' });
      expect(after.optionGroups.map((g) => g.name)).toEqual(['Size', 'Extras']);
    }
    expect(routed).toMatchObject({ available: false, station: 'bar' });
  });
});
