/**
 * The QR menu and the plan's price as API commands. Publishing, unpublishing and the QR code
 * are the owner's (`license.manage`: they act for the subscription with its unlock token, read
 * from the secret store through the license cache). The price is public (the buy form shows it
 * before there is any account).
 */
import { z } from 'zod';
import { menuSlugSchema, type PlanPrice } from 'licensing-worker/protocol';
import { defineCommand, type CommandMap } from '../../api/command';
import { workerFailureError } from '../../license/billing-client';
import type { LicenseCache } from '../../license/cache';
import type { LicenseClient, WorkerResult } from '../../license/client';
import { PosError, type PosErrorCode } from '../../errors';
import { kickPrintQueue } from '../../print/print-service';
import { getSettings, updateSettings } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';
import { writeAudit } from '../staff/audit';
import { printMenuQr, readPublication, requirePublication, savePublication } from './publication';
import { menuQr } from './qr';
import { buildPublishedMenu } from './snapshot';

export interface MenuPublishDeps {
  cache: Pick<LicenseCache, 'read'>;
  /** The one licensing-worker client (its retry policy, its failure type). */
  worker: Pick<LicenseClient, 'publishMenu' | 'unpublishMenu' | 'pricing'>;
}

/** Worker codes (SLUG_TAKEN, SUBSCRIPTION_INACTIVE…) pass through for the UI to translate; unreachable is OFFLINE. */
function unwrap<T>(r: WorkerResult<T>): T {
  if (r.ok) return r.data;
  throw workerFailureError(r.failure);
}

async function credentials(deps: MenuPublishDeps): Promise<{ email: string; token: string }> {
  const cached = await deps.cache.read();
  if (!cached) throw new PosError('NOT_ACTIVATED' as PosErrorCode, 'Activate POSPal on this computer first');
  if (cached.token === null) throw new PosError('TOKEN_NEEDED' as PosErrorCode, 'Enter your unlock token: this computer could not read the saved one');
  return { email: cached.email, token: cached.token };
}

export function menuPublishCommands(deps: MenuPublishDeps) {
  return {
    'menu.publication': defineCommand({
      input: z.object({}).strict(),
      permission: 'license.manage',
      run: (ctx) => {
        const publication = readPublication(ctx.db);
        const template = getSettings(ctx.db).receipt.qrUrlTemplate;
        return { publication, onReceipts: publication !== null && template === publication.url };
      },
    }),
    'menu.publish': defineCommand({
      input: z.object({ slug: menuSlugSchema }).strict(),
      permission: 'license.manage',
      run: async (ctx, input) => {
        const menu = buildPublishedMenu(ctx.db);
        if (menu.categories.length === 0) throw new PosError('MENU_EMPTY', 'Add at least one available item before publishing the menu');
        const published = unwrap(await deps.worker.publishMenu({ ...(await credentials(deps)), slug: input.slug, menu }));
        const publication = { slug: published.slug, url: published.url, publishedAt: ctx.clock.now() };
        savePublication(ctx.db, ctx.clock, publication);
        writeAudit(ctx.db, ctx.clock, { staffId: requireStaff(ctx.staff).id, action: 'menu.publish', entity: 'menu', entityId: published.slug, details: { itemCount: published.itemCount } });
        return { ...publication, itemCount: published.itemCount };
      },
    }),
    'menu.unpublish': defineCommand({
      input: z.object({}).strict(),
      permission: 'license.manage',
      run: async (ctx) => {
        const current = requirePublication(ctx.db);
        unwrap(await deps.worker.unpublishMenu(await credentials(deps)));
        savePublication(ctx.db, ctx.clock, { ...current, publishedAt: null });
        writeAudit(ctx.db, ctx.clock, { staffId: requireStaff(ctx.staff).id, action: 'menu.unpublish', entity: 'menu', entityId: current.slug });
        return { ...current, publishedAt: null };
      },
    }),
    // The code for the screen and the downloads (SVG, PNG).
    'menu.qr': defineCommand({
      input: z.object({}).strict(),
      permission: 'license.manage',
      run: async (ctx) => menuQr(requirePublication(ctx.db).url),
    }),
    'menu.printQr': defineCommand({
      input: z.object({}).strict(),
      permission: 'license.manage',
      run: (ctx) => {
        const job = printMenuQr(ctx.db, ctx.clock, getSettings(ctx.db), requirePublication(ctx.db).url);
        kickPrintQueue();
        return job;
      },
    }),
    // Receipts carry the menu's QR (the receipt's existing QR line) or not.
    'menu.receiptQr': defineCommand({
      input: z.object({ enabled: z.boolean() }).strict(),
      permission: 'license.manage',
      run: (ctx, input) => {
        const settings = getSettings(ctx.db);
        const url = input.enabled ? requirePublication(ctx.db).url : null;
        updateSettings(ctx.db, ctx.clock, requireStaff(ctx.staff).id, { receipt: { ...settings.receipt, qrUrlTemplate: url } });
        return { onReceipts: input.enabled };
      },
    }),
    'billing.pricing': defineCommand({
      input: z.object({}).loose(),
      permission: null,
      run: async (): Promise<PlanPrice> => unwrap(await deps.worker.pricing()).plan,
    }),
  } satisfies CommandMap;
}
