/** Backups in the API: always available, whatever the license says (the shop's data is the shop's). */
import { basename, join } from 'node:path';
import { z } from 'zod';
import { defineCommand } from '../api/command';
import { PosError } from '../errors';
import { writeAudit } from '../pos/staff/audit';
import { requireStaff } from '../pos/staff/permissions';
import { readShopRules } from '../pos/orders/shop-rules';
import { BACKUP_RE } from './backup-files';
import { backupsDirOf, listBackupFiles, restoreBackup, runDailyBackup } from './backups';

export const backupCommands = {
  'backup.list': defineCommand({
    input: z.object({}),
    permission: 'backup.manage',
    run: (ctx) => listBackupFiles(ctx.dataDir).map((b) => ({ name: basename(b.file), day: b.day, bytes: b.bytes })),
  }),
  /** Today's backup now (replacing today's file if `force`). */
  'backup.run': defineCommand({
    input: z.object({ force: z.boolean().default(true) }),
    permission: 'backup.manage',
    run: async (ctx, i) => {
      const r = await runDailyBackup(ctx.db, { dataDir: ctx.dataDir, clock: ctx.clock, timeZone: readShopRules(ctx.db).timeZone, force: i.force });
      return { name: basename(r.file), created: r.created, removed: r.removed.map((f) => basename(f)) };
    },
  }),
  /** Restores a backup by its file name in the backups folder (never an arbitrary path from a client). */
  'backup.restore': defineCommand({
    input: z.object({ name: z.string().regex(BACKUP_RE, 'a backup file name like pospal-2026-01-31.sqlite3') }),
    permission: 'backup.manage',
    run: async (ctx, i) => {
      const staff = requireStaff(ctx.staff);
      const backupFile = join(backupsDirOf(ctx.dataDir), i.name);
      const file = ctx.db.name;
      if (!listBackupFiles(ctx.dataDir).some((b) => b.file === backupFile)) throw new PosError('BACKUP_NOT_FOUND', 'No such backup', { name: i.name });
      const r = await restoreBackup({ current: ctx.db, file, backupFile, clock: ctx.clock });
      ctx.replaceDb(r.db);
      // The staff member may not exist in the restored data: record who restored without the FK.
      writeAudit(r.db, ctx.clock, { staffId: null, action: 'backup.restore', entity: 'database', details: { name: i.name, by: staff.id, byName: staff.name, previousCopy: r.previousCopy ? basename(r.previousCopy) : null } });
      return { restoredFrom: i.name, previousCopy: r.previousCopy ? basename(r.previousCopy) : null };
    },
  }),
};
