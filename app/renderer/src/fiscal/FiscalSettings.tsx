/**
 * Settings → Fiscal (myDATA), the owner's (issue 15): turn fiscal documents on, the shop's ΑΦΜ
 * (checked as it is typed), branch and this installation's series, the myDATA user id and
 * subscription key (write-only: the screen only ever learns that one is saved), the environment
 * (AADE's test environment by default; production only after a confirmation that explains what
 * it means) and the channel, with the documents it covers. Core checks all of it again.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../api/client';
import { ErrorState, Skeleton } from '../components/Skeleton';
import { usePos } from '../context';
import { errorText } from '../errors';
import { useQuery } from '../hooks/useApi';
import { AfmField, checkAfm } from './AfmField';
import { docTypeKey } from './doc-types';
import { ProductionConfirm } from './ProductionConfirm';

type FiscalSettingsView = CommandResult<'fiscal.settings.get'>;
type Form = Pick<FiscalSettingsView, 'enabled' | 'afm' | 'branch' | 'series' | 'environment' | 'channel'>;

export function FiscalSettings() {
  const { t } = useTranslation();
  const current = useQuery('fiscal.settings.get', {});
  if (current.error) return <ErrorState message={errorText(t, current.error)} onRetry={current.reload} retryLabel={t('common.retry')} />;
  if (!current.data) return <Skeleton rows={6} />;
  // A new saved state (after a save or from another screen) starts the form afresh from it.
  return <FiscalForm key={JSON.stringify(current.data)} saved={current.data} onSaved={current.reload} />;
}

function FiscalForm({ saved, onSaved }: { saved: FiscalSettingsView; onSaved(): void }) {
  const { t } = useTranslation();
  const { client, toast, settings, reloadSettings } = usePos();
  const [busy, setBusy] = useState(false);
  const [orderSlip, setOrderSlip] = useState(settings.receipt.fiscalOrderSlip === true);
  const [form, setForm] = useState<Form>(() => pick(saved));
  const [userId, setUserId] = useState('');
  const [key, setKey] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const afm = checkAfm(form.afm);
  const afmBad = afm === 'length' || afm === 'checkDigit' || (form.enabled && afm === 'empty');

  const chooseEnvironment = (env: Form['environment']) => {
    if (env === 'production' && saved.environment !== 'production' && !confirmed) { setConfirming(true); return; }
    set('environment', env);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (afmBad) { setError(t('fiscal.settings.afmCheck.fix')); return; }
    setBusy(true);
    try {
      await client.call('fiscal.settings.set', {
        ...form, afm: form.afm.trim(),
        ...(form.environment === 'production' && saved.environment !== 'production' ? { confirmProduction: true as const } : {}),
        ...(userId.trim() ? { userId: userId.trim() } : {}),
        ...(key.trim() ? { subscriptionKey: key.trim() } : {}),
      });
      // The order slip is a receipt setting (the shop's settings), saved with the rest of the form.
      if (orderSlip !== (settings.receipt.fiscalOrderSlip === true)) {
        const current = (await client.call('settings.get', {})).settings;
        await client.call('settings.update', { receipt: { ...current.receipt, fiscalOrderSlip: orderSlip } });
        reloadSettings();
      }
      setUserId(''); setKey('');
      toast(t('fiscal.settings.saved'), 'success');
      onSaved();
    } catch (err) {
      // In words, by code (FISCAL_AFM_INVALID, FISCAL_NOT_CONFIGURED, FISCAL_CONFIRM_PRODUCTION…), beside the form.
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form grid-2 fiscal-settings" onSubmit={save} data-testid="fiscal-settings" noValidate>
      <p className="muted span-2">{t('fiscal.settings.intro')}</p>
      <label className="check span-2">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="fiscal-enabled" />
        {t('fiscal.settings.enabled')}
      </label>
      <AfmField value={form.afm} onChange={(v) => set('afm', v)} />
      <label>{t('fiscal.settings.branch')}
        <input type="number" min={0} max={9999} inputMode="numeric" value={form.branch} onChange={(e) => set('branch', Math.max(0, Math.trunc(Number(e.target.value) || 0)))} data-testid="fiscal-branch" />
      </label>
      <label>{t('fiscal.settings.series')}
        <input value={form.series} maxLength={20} onChange={(e) => set('series', e.target.value.toUpperCase())} data-testid="fiscal-series" />
        <span className="muted small">{t('fiscal.settings.seriesHint')}</span>
      </label>
      <span />
      <fieldset className="span-2 fieldset">
        <legend>{t('fiscal.settings.credentials')}</legend>
        <p className="muted small" data-testid="fiscal-credentials-state">{saved.hasCredentials ? t('fiscal.settings.credentialsSaved') : t('fiscal.settings.credentialsNone')}</p>
        <div className="grid-2">
          <label>{t('fiscal.settings.userId')}
            <input value={userId} autoComplete="off" maxLength={100} placeholder={saved.hasCredentials ? t('fiscal.settings.savedPlaceholder') : ''} onChange={(e) => setUserId(e.target.value)} data-testid="fiscal-user-id" />
          </label>
          <label>{t('fiscal.settings.subscriptionKey')}
            <input type="password" value={key} autoComplete="new-password" maxLength={200} placeholder={saved.hasCredentials ? t('fiscal.settings.savedPlaceholder') : ''} onChange={(e) => setKey(e.target.value)} data-testid="fiscal-key" />
          </label>
        </div>
        <p className="muted small">{t('fiscal.settings.credentialsHint')}</p>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('fiscal.settings.environment')}</legend>
        {(['test', 'production'] as const).map((env) => (
          <label className="check" key={env}>
            <input type="radio" name="fiscal-env" checked={form.environment === env} onChange={() => chooseEnvironment(env)} data-testid={`fiscal-env-${env}`} />
            {t(`fiscal.settings.env.${env}`)}
          </label>
        ))}
        {form.environment === 'production' && <p className="form-error small" data-testid="fiscal-env-production-note">{t('fiscal.settings.productionNote')}</p>}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('fiscal.settings.channel')}</legend>
        <select value={form.channel} onChange={(e) => set('channel', e.target.value as Form['channel'])} data-testid="fiscal-channel">
          <option value="mydata-rest">{t('fiscal.settings.channels.mydataRest')}</option>
        </select>
        <p className="small">{t('fiscal.settings.covers')}</p>
        <ul className="plain-list" data-testid="fiscal-covers">
          {saved.covers.map((type) => <li key={type}>{t(docTypeKey(type))}</li>)}
        </ul>
        <p className="muted small">{t('fiscal.settings.channelHint')}</p>
      </fieldset>
      <label className="check span-2">
        <input type="checkbox" checked={orderSlip} onChange={(e) => setOrderSlip(e.target.checked)} data-testid="fiscal-order-slip" />
        {t('fiscal.settings.orderSlip')}
      </label>
      {error && <p className="form-error span-2" role="alert" data-testid="fiscal-form-error">{error}</p>}
      <div className="span-2"><button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="fiscal-save">{t('common.save')}</button></div>
      {confirming && (
        <ProductionConfirm onCancel={() => setConfirming(false)} onConfirm={() => { setConfirming(false); setConfirmed(true); set('environment', 'production'); }} />
      )}
    </form>
  );
}

function pick(s: FiscalSettingsView): Form {
  return { enabled: s.enabled, afm: s.afm, branch: s.branch, series: s.series, environment: s.environment, channel: s.channel };
}
