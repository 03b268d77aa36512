/**
 * The fiscal commands (issue 15): settings (owner), the documents list, resend and export
 * (owner or manager), the banner's status (anyone signed in). Built with the SecretStore the
 * composition root holds, like the license commands.
 */
import { z } from 'zod';
import { defineCommand } from '../api/command';
import { sql } from '../db/statements';
import { PosError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { DOCUMENT_STATES, fiscalStatus, getFiscalDocument, listFiscalDocuments } from './documents-view';
import { exportMonth } from './export';
import { kickFiscalOutbox } from './service';
import { fiscalActive, fiscalSettingsPatchSchema, fiscalSettingsView, updateFiscalSettings } from './settings';
import { refreshIdentity } from './ledger';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export interface FiscalCommandDeps { secrets: SecretStore }

export function fiscalCommands(deps: FiscalCommandDeps) {
  return {
    'fiscal.settings.get': defineCommand({
      input: z.object({}).strict(),
      permission: 'settings.write',
      run: (ctx) => fiscalSettingsView(ctx.db, deps.secrets),
    }),
    'fiscal.settings.set': defineCommand({
      input: fiscalSettingsPatchSchema,
      permission: 'settings.write',
      run: async (ctx, i) => {
        const view = await updateFiscalSettings(ctx.db, deps.secrets, ctx.clock, i);
        kickFiscalOutbox();
        return view;
      },
    }),
    'fiscal.documents.list': defineCommand({
      input: z.object({ orderId: z.string().min(1).max(64).optional(), month: month.optional(), state: z.enum(DOCUMENT_STATES).optional() }).strict(),
      permission: 'reports.read',
      run: (ctx, i) => listFiscalDocuments(ctx.db, i),
    }),
    /**
     * Sends a document again now: a rejected one under the SAME number (it was never
     * registered), rebuilt with the settings as corrected since; a waiting one skips its backoff.
     */
    'fiscal.documents.resend': defineCommand({
      input: z.object({ id: z.string().min(1).max(64) }).strict(),
      permission: 'reports.read',
      run: (ctx, i) => {
        const doc = getFiscalDocument(ctx.db, i.id);
        const settings = fiscalActive(ctx.db);
        if (!settings) throw new PosError('FISCAL_NOT_CONFIGURED', 'myDATA is off or has no valid VAT number');
        ctx.db.transaction(() => {
          if (doc.state === 'rejected') {
            refreshIdentity(ctx.db, doc.id, settings);
            sql(ctx.db, "UPDATE fiscal_documents SET state = 'queued', error_code = NULL, error_message = NULL, attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ?")
              .run(ctx.clock.now(), ctx.clock.now(), doc.id);
          } else if (doc.state === 'queued' || doc.state === 'cancel_queued') {
            sql(ctx.db, 'UPDATE fiscal_documents SET next_attempt_at = ?, updated_at = ? WHERE id = ?').run(ctx.clock.now(), ctx.clock.now(), doc.id);
          }
        }).immediate();
        kickFiscalOutbox();
        return getFiscalDocument(ctx.db, doc.id);
      },
    }),
    'fiscal.status': defineCommand({
      input: z.object({}).strict(),
      permission: 'order.sell',
      run: (ctx) => fiscalStatus(ctx.db, ctx.clock),
    }),
    'fiscal.export': defineCommand({
      input: z.object({ month, format: z.enum(['xml', 'csv']) }).strict(),
      permission: 'reports.read',
      run: (ctx, i) => exportMonth(ctx.db, i.month, i.format),
    }),
  };
}
