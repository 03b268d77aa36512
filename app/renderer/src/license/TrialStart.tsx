/**
 * "Try free for N days" on the welcome screen: N is the worker's configuration (billing.trialTerms,
 * nothing hard-coded); the offer is hidden when trials are off or the worker can't be asked.
 * The form asks only for an email; a computer that had its trial is told so, with the buy button.
 */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import { toApiError } from '../api/client';
import { errorText } from '../errors';

interface TrialTermsValue { available: boolean; seconds: number; days: number }

export function useTrialTerms(client: ApiClient): TrialTermsValue | null {
  const [terms, setTerms] = useState<TrialTermsValue | null>(null);
  useEffect(() => {
    let alive = true;
    client.call('billing.trialTerms', {}).then((t) => { if (alive) setTerms(t); }, () => undefined);
    return () => { alive = false; };
  }, [client]);
  return terms;
}

export function TrialOffer({ terms, onChoose }: { terms: TrialTermsValue | null; onChoose(): void }) {
  const { t } = useTranslation();
  if (!terms?.available) return null;
  return (
    <button type="button" className="choice choice-trial" onClick={onChoose} data-testid="activation-trial">
      <strong>{t('activation.trial', { count: terms.days })}</strong><span>{t('activation.trialHint')}</span>
    </button>
  );
}

export function TrialForm({ email, onEmail, busy, onStart, onBuy, onBack }: {
  email: string; onEmail(email: string): void; busy: boolean;
  /** Starts the trial; rejects with the API error. */
  onStart(): Promise<void>;
  onBuy(): void; onBack(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try { await onStart(); } catch (err) { const apiErr = toApiError(err); setError({ code: apiErr.code, text: errorText(t, apiErr) }); }
  }
  const refused = error?.code === 'TRIAL_USED' || error?.code === 'TRIAL_UNAVAILABLE';
  return (
    <form className="form" onSubmit={(e) => void submit(e)} data-testid="trial-form">
      <label>{t('activation.email')}<input type="email" required value={email} onChange={(e) => onEmail(e.target.value)} data-testid="trial-email" autoComplete="email" /></label>
      <p className="muted">{t('activation.trialHint')}</p>
      {error && <p className="form-error" role="alert" data-testid="trial-error" data-code={error.code}>{error.text}</p>}
      <div className="row-actions wrap">
        {refused
          ? <button type="button" className="btn btn-primary btn-lg" onClick={onBuy} data-testid="trial-buy">{t('activation.buy')}</button>
          : <button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="trial-submit">{t('activation.trialStart')}</button>}
        <button type="button" className="btn btn-lg" onClick={onBack}>{t('common.back')}</button>
      </div>
    </form>
  );
}
