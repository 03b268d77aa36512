import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useAction } from '../hooks/useApi';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function BusinessSettings() {
  const { t } = useTranslation();
  const { settings, reloadSettings, toast } = usePos();
  const { busy, run } = useAction();
  const [b, setB] = useState(settings.business);
  const [address, setAddress] = useState(settings.business.addressLines.join('\n'));
  const [currency, setCurrency] = useState(settings.currency);
  const [locale, setLocale] = useState(settings.locale);
  const [timeZone, setTimeZone] = useState(settings.timeZone);
  const [startHour, setStartHour] = useState(settings.businessDayStartHour);
  const [taxMode, setTaxMode] = useState(settings.taxMode);
  const [header, setHeader] = useState(settings.receipt.headerLines.join('\n'));
  const [footer, setFooter] = useState(settings.receipt.footerLines.join('\n'));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run('settings.update', {
      business: { ...b, addressLines: lines(address).slice(0, 4) }, currency: currency.toUpperCase(), locale, timeZone,
      businessDayStartHour: startHour, taxMode, receipt: { ...settings.receipt, headerLines: lines(header).slice(0, 6), footerLines: lines(footer).slice(0, 6) },
    });
    if (r !== undefined) { toast(t('settings.saved'), 'success'); reloadSettings(); }
  };
  return (
    <form className="form grid-2" onSubmit={save} data-testid="business-settings">
      <label>{t('settings.businessName')}<input value={b.name} onChange={(e) => setB({ ...b, name: e.target.value })} maxLength={80} data-testid="business-name" /></label>
      <label>{t('settings.taxId')}<input value={b.taxId} onChange={(e) => setB({ ...b, taxId: e.target.value })} maxLength={40} /></label>
      <label>{t('settings.phone')}<input value={b.phone} onChange={(e) => setB({ ...b, phone: e.target.value })} maxLength={40} /></label>
      <label>{t('settings.email')}<input value={b.email} onChange={(e) => setB({ ...b, email: e.target.value })} maxLength={120} /></label>
      <label className="span-2">{t('settings.address')}<textarea className="field-area" rows={3} value={address} onChange={(e) => setAddress(e.target.value)} /></label>
      <label>{t('settings.currency')}<input value={currency} onChange={(e) => setCurrency(e.target.value)} maxLength={3} /></label>
      <label>{t('settings.locale')}<input value={locale} onChange={(e) => setLocale(e.target.value)} maxLength={35} /></label>
      <label>{t('settings.timeZone')}<input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} /></label>
      <label>{t('settings.dayStart')}<input type="number" min={0} max={23} value={startHour} onChange={(e) => setStartHour(Number(e.target.value))} /></label>
      <label>{t('settings.taxMode')}
        <select value={taxMode} onChange={(e) => setTaxMode(e.target.value as typeof taxMode)}>
          <option value="inclusive">{t('settings.inclusive')}</option><option value="exclusive">{t('settings.exclusive')}</option>
        </select>
      </label>
      <span />
      <label>{t('settings.receiptHeader')}<textarea className="field-area" rows={3} value={header} onChange={(e) => setHeader(e.target.value)} /></label>
      <label>{t('settings.receiptFooter')}<textarea className="field-area" rows={3} value={footer} onChange={(e) => setFooter(e.target.value)} /></label>
      <div className="span-2"><button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="business-save">{t('common.save')}</button></div>
    </form>
  );
}
