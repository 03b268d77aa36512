/**
 * A tab or tablet whose device token the app no longer accepts (issue 11, item 18): after an app
 * restart the desktop's browser tab holds the previous start's token, and a removed tablet holds
 * a revoked one. Instead of stale screens where every call fails, one clear screen: reload (the
 * new address the app printed brings a fresh token) or pair this device again.
 */
import { useTranslation } from 'react-i18next';

export function SignInExpired({ onReload, onPairAgain }: { onReload(): void; onPairAgain(): void }) {
  const { t } = useTranslation();
  return (
    <main className="welcome" data-testid="signin-expired">
      <div className="welcome-card form" role="alert">
        <h1>{t('expired.title')}</h1>
        <p>{t('expired.text')}</p>
        <p className="muted">{t('expired.hint')}</p>
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-lg" onClick={onReload} data-testid="expired-reload">{t('expired.reload')}</button>
          <button type="button" className="btn btn-lg" onClick={onPairAgain} data-testid="expired-pair">{t('expired.pairAgain')}</button>
        </div>
      </div>
    </main>
  );
}
