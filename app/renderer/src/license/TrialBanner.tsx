/**
 * The free trial's banner: amber from 3 days before the end ("ends in N days … Subscribe"), red
 * once it has ended (selling locked, reports and exports open, Subscribe). Subscribe opens the
 * subscription page, whose checkout converts this computer's trial (nothing else changes).
 */
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';
import type { Formatters } from '../format';
import { trialEnded } from './LicenseChip';

export function TrialBanner({ status, fmt, onSubscribe }: { status: LicenseStatus; fmt: Formatters; onSubscribe(): void }) {
  const { t } = useTranslation();
  const ended = trialEnded(status);
  if (!ended && !status.trialWarning) return null;
  const text = ended
    ? t('license.locked.trial_ended')
    : t('license.trial.warning', { count: Math.max(0, status.trialDaysLeft ?? 0), date: status.trialEndsAt ? fmt.date(status.trialEndsAt) : '—' });
  return (
    <div className={`banner ${ended ? 'banner-bad' : 'banner-warn'}`} role={ended ? 'alert' : 'status'} data-testid="trial-banner" data-ended={ended}>
      <span>{text}</span>
      <span className="banner-actions">
        <button type="button" className={ended ? 'btn btn-light' : 'btn btn-primary'} onClick={onSubscribe} data-testid="trial-subscribe">{t('license.trial.subscribe')}</button>
      </span>
    </div>
  );
}
