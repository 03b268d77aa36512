/**
 * "Subscribe" during or after a free trial: the checkout carries this computer's trial claim, so
 * paying converts the trial in place (same token, same computer, the shop's menu, orders and
 * staff untouched). The page opens the checkout and checks the license until it is active.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { licenseAction } from '../api/license';
import { usePos } from '../context';
import { openInBrowser } from './ActivationScreen';

const CHECK_EVERY_MS = 2000;

export function SubscribeTrial({ openExternal = openInBrowser }: { openExternal?: (url: string) => void }) {
  const { t, i18n } = useTranslation();
  const { client, license, refreshLicense, toast, showError } = usePos();
  const [name, setName] = useState('');
  const [business, setBusiness] = useState('');
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    if (!waiting) return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const s = await licenseAction(client, 'license.check', {}, () => undefined);
        if (!alive) return;
        if (s.subscriptionStatus === 'active') { setWaiting(false); toast(t('subscription.subscribed'), 'success'); refreshLicense(); return; }
      } catch { /* offline for a moment: ask again */ }
      if (alive) timer = setTimeout(() => { void check(); }, CHECK_EVERY_MS);
    };
    timer = setTimeout(() => { void check(); }, CHECK_EVERY_MS);
    return () => { alive = false; if (timer) clearTimeout(timer); };
  }, [waiting, client, refreshLicense, toast, t]);

  async function subscribe(e: FormEvent) {
    e.preventDefault();
    if (!license.customerEmail) return;
    setBusy(true);
    try {
      const r = await client.call('license.checkout', { email: license.customerEmail, name, businessName: business, language: i18n.language === 'el' ? 'el' : 'en' });
      openExternal(r.checkoutUrl);
      setWaiting(true);
    } catch (err) { showError(err); } finally { setBusy(false); }
  }

  if (waiting) {
    return (
      <div className="waiting" data-testid="subscribe-waiting">
        <div className="spinner" aria-hidden="true" />
        <p>{t('subscription.subscribeWaiting')}</p>
        <button type="button" className="btn" onClick={() => setWaiting(false)}>{t('common.cancel')}</button>
      </div>
    );
  }
  return (
    <form className="form subscribe-trial" onSubmit={(e) => void subscribe(e)} data-testid="subscribe-trial">
      <h2>{t('subscription.subscribe')}</h2>
      <p className="muted">{t('subscription.subscribeHint')}</p>
      <label>{t('activation.name')}<input required value={name} onChange={(e) => setName(e.target.value)} data-testid="subscribe-name" /></label>
      <label>{t('activation.business')}<input value={business} onChange={(e) => setBusiness(e.target.value)} data-testid="subscribe-business" /></label>
      <div className="row-actions">
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !license.customerEmail} data-testid="subscribe-submit">{t('subscription.subscribe')}</button>
      </div>
    </form>
  );
}
