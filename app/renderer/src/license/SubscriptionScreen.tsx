/**
 * Subscription page: status, plan, period end, this device, "check now" for everyone; for the
 * owner only (core refuses the rest) "manage billing" (portal), "recover my token",
 * "deactivate this device", and the other computers on the subscription (SubscriptionMachines).
 * Others read why: "ask the owner to sign in".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { licenseAction } from '../api/license';
import { openInBrowser } from './ActivationScreen';
import { chipLabel, chipTone, isTrial } from './LicenseChip';
import { SubscribeTrial } from './SubscribeTrial';
import { canManageLicense } from './roles';
import { PlanPrice } from './PlanPrice';
import { SubscriptionMachines } from './SubscriptionMachines';
import { HardwareIdPanel, LicenseFileButton, offlineFileSentence } from './OfflineLicense';

/** File mode: the file's summary, the Hardware ID, replace or remove the file (the owner's). */
function OfflineFileScreen() {
  const { t } = useTranslation();
  const { client, fmt, license, refreshLicense, showError, staff } = usePos();
  const owner = canManageLicense(staff?.role);
  const [confirmRemove, setConfirmRemove] = useState(false);
  return (
    <section className="panel" data-testid="subscription-screen">
      <h1>{t('subscription.title')} <span className={`chip chip-${chipTone(license)}`}>{t(`license.chip.${license.state}`)}</span></h1>
      <p className="offline-file-summary" data-testid="offline-file-summary">{offlineFileSentence(t, fmt, license)}</p>
      <dl className="kv">
        <div><dt>{t('subscription.thisDevice')}</dt><dd>{license.machine ? `${license.machine.name} · ${license.machine.platform}` : '—'}</dd></div>
        <div><dt>{t('offlineFile.fileId')}</dt><dd>{license.offlineFile?.fileId}</dd></div>
      </dl>
      <p className="muted">{t('offlineFile.noNetwork')}</p>
      {owner ? <HardwareIdPanel client={client} /> : <p className="muted" data-testid="subscription-owner-only">{t('subscription.ownerOnly')}</p>}
      <div className="row-actions wrap">
        <button type="button" className="btn" data-testid="check-now" onClick={() => {
          void licenseAction(client, 'license.check', {}, () => undefined).catch(showError).finally(() => refreshLicense());
        }}>{t('license.suspended.checkAgain')}</button>
      </div>
      {owner && (
        <div className="row-actions wrap">
          <LicenseFileButton client={client} onStatus={() => refreshLicense()} />
          {!confirmRemove && <button type="button" className="btn btn-danger" onClick={() => setConfirmRemove(true)} data-testid="remove-license-file">{t('offlineFile.remove')}</button>}
          {confirmRemove && (
            <span className="confirm">
              {t('offlineFile.removeConfirm')}
              <button type="button" className="btn btn-danger" data-testid="remove-license-file-confirm" onClick={() => {
                void client.call('license.removeFile', {}).catch(showError).finally(() => { setConfirmRemove(false); refreshLicense(); });
              }}>{t('common.yes')}</button>
              <button type="button" className="btn" onClick={() => setConfirmRemove(false)}>{t('common.no')}</button>
            </span>
          )}
        </div>
      )}
    </section>
  );
}

export function SubscriptionScreen() {
  const { license } = usePos();
  return license.offlineFile ? <OfflineFileScreen /> : <OnlineSubscriptionScreen />;
}

function OnlineSubscriptionScreen() {
  const { t } = useTranslation();
  const { client, fmt, license, refreshLicense, toast, showError, staff } = usePos();
  const [busy, setBusy] = useState(false);
  const [confirmDeactivate, setConfirmDeactivate] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try { await fn(); } catch (e) { showError(e); } finally { setBusy(false); refreshLicense(); }
  };
  const owner = canManageLicense(staff?.role);
  const rows: [string, string][] = [
    [t('subscription.status'), chipLabel(license, t)],
    ...(license.trialEndsAt ? [[t('subscription.trialEnds'), fmt.date(license.trialEndsAt)] as [string, string]] : []),
    [t('subscription.plan'), license.plan ?? '—'],
    [t('subscription.email'), license.customerEmail ?? '—'],
    [t('subscription.periodEnd'), license.currentPeriodEnd ? fmt.date(license.currentPeriodEnd) : '—'],
    [t('subscription.lastCheck'), license.lastCheckAt ? fmt.dateTime(license.lastCheckAt) : '—'],
    [t('subscription.offlineUntil'), license.offlineGraceUntil ? fmt.date(license.offlineGraceUntil) : '—'],
    [t('subscription.thisDevice'), license.machine ? `${license.machine.name} · ${license.machine.platform}` : '—'],
  ];
  return (
    <section className="panel" data-testid="subscription-screen">
      <h1>{t('subscription.title')} <span className={`chip chip-${chipTone(license)}`}>{chipLabel(license, t)}</span></h1>
      {license.cancelAtPeriodEnd && <p className="banner banner-warn">{t('subscription.cancelAtEnd')}</p>}
      <dl className="kv">
        {rows.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      <PlanPrice client={client} testId="subscription-price" />
      {owner && isTrial(license) && <SubscribeTrial />}
      {!owner && <p className="muted" data-testid="subscription-owner-only">{t('subscription.ownerOnly')}</p>}
      <div className="row-actions wrap">
        {owner && !isTrial(license) && <button type="button" className="btn btn-primary" disabled={busy} data-testid="manage-billing" onClick={() => void run(async () => {
          const r = await client.call('license.portal', {}); openInBrowser(r.url);
        })}>{t('subscription.manageBilling')}</button>}
        <button type="button" className="btn" disabled={busy} data-testid="check-now" onClick={() => void run(async () => { await licenseAction(client, 'license.check', {}, () => undefined); toast(t('subscription.checked'), 'success'); })}>{t('license.suspended.checkAgain')}</button>
        {owner && <button type="button" className="btn" disabled={busy || !license.customerEmail} data-testid="recover-token" onClick={() => void run(async () => {
          if (!license.customerEmail) return;
          await client.call('license.recover', { email: license.customerEmail }); toast(t('activation.recoverSent', { email: license.customerEmail }), 'success');
        })}>{t('subscription.recover')}</button>}
        {owner && !confirmDeactivate && <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirmDeactivate(true)} data-testid="deactivate-device">{t('subscription.deactivateThis')}</button>}
        {owner && confirmDeactivate && (
          <span className="confirm">
            {t('subscription.deactivateConfirm')}
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void run(async () => { await licenseAction(client, 'license.deactivate', {}, () => undefined); })} data-testid="deactivate-confirm">{t('common.yes')}</button>
            <button type="button" className="btn" onClick={() => setConfirmDeactivate(false)}>{t('common.no')}</button>
          </span>
        )}
      </div>
      <SubscriptionMachines />
      {owner && (
        <div className="offline-file-offer" data-testid="offline-file-offer">
          <h2>{t('offlineFile.offerTitle')}</h2>
          <p className="muted">{t('offlineFile.offerHint')}</p>
          <HardwareIdPanel client={client} />
          <LicenseFileButton client={client} onStatus={() => refreshLicense()} />
        </div>
      )}
    </section>
  );
}
