/** Full screen over the order screen when another computer took the license over. */
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/types';
import type { Formatters } from '../format';

export function TakenOverLock({ status, fmt, busy, onTakeBack, onOpenReports }: {
  status: LicenseStatus; fmt: Formatters; busy?: boolean; onTakeBack(): void; onOpenReports(): void;
}) {
  const { t } = useTranslation();
  const holder = status.sessionHolder;
  return (
    <div className="lock-screen" role="alertdialog" aria-modal="true" data-testid="taken-over-lock">
      <div className="lock-card">
        <h1>{!holder?.name
          ? t('license.takenOver.titleUnknown')
          : holder.lastHeartbeatAt
            ? t('license.takenOver.title', { name: holder.name, since: fmt.time(holder.lastHeartbeatAt) })
            : t('license.takenOver.titleNoSince', { name: holder.name })}</h1>
        <p className="muted">{t('license.takenOver.explain')}</p>
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-lg" onClick={onTakeBack} disabled={busy} data-testid="take-back">{t('license.takenOver.takeBack')}</button>
          <button type="button" className="btn btn-lg" onClick={onOpenReports} data-testid="open-reports">{t('license.takenOver.openReports')}</button>
        </div>
      </div>
    </div>
  );
}
