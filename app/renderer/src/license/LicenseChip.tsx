/** The header chip: green Licensed, amber Offline — n days left, red Suspended/locked. */
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';

export function chipTone(status: LicenseStatus): 'ok' | 'warn' | 'bad' {
  if (status.state === 'active') return 'ok';
  if (status.state === 'offline_grace' || status.state === 'session_conflict') return 'warn';
  return 'bad';
}

export function LicenseChip({ status, onOpen }: { status: LicenseStatus; onOpen(): void }) {
  const { t } = useTranslation();
  const tone = chipTone(status);
  const file = status.offlineFile;
  const label = status.state === 'offline_grace'
    ? t('license.chip.offline', { count: Math.max(0, status.daysLeft ?? 0) })
    : file && status.state === 'active' ? t('license.chip.file') : t(`license.chip.${status.state}`);
  return (
    <button type="button" className={`chip chip-${tone}`} onClick={onOpen} data-testid="license-chip" data-state={status.state} title={file ? file.customer : undefined}>
      <span className="chip-dot" aria-hidden="true" />
      {label}
    </button>
  );
}
