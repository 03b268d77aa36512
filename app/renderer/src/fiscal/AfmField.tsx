/** The ΑΦΜ input with its live check: 9 digits, and AADE's check digit (app/shared/afm.ts). */
import { useTranslation } from 'react-i18next';
import { isValidAfm } from '../../../shared/afm';

export type AfmCheck = 'empty' | 'length' | 'checkDigit' | 'valid';

export function checkAfm(value: string): AfmCheck {
  const s = value.trim();
  if (s === '') return 'empty';
  if (!/^\d{9}$/.test(s)) return 'length';
  return isValidAfm(s) ? 'valid' : 'checkDigit';
}

export function AfmField({ value, onChange, disabled }: { value: string; onChange(v: string): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const check = checkAfm(value);
  const bad = check === 'length' || check === 'checkDigit';
  return (
    <label>{t('fiscal.settings.afm')}
      <input value={value} inputMode="numeric" autoComplete="off" maxLength={12} disabled={disabled}
        onChange={(e) => onChange(e.target.value.replace(/\s+/g, ''))} aria-invalid={bad} aria-describedby="fiscal-afm-check" data-testid="fiscal-afm" />
      <span id="fiscal-afm-check" className={bad ? 'form-error' : 'form-info'} role={bad ? 'alert' : undefined} data-testid="fiscal-afm-check" data-check={check}>
        {check === 'empty' ? '' : t(`fiscal.settings.afmCheck.${check}`)}
      </span>
    </label>
  );
}
