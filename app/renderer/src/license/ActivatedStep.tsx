/**
 * The moment activation succeeds (issue 11, item 17): a clear "This computer is activated" with
 * whose subscription it is and which computer, before the owner setup or the PIN screen. No
 * price here (live pricing is shown before paying, elsewhere).
 */
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';

export function ActivatedStep({ status, onContinue }: { status: LicenseStatus; onContinue(): void }) {
  const { t } = useTranslation();
  return (
    <main className="welcome" data-testid="activated-step">
      <div className="welcome-card form" role="status">
        <p className="activated-mark" aria-hidden="true" style={{ fontSize: 48, lineHeight: 1, margin: 0, color: 'var(--ok)' }}>✓</p>
        <h1>{t('activation.activatedTitle')}</h1>
        {status.customerEmail && <p>{t('activation.activatedFor', { email: status.customerEmail })}</p>}
        {status.machine?.name && <p className="muted">{t('activation.activatedMachine', { name: status.machine.name })}</p>}
        <p className="muted">{t('activation.activatedNext')}</p>
        <button type="button" className="btn btn-primary btn-lg" onClick={onContinue} data-autofocus data-testid="activated-continue">{t('activation.activatedContinue')}</button>
      </div>
    </main>
  );
}
