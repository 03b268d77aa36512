/**
 * "Enter your license token": the secret store could not give the saved token back (a new
 * keychain, a backup restored on another computer). Selling goes on with the cached license;
 * this asks for the token once, and saves it with the same activation as the welcome screen.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import { licenseAction } from '../api/license';
import type { LicenseStatus } from '../api/shapes';
import { errorText } from '../errors';

export function TokenNeededBanner({ client, status, onStatus }: { client: ApiClient; status: LicenseStatus; onStatus: (s: LicenseStatus) => void }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (status.problem?.code !== 'TOKEN_NEEDED') return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await licenseAction(client, 'license.activate', { email: status.customerEmail ?? '', token: token.trim() }, onStatus);
      setToken('');
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="banner banner-warn" role="status" data-testid="token-needed-banner" onSubmit={(e) => void submit(e)}>
      <span>{t('tokenNeeded.text')}{error && <> — <span role="alert">{error}</span></>}</span>
      <span className="banner-actions">
        <input aria-label={t('tokenNeeded.label')} placeholder="POS-XXXXX-XXXXX-XXXXX-XXXXX" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} data-testid="token-needed-input" />
        <button type="submit" className="btn" disabled={busy || token.trim() === ''} data-testid="token-needed-save">{t('tokenNeeded.save')}</button>
      </span>
    </form>
  );
}
