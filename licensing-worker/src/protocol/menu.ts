// The QR menu on the wire: what the app publishes (POST /menu/publish), unpublishes, and the
// answers. Money is integer cents; every text is bounded; Greek and English side by side.
import { z } from 'zod';
import { emailSchema as email } from './licensing';

const token = z.string().min(1).max(64);

/** 3–40 of lowercase letters, digits and single inner hyphens. */
export const MENU_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,39}$/;

/** Slugs a shop can't take: they would look like the service's own pages. */
export const RESERVED_MENU_SLUGS: ReadonlySet<string> = new Set([
  'admin', 'api', 'app', 'dev', 'menu', 'menus', 'pospal', 'login', 'logout', 'account', 'billing', 'checkout', 'portal',
  'pricing', 'health', 'status', 'support', 'help', 'www', 'static', 'assets', 'webhooks', 'recover', 'machines', 'validate',
  'license', 'licenses', 'test', 'null', 'undefined', 'official', 'operator', 'root',
]);

export const menuSlugSchema = z
  .string()
  .regex(MENU_SLUG_PATTERN, 'use 3–40 lowercase letters, digits and hyphens (not at the start or end, no double hyphens)')
  .refine((s) => !RESERVED_MENU_SLUGS.has(s), 'this name is reserved; choose another');

/** A text in English and/or Greek: at least one of them. */
export const menuTextSchema = z
  .strictObject({ en: z.string().trim().min(1).max(300).optional(), el: z.string().trim().min(1).max(300).optional() })
  .refine((t) => t.en !== undefined || t.el !== undefined, 'give the English or the Greek text');
export type MenuText = z.infer<typeof menuTextSchema>;

const longTextSchema = z
  .strictObject({ en: z.string().trim().min(1).max(1000).optional(), el: z.string().trim().min(1).max(1000).optional() })
  .refine((t) => t.en !== undefined || t.el !== undefined, 'give the English or the Greek text');

const cents = z.number().int().min(-10_000_000).max(10_000_000);
const tag = z.string().trim().min(1).max(40);

export const publishedOptionSchema = z.strictObject({
  name: menuTextSchema,
  priceDeltaCents: cents,
});

export const publishedOptionGroupSchema = z.strictObject({
  name: menuTextSchema,
  options: z.array(publishedOptionSchema).max(50),
});

export const publishedItemSchema = z.strictObject({
  name: menuTextSchema,
  description: longTextSchema.optional(),
  priceCents: cents.min(0),
  available: z.boolean(),
  allergens: z.array(tag).max(20).default([]),
  dietary: z.array(tag).max(20).default([]),
  optionGroups: z.array(publishedOptionGroupSchema).max(20).default([]),
});
export type PublishedItem = z.infer<typeof publishedItemSchema>;

export const publishedCategorySchema = z.strictObject({
  name: menuTextSchema,
  items: z.array(publishedItemSchema).max(500),
});

export const publishedMenuSchema = z.strictObject({
  shopName: z.string().trim().min(1).max(200),
  /** ISO 4217, e.g. EUR. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** BCP 47 locale for prices and the page's default language, e.g. el-GR. */
  locale: z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/),
  categories: z.array(publishedCategorySchema).min(1).max(100),
});
export type PublishedMenu = z.infer<typeof publishedMenuSchema>;

export const publishMenuRequestSchema = z.strictObject({ email, token, slug: menuSlugSchema, menu: publishedMenuSchema });
export type PublishMenuRequest = z.input<typeof publishMenuRequestSchema>;

export const unpublishMenuRequestSchema = z.strictObject({ email, token });
export type UnpublishMenuRequest = z.infer<typeof unpublishMenuRequestSchema>;

export const publishMenuResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  slug: z.string(),
  url: z.url(),
  itemCount: z.number().int(),
});
export type PublishMenuResponse = z.infer<typeof publishMenuResponseSchema>;

export const unpublishMenuResponseSchema = z.object({ success: z.literal(true), requestId: z.string(), slug: z.string().nullable() });
export type UnpublishMenuResponse = z.infer<typeof unpublishMenuResponseSchema>;
