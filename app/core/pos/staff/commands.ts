import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { requireStaff, ROLES } from './permissions';
import { listAudit } from './audit';
import { demoPins, isDemoShop } from './demo-pins';
import { languageSchema, setShopLanguage, setStaffLanguage, staffLanguage } from './language';
import { pinSchema } from './pin';
import { bootstrapOwner, countStaff, createStaff, listStaff, login, setPin, updateStaff } from './staff';
import type { PinVerifier } from './staff';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(80);

/**
 * PIN sign-in. `deviceKey` is set by the transport (app/server) from the authenticated device,
 * never taken from a client: the per-device limit and the one-check-in-flight rule key on it.
 * `verify` is injectable so a test can observe the real checks.
 */
export function staffLoginCommand(verify?: PinVerifier) {
  return defineCommand({
    input: z.object({ staffId: id, pin: z.string().max(12), deviceKey: z.string().min(1).max(200).optional() }),
    permission: null,
    run: (ctx, input) => login(ctx.db, ctx.clock, input, verify),
  });
}

export const staffCommands = {
  /**
   * Login screen: who can log in here (no secrets: `demoPin` exists only on the demo café, whose
   * PINs are printed in its README and welcome screen anyway).
   */
  'staff.listForLogin': defineCommand({
    input: z.object({}),
    permission: null,
    run: (ctx) => {
      const pins = demoPins(ctx.db);
      return {
        needsOwner: countStaff(ctx.db) === 0,
        demo: isDemoShop(ctx.db),
        staff: listStaff(ctx.db).map(({ id: i, name: n, role }) => ({ id: i, name: n, role, ...(pins[i] ? { demoPin: pins[i] } : {}) })),
      };
    },
  }),
  /** The first owner; `language` (asked at setup) becomes the shop's language and its locale. */
  'staff.bootstrapOwner': defineCommand({
    input: z.object({ name, pin: pinSchema, language: languageSchema.optional() }),
    permission: null,
    run: async (ctx, { language, ...input }) => {
      const owner = await bootstrapOwner(ctx.db, ctx.clock, input);
      if (language) setShopLanguage(ctx.db, ctx.clock, owner.id, language);
      return owner;
    },
  }),
  /** The caller's own screen language (null = the shop's); every signed-in role, for themselves. */
  'staff.myLanguage': defineCommand({
    input: z.object({}),
    permission: 'order.sell',
    run: (ctx) => ({ language: staffLanguage(ctx.db, requireStaff(ctx.staff).id) }),
  }),
  'staff.setMyLanguage': defineCommand({
    input: z.object({ language: languageSchema.nullable() }).strict(),
    permission: 'order.sell',
    run: (ctx, input) => setStaffLanguage(ctx.db, ctx.clock, requireStaff(ctx.staff).id, input.language),
  }),
  'staff.login': staffLoginCommand(),
  'staff.list': defineCommand({
    input: z.object({ includeInactive: z.boolean().default(false) }),
    permission: 'staff.manage',
    run: (ctx, input) => listStaff(ctx.db, input.includeInactive),
  }),
  'staff.create': defineCommand({
    input: z.object({ name, role: z.enum(ROLES), pin: pinSchema }),
    permission: 'staff.manage',
    run: (ctx, input) => createStaff(ctx.db, ctx.clock, input, requireStaff(ctx.staff).id),
  }),
  'staff.update': defineCommand({
    input: z.object({ id, name: name.optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional() }),
    permission: 'staff.manage',
    run: (ctx, input) => updateStaff(ctx.db, ctx.clock, input, requireStaff(ctx.staff).id),
  }),
  'staff.setPin': defineCommand({
    input: z.object({ id, pin: pinSchema }),
    permission: 'staff.manage',
    run: async (ctx, input) => { await setPin(ctx.db, ctx.clock, input, requireStaff(ctx.staff).id); return { ok: true }; },
  }),
  'audit.list': defineCommand({
    input: z.object({ from: z.number().int().optional(), to: z.number().int().optional(), action: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    permission: 'audit.read',
    run: (ctx, input) => listAudit(ctx.db, input),
  }),
};
