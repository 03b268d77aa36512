import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { requireStaff } from '../staff/permissions';
import { settingsPatchSchema } from './settings-schema';
import { readSettings, updateSettings } from './settings-store';

export const settingsCommands = {
  /** Every signed-in role reads settings (currency, language, tax mode drive the order screen). */
  'settings.get': defineCommand({
    input: z.object({}),
    permission: 'order.sell',
    run: (ctx) => readSettings(ctx.db),
  }),
  'settings.update': defineCommand({
    input: settingsPatchSchema,
    permission: 'settings.write',
    run: (ctx, input) => updateSettings(ctx.db, ctx.clock, requireStaff(ctx.staff).id, input),
  }),
};
