/**
 * Full screen over the order screen when another computer took the license over. Taking it
 * back is a takeover too: a cashier asks a manager (PIN sheet), like the takeover dialog.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, StaffSession } from '../api/client';
import type { LicenseStatus } from '../api/shapes';
import { ManagerApproval } from '../components/ManagerApproval';
import type { Formatters } from '../format';

export function TakenOverLock({ status, fmt, busy, onTakeBack, onOpenReports, approvalClient }: {
  status: LicenseStatus; fmt: Formatters; busy?: boolean; onTakeBack(approvedBy?: StaffSession): void; onOpenReports(): void;
  /** Set when the signed-in person may not take over themselves (a cashier). */
  approvalClient?: ApiClient | null;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const holder = status.sessionHolder;
  if (asking && approvalClient) {
    return (
      <ManagerApproval client={approvalClient} title={t('license.takeover.approvalTitle')} text={t('license.takeover.approvalText')}
        onClose={() => setAsking(false)} onApproved={(s) => { setAsking(false); onTakeBack(s); }} />
    );
  }
  return (
    <div className="lock-screen" role="alertdialog" aria-modal="true" data-testid="taken-over-lock">
      <div className="lock-card">
        <h1>{!holder?.name
          ? t('license.takenOver.titleUnknown')
          : holder.lastHeartbeatAt
            ? t('license.takenOver.title', { name: holder.name, since: fmt.time(holder.lastHeartbeatAt) })
            : t('license.takenOver.titleNoSince', { name: holder.name })}</h1>
        <p className="muted">{t('license.takenOver.explain')}</p>
        {approvalClient && <p className="muted">{t('license.takeover.needsManager', { name: holder?.name || t('license.takeover.unknownMachine') })}</p>}
        <div className="row-actions">
          {approvalClient
            ? <button type="button" className="btn btn-primary btn-lg" onClick={() => setAsking(true)} disabled={busy} data-testid="take-back-ask-manager">{t('license.takenOver.askManager')}</button>
            : <button type="button" className="btn btn-primary btn-lg" onClick={() => onTakeBack()} disabled={busy} data-testid="take-back">{t('license.takenOver.takeBack')}</button>}
          <button type="button" className="btn btn-lg" onClick={onOpenReports} data-testid="open-reports">{t('license.takenOver.openReports')}</button>
        </div>
      </div>
    </div>
  );
}
