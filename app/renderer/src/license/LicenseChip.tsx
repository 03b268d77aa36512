/** The header chip: green Licensed, amber Offline — n days left, red Suspended/locked; a trial says its days left. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';

const selling = (status: LicenseStatus) => status.state === 'active' || status.state === 'offline_grace';
export const trialEnded = (status: LicenseStatus) => status.state === 'locked' && status.reason === 'trial_ended';
/** A trial that is running (the chip counts its days) or that has ended (Subscribe is next). */
export const isTrial = (status: LicenseStatus) => (status.trialEndsAt !== null && status.trialEndsAt !== undefined) || trialEnded(status);

export function chipTone(status: LicenseStatus): 'ok' | 'warn' | 'bad' {
  if (status.state === 'active') return status.trialWarning ? 'warn' : 'ok';
  if (status.state === 'offline_grace' || status.state === 'session_conflict') return 'warn';
  return 'bad';
}

export function chipLabel(status: LicenseStatus, t: TFunction): string {
  if (trialEnded(status)) return t('license.chip.trialEnded');
  if (selling(status) && status.trialEndsAt !== null && status.trialEndsAt !== undefined) {
    return t('license.chip.trial', { count: Math.max(0, status.trialDaysLeft ?? 0) });
  }
  if (status.state === 'offline_grace') return t('license.chip.offline', { count: Math.max(0, status.daysLeft ?? 0) });
  if (status.offlineFile && status.state === 'active') return t('license.chip.file');
  return t(`license.chip.${status.state}`, { count: Math.max(0, status.daysLeft ?? 0) });
}

export function LicenseChip({ status, onOpen }: { status: LicenseStatus; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={`chip chip-${chipTone(status)}`} onClick={onOpen} data-testid="license-chip" data-state={status.state}
      title={status.offlineFile ? status.offlineFile.customer : undefined}>
      <span className="chip-dot" aria-hidden="true" />
      {chipLabel(status, t)}
    </button>
  );
}
