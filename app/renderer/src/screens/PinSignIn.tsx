/**
 * Who is working: tap your name, type your PIN. On a brand-new shop (no staff yet) the first
 * person creates the owner, or loads the demo café.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, StaffSession } from '../api/client';
import type { StaffMember } from '../api/shapes';
import { errorText } from '../errors';
import { PinPad } from '../components/PinPad';
import { Skeleton, ErrorState } from '../components/Skeleton';

/** `demoPin` only on the demo café (core never sends it for a real shop). */
interface LoginList { needsOwner: boolean; demo?: boolean; staff: (StaffMember & { demoPin?: string })[] }

export function PinSignIn({ client, onSignedIn, onLoadDemo }: {
  client: ApiClient; onSignedIn(session: StaffSession): void; onLoadDemo?: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const setupLanguage = i18n.language === 'el' ? 'el' : 'en'; // the computer's language until the owner picks
  const [list, setList] = useState<LoginList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [who, setWho] = useState<StaffMember | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [ownerName, setOwnerName] = useState('');

  // The effect only fetches; state changes when the answer comes (an effect's own setState would render twice).
  const load = useCallback(() => {
    client.call('staff.listForLogin', {}).then(
      (l) => { setList(l); setLoadError(null); if (l.staff.length === 1 && l.staff[0]) setWho(l.staff[0]); },
      (e: unknown) => setLoadError(errorText(t, e)),
    );
  }, [client, t]);
  useEffect(load, [load]);
  const retry = () => { setLoadError(null); load(); };

  const submit = useCallback(async () => {
    if (!who || pin.length < 4) return;
    setBusy(true); setError(null);
    try {
      onSignedIn(await client.signIn(who.id, pin));
    } catch (e) {
      setError(errorText(t, e));
      setPin('');
    } finally { setBusy(false); }
  }, [client, who, pin, onSignedIn, t]);

  async function createOwner(e: FormEvent) {
    e.preventDefault();
    if (pin.length < 4) { setError(t('pin.tooShort')); return; }
    setBusy(true); setError(null);
    try {
      const owner = await client.call('staff.bootstrapOwner', { name: ownerName.trim(), pin, language: setupLanguage });
      onSignedIn(await client.signIn(owner.id, pin));
    } catch (err) { setError(errorText(t, err)); } finally { setBusy(false); }
  }

  async function demo() {
    if (!onLoadDemo) return;
    setBusy(true); setError(null);
    try { await onLoadDemo(); load(); } catch (err) { setError(errorText(t, err)); } finally { setBusy(false); }
  }

  if (loadError) return <main className="welcome"><ErrorState message={loadError} onRetry={retry} retryLabel={t('common.retry')} /></main>;
  if (!list) return <main className="welcome"><Skeleton rows={4} /></main>;

  if (list.needsOwner) {
    return (
      <main className="welcome" data-testid="owner-setup">
        <form className="welcome-card form" onSubmit={createOwner}>
          <h1>{t('pin.firstRunTitle')}</h1>
          <p className="muted">{t('pin.firstRunText')}</p>
          <label>{t('language.setup')}
            <select value={setupLanguage} onChange={(e) => void i18n.changeLanguage(e.target.value)} data-testid="owner-language">
              <option value="en">English</option><option value="el">Ελληνικά</option>
            </select>
          </label>
          <label>{t('pin.ownerName')}<input required value={ownerName} onChange={(e) => setOwnerName(e.target.value)} data-testid="owner-name" /></label>
          <label>{t('pin.choosePin')}<input type="password" inputMode="numeric" pattern="\d{4,6}" required value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))} data-testid="owner-pin" /></label>
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="row-actions">
            <button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="owner-create">{t('pin.createOwner')}</button>
            {onLoadDemo && <button type="button" className="btn btn-lg" onClick={() => void demo()} disabled={busy} data-testid="load-demo">{t('activation.loadDemo')}</button>}
          </div>
        </form>
      </main>
    );
  }

  return (
    <main className="welcome" data-testid="pin-signin">
      <div className="welcome-card pin-card">
        <h1>{who ? t('pin.hello', { name: who.name }) : t('pin.whoIsWorking')}</h1>
        <div className="staff-picker">
          {list.staff.map((s) => (
            <button type="button" key={s.id} className={who?.id === s.id ? 'staff-btn on' : 'staff-btn'} onClick={() => { setWho(s); setPin(''); setError(null); }} data-testid="staff-button">
              <strong>{s.name}</strong><span className="muted">{t(`roles.${s.role}`)}</span>
              {s.demoPin && <span className="demo-pin" data-testid="demo-pin">{t('pin.demoPin', { pin: s.demoPin })}</span>}
            </button>
          ))}
        </div>
        {list.demo && <p className="muted" data-testid="demo-note">{t('pin.demoNote')}</p>}
        {who && <PinPad value={pin} onChange={setPin} onSubmit={() => void submit()} disabled={busy} />}
        {error && <p className="form-error" role="alert" data-testid="pin-error">{error}</p>}
      </div>
    </main>
  );
}
