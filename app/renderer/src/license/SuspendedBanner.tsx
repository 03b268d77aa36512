/**
 * Payment failed / cancelled / locked: selling is off, the reason is said plainly, data stays
 * open. "Update payment" opens the billing portal, which is the owner's: others are told to
 * ask the owner.
 */
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';

export function SuspendedBanner({ status, onPortal, onCheckAgain, busy, canManageBilling = true }: {
  status: LicenseStatus; onPortal(): void; onCheckAgain(): void; busy?: boolean;
  /** The signed-in person is the owner (the billing portal is theirs). */
  canManageBilling?: boolean;
}) {
  const { t } = useTranslation();
  let text: string | null = null;
  if (status.state === 'suspended') text = t('license.suspended.text');
  else if (status.state === 'cancelled') text = t('license.cancelled.text');
  // The trial's end has its own banner with Subscribe (TrialBanner).
  else if (status.state === 'locked' && status.reason !== 'taken_over' && status.reason !== 'trial_ended') {
    text = t(`license.locked.${status.reason ?? 'other'}`, { defaultValue: t('license.locked.other') });
  }
  if (!text) return null;
  const billing = status.state === 'suspended' || status.state === 'cancelled';
  return (
    <div className="banner banner-bad" role="alert" data-testid="suspended-banner">
      <span>{text}{billing && !canManageBilling && <> <span data-testid="ask-owner-payment">{t('license.suspended.askOwner')}</span></>}</span>
      <span className="banner-actions">
        {billing && canManageBilling && (
          <button type="button" className="btn btn-light" onClick={onPortal} disabled={busy} data-testid="update-payment">{t('license.suspended.updatePayment')}</button>
        )}
        <button type="button" className="btn btn-ghost-light" onClick={onCheckAgain} disabled={busy} data-testid="check-again">{t('license.suspended.checkAgain')}</button>
      </span>
    </div>
  );
}
