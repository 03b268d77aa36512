import { z } from 'zod';
import { centsSchema, signedCentsSchema } from '../../money';

export const idSchema = z.string().min(1).max(64);
const tag = z.string().trim().min(1).max(40);

export const optionInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  priceDeltaCents: signedCentsSchema.default(0),
  /** Preselected on the till (issue 11 item 8). */
  isDefault: z.boolean().optional(),
});

export const optionGroupInputSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    minChoices: z.number().int().min(0).max(20).default(0),
    maxChoices: z.number().int().min(1).max(20).default(1),
    options: z.array(optionInputSchema).min(1).max(40),
  })
  .refine((g) => g.maxChoices >= g.minChoices, { message: 'maxChoices must be ≥ minChoices', path: ['maxChoices'] })
  .refine((g) => g.minChoices <= g.options.length, { message: 'minChoices exceeds the number of options', path: ['minChoices'] })
  .refine((g) => g.options.filter((o) => o.isDefault).length <= g.maxChoices, { message: 'more defaults than maxChoices', path: ['options'] });

/**
 * Where an item's tickets go, overriding its category: a station name ('kitchen', 'bar'…),
 * 'none' (never sent: sold at the till), or null (as the category says). No default: a patch
 * without it must leave the item's routing alone.
 */
export const itemStationSchema = z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

/** Each field as given, without defaults: a patch must not fill in what it did not name. */
const itemShape = {
  categoryId: idSchema,
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500),
  priceCents: centsSchema,
  taxRateId: idSchema,
  barcode: z.string().trim().regex(/^[0-9A-Za-z-]{1,48}$/).nullable(),
  allergens: z.array(tag).max(20),
  dietaryTags: z.array(tag).max(20),
  notePresets: z.array(z.string().trim().min(1).max(60)).max(20),
  imagePath: z.string().max(500).nullable(),
  available: z.boolean(),
  optionGroups: z.array(optionGroupInputSchema).max(10),
  station: itemStationSchema.nullable(),
};

export const itemFieldsSchema = z.object({
  ...itemShape,
  description: itemShape.description.default(''),
  barcode: itemShape.barcode.default(null),
  allergens: itemShape.allergens.default([]),
  dietaryTags: itemShape.dietaryTags.default([]),
  notePresets: itemShape.notePresets.default([]),
  imagePath: itemShape.imagePath.default(null),
  available: itemShape.available.default(true),
  optionGroups: itemShape.optionGroups.default([]),
  station: itemShape.station.optional(),
});
export type ItemFields = z.infer<typeof itemFieldsSchema>;

// Built from the default-free shape: zod fills defaults even inside .partial(), so a patch of
// { id, available } would otherwise wipe the barcode, allergens and option groups.
export const itemPatchSchema = z.object(itemShape).partial().extend({ id: idSchema });
export type ItemPatch = z.infer<typeof itemPatchSchema>;
