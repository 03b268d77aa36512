/**
 * The business name typed at checkout becomes the shop's (issue 11, item 15), so the receipts
 * and the business settings do not start as "My café". Only while the owner has not set the
 * business section yet: a name the owner chose is never overwritten by a later checkout.
 */
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { writeAudit } from '../staff/audit';
import { DEFAULT_SETTINGS, settingsSchema } from './settings-schema';

export function prefillBusinessName(db: Db, clock: Clock, businessName: string): boolean {
  const parsed = settingsSchema.shape.business.shape.name.min(1).safeParse(businessName);
  if (!parsed.success) return false;
  return db.transaction(() => {
    const stored = db.prepare("SELECT 1 FROM settings WHERE key = 'business'").get();
    if (stored) return false;
    const business = { ...DEFAULT_SETTINGS.business, name: parsed.data };
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('business', ?, ?)").run(JSON.stringify(business), clock.now());
    writeAudit(db, clock, { staffId: null, action: 'settings.write', entity: 'settings', details: { keys: ['business'], from: 'checkout' } });
    return true;
  })();
}
