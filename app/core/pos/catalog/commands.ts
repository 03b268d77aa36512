import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { basisPointsSchema } from '../../money';
import { createTaxRate, listTaxRates, updateTaxRate } from '../taxes/rates';
import {
  createCategory, createItem, deleteItem, getCategory, getItem, listCategories, listItems, reorderCategories, reorderItems,
  setItemArchived, updateCategory, updateItem,
} from './catalog';
import { exportMenuCsv, exportMenuJson, importMenu } from './menu-transfer';
import { idSchema, itemFieldsSchema, itemPatchSchema } from './schemas';
import { findItemByBarcode, searchItemsByName } from './search';
import { stationSchema } from '../settings/settings-schema';
import { getSettings, updateSettings } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';

const categoryName = z.string().trim().min(1).max(60);

export const catalogCommands = {
  'catalog.listCategories': defineCommand({
    input: z.object({ includeArchived: z.boolean().default(false) }),
    permission: 'order.sell',
    run: (ctx, i) => listCategories(ctx.db, i.includeArchived),
  }),
  'catalog.createCategory': defineCommand({
    input: z.object({ name: categoryName }),
    permission: 'catalog.write',
    run: (ctx, i) => createCategory(ctx.db, ctx.clock, i),
  }),
  'catalog.updateCategory': defineCommand({
    input: z.object({ id: idSchema, name: categoryName.optional(), archived: z.boolean().optional() }),
    permission: 'catalog.write',
    run: (ctx, i) => updateCategory(ctx.db, ctx.clock, i),
  }),
  /**
   * Where a category's items go when sent (issue 11): a station, or null = not sent. Part of the
   * menu, so whoever edits the menu may set it (stored in settings.kitchen.categoryStations).
   */
  'catalog.setCategoryStation': defineCommand({
    input: z.object({ categoryId: idSchema, station: stationSchema.nullable() }),
    permission: 'catalog.write',
    run: (ctx, i) => {
      getCategory(ctx.db, i.categoryId);
      const kitchen = getSettings(ctx.db).kitchen;
      const settings = updateSettings(ctx.db, ctx.clock, requireStaff(ctx.staff).id, { kitchen: { ...kitchen, categoryStations: { ...kitchen.categoryStations, [i.categoryId]: i.station } } });
      return settings.kitchen;
    },
  }),
  'catalog.reorderCategories': defineCommand({
    input: z.object({ orderedIds: z.array(idSchema).max(500) }),
    permission: 'catalog.write',
    run: (ctx, i) => reorderCategories(ctx.db, ctx.clock, i.orderedIds),
  }),
  'catalog.listItems': defineCommand({
    input: z.object({ categoryId: idSchema.optional(), includeArchived: z.boolean().default(false) }),
    permission: 'order.sell',
    run: (ctx, i) => listItems(ctx.db, i),
  }),
  'catalog.getItem': defineCommand({
    input: z.object({ id: idSchema }),
    permission: 'order.sell',
    run: (ctx, i) => getItem(ctx.db, i.id),
  }),
  'catalog.createItem': defineCommand({
    input: itemFieldsSchema,
    permission: 'catalog.write',
    run: (ctx, i) => createItem(ctx.db, ctx.clock, i),
  }),
  'catalog.updateItem': defineCommand({
    input: itemPatchSchema,
    permission: 'catalog.write',
    run: (ctx, i) => updateItem(ctx.db, ctx.clock, i),
  }),
  'catalog.setItemArchived': defineCommand({
    input: z.object({ id: idSchema, archived: z.boolean() }),
    permission: 'catalog.write',
    run: (ctx, i) => setItemArchived(ctx.db, ctx.clock, i.id, i.archived),
  }),
  'catalog.deleteItem': defineCommand({
    input: z.object({ id: idSchema }),
    permission: 'catalog.write',
    run: (ctx, i) => deleteItem(ctx.db, ctx.clock, i.id),
  }),
  'catalog.reorderItems': defineCommand({
    input: z.object({ categoryId: idSchema, orderedIds: z.array(idSchema).max(5000) }),
    permission: 'catalog.write',
    run: (ctx, i) => reorderItems(ctx.db, ctx.clock, i.categoryId, i.orderedIds),
  }),
  'catalog.search': defineCommand({
    input: z.object({ text: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) }),
    permission: 'order.sell',
    run: (ctx, i) => searchItemsByName(ctx.db, i.text, i.limit),
  }),
  'catalog.findByBarcode': defineCommand({
    input: z.object({ barcode: z.string().trim().min(1).max(48) }),
    permission: 'order.sell',
    run: (ctx, i) => findItemByBarcode(ctx.db, i.barcode),
  }),
  'catalog.export': defineCommand({
    input: z.object({ format: z.enum(['json', 'csv']) }),
    permission: 'reports.read',
    run: (ctx, i) => ({ format: i.format, content: i.format === 'json' ? exportMenuJson(ctx.db) : exportMenuCsv(ctx.db) }),
  }),
  'catalog.import': defineCommand({
    input: z.object({ format: z.enum(['json', 'csv']), content: z.string().max(20_000_000), dryRun: z.boolean().default(false) }),
    permission: 'catalog.write',
    run: (ctx, i) => importMenu(ctx.db, ctx.clock, i),
  }),
  'tax.listRates': defineCommand({
    input: z.object({ includeArchived: z.boolean().default(false) }),
    permission: 'order.sell',
    run: (ctx, i) => listTaxRates(ctx.db, i.includeArchived),
  }),
  'tax.createRate': defineCommand({
    input: z.object({ name: z.string().trim().min(1).max(40), rateBp: basisPointsSchema }),
    permission: 'settings.write',
    run: (ctx, i) => createTaxRate(ctx.db, ctx.clock, i),
  }),
  'tax.updateRate': defineCommand({
    input: z.object({ id: idSchema, name: z.string().trim().min(1).max(40).optional(), rateBp: basisPointsSchema.optional(), archived: z.boolean().optional() }),
    permission: 'settings.write',
    run: (ctx, i) => updateTaxRate(ctx.db, i),
  }),
};
