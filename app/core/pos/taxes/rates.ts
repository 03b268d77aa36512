/** The shop's tax rates (e.g. Greek VAT 24%, 13%, 6%). Items point at a rate; lines copy its value. */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { PosError } from '../../errors';
import { sql } from '../../db/statements';

export interface TaxRate {
  id: string;
  name: string;
  rateBp: number;
  archived: boolean;
}

interface Row { id: string; name: string; rate_bp: number; archived: number }
const toRate = (r: Row): TaxRate => ({ id: r.id, name: r.name, rateBp: r.rate_bp, archived: r.archived === 1 });

export function listTaxRates(db: Db, includeArchived = false): TaxRate[] {
  const rows = sql(db, `SELECT * FROM tax_rates ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY rate_bp DESC`).all() as Row[];
  return rows.map(toRate);
}

export function getTaxRate(db: Db, id: string): TaxRate {
  const row = sql(db, 'SELECT * FROM tax_rates WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new PosError('TAX_RATE_NOT_FOUND', 'No such tax rate', { id });
  return toRate(row);
}

export function createTaxRate(db: Db, clock: Clock, input: { name: string; rateBp: number }): TaxRate {
  const id = uuidv7(clock);
  sql(db, 'INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES (?, ?, ?, ?)').run(id, input.name, input.rateBp, clock.now());
  return getTaxRate(db, id);
}

/** Changing a rate affects future lines only: existing lines keep the rate they were sold at. */
export function updateTaxRate(db: Db, input: { id: string; name?: string | undefined; rateBp?: number | undefined; archived?: boolean | undefined }): TaxRate {
  const cur = getTaxRate(db, input.id);
  sql(db, 'UPDATE tax_rates SET name = ?, rate_bp = ?, archived = ? WHERE id = ?').run(
    input.name ?? cur.name, input.rateBp ?? cur.rateBp, (input.archived ?? cur.archived) ? 1 : 0, cur.id,
  );
  return getTaxRate(db, cur.id);
}

/** Finds a rate by value or creates it (menu import). */
export function ensureTaxRate(db: Db, clock: Clock, rateBp: number): TaxRate {
  const row = sql(db, 'SELECT * FROM tax_rates WHERE rate_bp = ? AND archived = 0 LIMIT 1').get(rateBp) as Row | undefined;
  return row ? toRate(row) : createTaxRate(db, clock, { name: `${rateBp / 100}%`, rateBp });
}
