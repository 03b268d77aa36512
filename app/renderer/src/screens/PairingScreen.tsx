/** A LAN tablet without a device token: enter the 6-digit code shown on the main computer. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import { errorText } from '../errors';

export function PairingScreen({ client, onPaired, initialCode = '' }: { client: ApiClient; onPaired(): void; initialCode?: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState(() => t('pairing.defaultName'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await client.pair(code.trim(), name.trim()); onPaired(); } catch (err) { setError(errorText(t, err)); } finally { setBusy(false); }
  }
  return (
    <main className="welcome" data-testid="pairing-screen">
      <form className="welcome-card form" onSubmit={submit}>
        <h1>{t('pairing.title')}</h1>
        <p className="muted">{t('pairing.text')}</p>
        <label>{t('pairing.code')}<input inputMode="numeric" autoComplete="one-time-code" required pattern="\d{6}" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))} className="code-input" data-testid="pairing-code" /></label>
        <label>{t('pairing.deviceName')}<input required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} data-testid="pairing-device-name" /></label>
        {error && <p className="form-error" role="alert" data-testid="pairing-error">{error}</p>}
        <button type="submit" className="btn btn-primary btn-lg" disabled={busy || code.length !== 6} data-testid="pairing-submit">{t('pairing.pair')}</button>
        <p className="muted">{t('pairing.onDesktop')}</p>
      </form>
    </main>
  );
}
