/** Kitchen, bar (or another printer's station), or not sent; for an item also "as its category". */
import { useTranslation } from 'react-i18next';
import { NOT_SENT } from './stations';

const INHERIT = '';

export function StationSelect({ value, choices, inherit, onChange, testId, label }: {
  /** A station, NOT_SENT, or (items only) null = as the category. */
  value: string | null;
  choices: string[];
  /** For an item: the label of "as its category (Bar)". */
  inherit?: string;
  onChange(value: string | null): void;
  testId: string;
  label: string;
}) {
  const { t } = useTranslation();
  const name = (s: string) => (s === 'kitchen' ? t('kitchen.stationKitchen') : s === 'bar' ? t('kitchen.stationBar') : s);
  return (
    <select value={value ?? INHERIT} onChange={(e) => onChange(e.target.value === INHERIT ? null : e.target.value)} data-testid={testId} aria-label={label}>
      {inherit !== undefined && <option value={INHERIT}>{inherit}</option>}
      {choices.map((s) => <option key={s} value={s}>{name(s)}</option>)}
      <option value={NOT_SENT}>{t('kitchen.stationNone')}</option>
    </select>
  );
}

export function useStationName(): (station: string | null) => string {
  const { t } = useTranslation();
  return (s) => (s === null || s === NOT_SENT ? t('kitchen.stationNone') : s === 'kitchen' ? t('kitchen.stationKitchen') : s === 'bar' ? t('kitchen.stationBar') : s);
}
