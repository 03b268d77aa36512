/**
 * The three settings the ledger needs (time zone, business day start, tax mode), read from the
 * `settings` table under the keys of the settings module (pos/settings), with its defaults.
 * Read directly so the ledger does not depend on the whole settings schema.
 */
import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { TaxMode } from '../taxes/totals';
import { sql } from '../../db/statements';

export interface ShopRules {
  timeZone: string;
  businessDayStartHour: number;
  taxMode: TaxMode;
}

export const DEFAULT_SHOP_RULES: ShopRules = { timeZone: 'Europe/Athens', businessDayStartHour: 4, taxMode: 'inclusive' };

const schemas = {
  timeZone: z.string().min(1),
  businessDayStartHour: z.number().int().min(0).max(23),
  taxMode: z.enum(['inclusive', 'exclusive']),
};

export function readShopRules(db: Db): ShopRules {
  const rows = sql(db, "SELECT key, value FROM settings WHERE key IN ('timeZone', 'businessDayStartHour', 'taxMode')").all() as { key: keyof ShopRules; value: string }[];
  const rules: ShopRules = { ...DEFAULT_SHOP_RULES };
  for (const r of rows) {
    const parsed = schemas[r.key].safeParse(JSON.parse(r.value));
    if (parsed.success) (rules as unknown as Record<string, unknown>)[r.key] = parsed.data;
  }
  return rules;
}
