/**
 * The shop's fiscal settings (issue 15): the business's VAT number (ΑΦΜ), branch, this
 * installation's series, environment and channel live in `fiscal_settings` (one row). The
 * myDATA credentials never touch the shop database (nor, so, its backups): they live in the
 * SecretStore under `mydataUserId` / `mydataSubscriptionKey`. Production needs an explicit
 * confirmation; the test environment is the default.
 */
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { PosError } from '../errors';
import type { SecretStore } from '../secrets/secret-store';
import { isValidAfm } from '../../shared/afm';

export const FISCAL_DOC_TYPES = ['8.6', '11.1', '11.4'] as const;
export type FiscalDocType = (typeof FISCAL_DOC_TYPES)[number];

export const FISCAL_ENVIRONMENTS = { test: 'https://mydataapidev.aade.gr', production: 'https://mydatapi.aade.gr/myDATA' } as const;
export type FiscalEnvironment = keyof typeof FISCAL_ENVIRONMENTS;

export const FISCAL_CHANNELS = ['mydata-rest'] as const;
export type FiscalChannel = (typeof FISCAL_CHANNELS)[number];

/** Which documents each channel transmits (the Settings screen says so; the accountant decides). */
export const CHANNEL_COVERS: Readonly<Record<FiscalChannel, readonly FiscalDocType[]>> = {
  'mydata-rest': FISCAL_DOC_TYPES,
};

export interface FiscalSettings {
  enabled: boolean;
  afm: string | null;
  branch: number;
  series: string;
  environment: FiscalEnvironment;
  channel: FiscalChannel;
}

export interface FiscalSettingsView extends Omit<FiscalSettings, 'afm'> {
  afm: string;
  hasCredentials: boolean;
  covers: FiscalDocType[];
}

export interface MydataCredentials { userId: string; subscriptionKey: string }

/** A series is printed on paper and sent as AADE's `series` (max 50; kept short and plain). */
const seriesSchema = z.string().trim().regex(/^[A-Za-z0-9Α-Ωα-ω_-]{1,20}$/, 'letters, digits, - and _ (1 to 20)');

export const fiscalSettingsPatchSchema = z.object({
  enabled: z.boolean().optional(),
  afm: z.string().trim().max(20).optional(),
  branch: z.number().int().min(0).max(9999).optional(),
  series: seriesSchema.optional(),
  environment: z.enum(['test', 'production']).optional(),
  confirmProduction: z.literal(true).optional(),
  channel: z.enum(FISCAL_CHANNELS).optional(),
  userId: z.string().trim().min(1).max(100).optional(),
  subscriptionKey: z.string().trim().min(1).max(200).optional(),
}).strict();
export type FiscalSettingsPatch = z.infer<typeof fiscalSettingsPatchSchema>;

interface Row { enabled: number; afm: string | null; branch: number; series: string; environment: FiscalEnvironment; channel: FiscalChannel }

export function readFiscalSettings(db: Db): FiscalSettings {
  const r = sql(db, 'SELECT enabled, afm, branch, series, environment, channel FROM fiscal_settings WHERE id = 1').get() as Row | undefined;
  if (!r) return { enabled: false, afm: null, branch: 0, series: 'A', environment: 'test', channel: 'mydata-rest' };
  return { enabled: r.enabled === 1, afm: r.afm, branch: r.branch, series: r.series, environment: r.environment, channel: r.channel };
}

/** On, with a valid VAT number: documents are issued with the sale. */
export function fiscalActive(db: Db): FiscalSettings & { afm: string } | null {
  const s = readFiscalSettings(db);
  return s.enabled && s.afm !== null && isValidAfm(s.afm) ? { ...s, afm: s.afm } : null;
}

export async function readCredentials(secrets: SecretStore): Promise<MydataCredentials | null> {
  const [userId, subscriptionKey] = await Promise.all([secrets.get('mydataUserId'), secrets.get('mydataSubscriptionKey')]);
  return userId && subscriptionKey ? { userId, subscriptionKey } : null;
}

export async function fiscalSettingsView(db: Db, secrets: SecretStore): Promise<FiscalSettingsView> {
  const s = readFiscalSettings(db);
  return { ...s, afm: s.afm ?? '', hasCredentials: (await readCredentials(secrets)) !== null, covers: [...CHANNEL_COVERS[s.channel]] };
}

/**
 * Applies a patch. The AFM is checked (check digit); production only with confirmProduction;
 * enabling needs a valid AFM and credentials. Credentials go to the SecretStore first, so a
 * failed database write never leaves the shop enabled without them.
 */
export async function updateFiscalSettings(db: Db, secrets: SecretStore, clock: Clock, patch: FiscalSettingsPatch): Promise<FiscalSettingsView> {
  const current = readFiscalSettings(db);
  if (patch.afm !== undefined && patch.afm !== '' && !isValidAfm(patch.afm)) {
    throw new PosError('FISCAL_AFM_INVALID', 'The VAT number (ΑΦΜ) is not valid', { field: 'afm' });
  }
  if (patch.environment === 'production' && current.environment !== 'production' && patch.confirmProduction !== true) {
    throw new PosError('FISCAL_CONFIRM_PRODUCTION', 'Switching to the production myDATA needs confirmProduction: true', { field: 'environment' });
  }
  const next: FiscalSettings = {
    enabled: patch.enabled ?? current.enabled,
    afm: patch.afm === undefined ? current.afm : patch.afm === '' ? null : patch.afm,
    branch: patch.branch ?? current.branch,
    series: patch.series ?? current.series,
    environment: patch.environment ?? current.environment,
    channel: patch.channel ?? current.channel,
  };
  if (patch.userId !== undefined) await secrets.set('mydataUserId', patch.userId);
  if (patch.subscriptionKey !== undefined) await secrets.set('mydataSubscriptionKey', patch.subscriptionKey);
  if (next.enabled) {
    const missing = [
      ...(next.afm === null ? ['afm'] : []),
      ...((await readCredentials(secrets)) === null ? ['userId', 'subscriptionKey'] : []),
    ];
    if (missing.length > 0) throw new PosError('FISCAL_NOT_CONFIGURED', 'myDATA needs the VAT number and the myDATA credentials before it is turned on', { missing });
  }
  sql(db, 'UPDATE fiscal_settings SET enabled = ?, afm = ?, branch = ?, series = ?, environment = ?, channel = ?, updated_at = ? WHERE id = 1').run(
    next.enabled ? 1 : 0, next.afm, next.branch, next.series, next.environment, next.channel, clock.now(),
  );
  return fiscalSettingsView(db, secrets);
}
