/**
 * One language at a time on a screen (issue 11, item 15). The shop's language (settings) is the
 * owner's and drives receipts, CSV and reports; each staff member may pick their own for the
 * screens. That is a personal display choice: any signed-in person sets it for themselves,
 * without the owner's permission, and it changes nothing anyone else sees or prints.
 */
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { PosError } from '../../errors';
import { getSettings, updateSettings } from '../settings/settings-store';
import { writeAudit } from './audit';

export const LANGUAGES = ['en', 'el'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

/** The number and date format that goes with a language when the shop's own locale is another's. */
export const LOCALE_OF_LANGUAGE: Readonly<Record<Language, string>> = { el: 'el-GR', en: 'en-IE' };

export function staffLanguage(db: Db, staffId: string): Language | null {
  const row = db.prepare('SELECT language FROM staff WHERE id = ?').get(staffId) as { language: Language | null } | undefined;
  if (!row) throw new PosError('NOT_FOUND', 'No such staff member', { entity: 'staff', id: staffId });
  return row.language;
}

/** Sets (or with null, clears) the caller's own screen language. */
export function setStaffLanguage(db: Db, clock: Clock, staffId: string, language: Language | null): { language: Language | null } {
  db.transaction(() => {
    const r = db.prepare('UPDATE staff SET language = ? WHERE id = ?').run(language, staffId);
    if (r.changes === 0) throw new PosError('NOT_FOUND', 'No such staff member', { entity: 'staff', id: staffId });
    writeAudit(db, clock, { staffId, action: 'staff.setMyLanguage', entity: 'staff', entityId: staffId, details: { language } });
  })();
  return { language };
}

/**
 * The shop's language chosen at setup, with the number/date format that goes with it (a shop
 * whose locale is already that language's keeps it).
 */
export function setShopLanguage(db: Db, clock: Clock, staffId: string, language: Language): void {
  const { locale } = getSettings(db);
  const keepsLocale = locale.toLowerCase().startsWith(language);
  updateSettings(db, clock, staffId, { language, locale: keepsLocale ? locale : LOCALE_OF_LANGUAGE[language] });
}
