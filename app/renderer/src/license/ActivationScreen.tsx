/**
 * First run: buy a subscription (the worker's checkout opens; the app activates itself when the
 * payment completes) or "I have a license" (email + token). A machine limit lists the
 * registered computers with "deactivate" so the customer can free a seat here.
 * On a new shop (no staff yet) the main computer does this freely; once the shop has staff it
 * is the owner's: when core says so, the owner types their PIN here and the action runs again
 * as them (and so do the next ones on this screen).
 * No activation after a while (an already-subscribed email's checkout page says "check your
 * email"), or an answer that it never will: the screen says to check the email, which holds
 * the token or the next step. A checkout still waiting after a restart is resumed.
 */
import { PlanPrice } from './PlanPrice';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, StaffSession } from '../api/client';
import { toApiError } from '../api/client';
import { licenseAction } from '../api/license';
import type { LicenseMachine, LicenseStatus } from '../api/shapes';
import type { Formatters } from '../format';
import { errorText } from '../errors';
import { ManagerApproval } from '../components/ManagerApproval';
import type { StaffRole } from './roles';
import { actingAs, requiredRolesOf } from './roles';
import { HardwareIdPanel, LicenseFileButton } from './OfflineLicense';
import { TrialForm, TrialOffer, useTrialTerms } from './TrialStart';

const INSTANT_RETRY_MS = 1500;
/** Without activation by then, "check your email" (the checkout may have continued by email). */
export const CHECK_EMAIL_AFTER_MS = 90_000;
/** Answers that mean "not paid yet" or "try again", not a failure. */
const PENDING_CODES = new Set(['CHECKOUT_PENDING', 'INSTANT_TIMEOUT', 'NETWORK', 'OFFLINE', 'RATE_LIMITED']);
/** This checkout will never activate by itself: the next step is in the email. */
const EMAIL_CODES = new Set(['CHECK_EMAIL', 'CLAIM_EXPIRED', 'TOKEN_ALREADY_CLAIMED', 'INVALID_CREDENTIALS']);

export interface ActivationScreenProps {
  client: ApiClient;
  fmt: Formatters;
  status: LicenseStatus;
  onStatus(status: LicenseStatus): void;
  onLoadDemo?: () => void;
  /** Opens a URL outside the app (checkout, portal). */
  openExternal?: (url: string) => void;
  checkEmailAfterMs?: number;
}

export function openInBrowser(url: string): void {
  window.open(url, '_blank', 'noopener');
}

export function ActivationScreen({ client, fmt, status, onStatus, onLoadDemo, openExternal = openInBrowser, checkEmailAfterMs = CHECK_EMAIL_AFTER_MS }: ActivationScreenProps) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'choose' | 'buy' | 'have' | 'trial' | 'waiting' | 'checkEmail'>('choose');
  const trialTerms = useTrialTerms(client);
  const [emailHint, setEmailHint] = useState(false);
  const [email, setEmail] = useState(status.customerEmail ?? '');
  const [name, setName] = useState('');
  const [business, setBusiness] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [machines, setMachines] = useState<LicenseMachine[] | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const sessionRef = useRef<string | null>(null);
  const [approver, setApprover] = useState<StaffSession | null>(null);
  const [asking, setAsking] = useState<{ roles: StaffRole[]; retry(c: ApiClient): Promise<void> } | null>(null);
  const api = useMemo(() => (approver ? actingAs(client, approver) : client), [client, approver]);

  /** Core refused: the action needs the owner. Ask for their PIN, then run it again as them. */
  function askOwner(e: unknown, retry: (c: ApiClient) => Promise<void>): boolean {
    const roles = requiredRolesOf(e);
    if (!roles || approver) return false;
    setError(null);
    setAsking({ roles, retry });
    return true;
  }

  // Restarted while a checkout was being paid: keep waiting for it.
  useEffect(() => {
    let alive = true;
    client.call('license.pendingCheckout', {}).then((pending) => {
      if (!alive || !pending) return;
      sessionRef.current = pending.sessionId;
      setEmail(pending.email);
      setMode((m) => (m === 'choose' ? 'waiting' : m));
    }).catch(() => undefined);
    return () => { alive = false; };
  }, [client]);

  useEffect(() => {
    if (mode !== 'waiting') return;
    const timer = setTimeout(() => setEmailHint(true), checkEmailAfterMs);
    // Leaving the wait hides the hint again, so the next wait starts without it.
    return () => { clearTimeout(timer); setEmailHint(false); };
  }, [mode, checkEmailAfterMs]);

  // Instant activation: the agent polls the worker until the paid checkout's token arrives;
  // when its wait times out (the customer is still typing their card) ask again.
  useEffect(() => {
    if (mode !== 'waiting') return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await licenseAction(api, 'license.instant', sessionRef.current ? { email, sessionId: sessionRef.current } : {}, (s) => { if (alive) onStatus(s); });
        if (!alive || next.state !== 'unlicensed') return;
      } catch (e) {
        if (!alive) return;
        const err = toApiError(e);
        if (EMAIL_CODES.has(err.code)) { setMode('checkEmail'); return; }
        if (!PENDING_CODES.has(err.code)) { setError(errorText(t, err)); setMode('buy'); return; }
      }
      timer = setTimeout(() => { void poll(); }, INSTANT_RETRY_MS);
    };
    void poll();
    return () => { alive = false; if (timer) clearTimeout(timer); };
  }, [mode, api, email, onStatus, t]);

  async function buy(e?: FormEvent, c: ApiClient = api) {
    e?.preventDefault();
    setBusy(true); setError(null);
    try {
      const res = await c.call('license.checkout', { email, name, businessName: business, language: i18n.language === 'el' ? 'el' : 'en' });
      sessionRef.current = res.sessionId;
      openExternal(res.checkoutUrl);
      setMode('waiting');
    } catch (err) {
      if (!askOwner(err, (next) => buy(undefined, next))) setError(errorText(t, err));
    } finally { setBusy(false); }
  }

  async function activate(e?: FormEvent, c: ApiClient = api) {
    e?.preventDefault();
    setBusy(true); setError(null); setMachines(null);
    try {
      await licenseAction(c, 'license.activate', { email, token: token.trim() }, onStatus);
    } catch (err) {
      if (askOwner(err, (next) => activate(undefined, next))) return;
      const apiErr = toApiError(err);
      if (apiErr.code === 'MACHINE_LIMIT' && Array.isArray(apiErr.details?.machines)) {
        setMachines(apiErr.details.machines as LicenseMachine[]);
      }
      setError(errorText(t, apiErr));
    } finally { setBusy(false); }
  }

  /** The free trial (issue 13): like an activation, the owner's once the shop has staff. */
  async function startTrial(c: ApiClient = api): Promise<void> {
    setBusy(true);
    try {
      await licenseAction(c, 'license.startTrial', { email, language: i18n.language === 'el' ? 'el' : 'en' }, onStatus);
    } catch (err) {
      if (!askOwner(err, (next) => startTrial(next))) throw err;
    } finally { setBusy(false); }
  }

  async function deactivate(machineId: string, c: ApiClient = api) {
    setBusy(true);
    try {
      await licenseAction(c, 'license.deactivate', { email, token: token.trim(), machineId }, onStatus);
      setMachines(null);
      await activate(undefined, c);
    } catch (err) {
      if (!askOwner(err, (next) => deactivate(machineId, next))) setError(errorText(t, err));
    } finally { setBusy(false); }
  }

  async function recover(c: ApiClient = api) {
    if (!email) { setError(t('activation.emailFirst')); return; }
    setBusy(true);
    try {
      await c.call('license.recover', { email });
      setInfo(t('activation.recoverSent', { email }));
    } catch (err) {
      if (!askOwner(err, recover)) setError(errorText(t, err));
    } finally { setBusy(false); }
  }

  if (asking) {
    return (
      <main className="welcome" data-testid="activation-screen">
        <ManagerApproval client={client} roles={asking.roles} title={t('activation.ownerTitle')} text={t('activation.ownerText')}
          onClose={() => setAsking(null)}
          onApproved={(s) => { const { retry } = asking; setAsking(null); setApprover(s); void retry(actingAs(client, s)); }} />
      </main>
    );
  }

  const checkEmailBlock = (
    <div className="check-email" data-testid="activation-check-email">
      <h2>{t('activation.checkEmailTitle')}</h2>
      <p>{t('activation.checkEmail', { email })}</p>
      <button type="button" className="btn btn-primary btn-lg" onClick={() => { setMode('have'); setError(null); }} data-testid="check-email-have">{t('activation.have')}</button>
    </div>
  );

  return (
    <main className="welcome" data-testid="activation-screen">
      <div className="welcome-card">
        <h1>{t('activation.title')}</h1>
        <p className="muted">{t('activation.subtitle')}</p>
        {status.problem && mode === 'choose' && status.problem.code !== 'NOT_ACTIVATED' && <p className="form-error">{errorText(t, status.problem)}</p>}
        {mode === 'choose' && (
          <div className="choice-grid">
            <TrialOffer terms={trialTerms} onChoose={() => { setMode('trial'); setError(null); }} />
            <button type="button" className="choice" onClick={() => setMode('buy')} data-testid="activation-buy">
              <strong>{t('activation.buy')}</strong><span>{t('activation.buyHint')}</span>
            </button>
            <button type="button" className="choice" onClick={() => setMode('have')} data-testid="activation-have">
              <strong>{t('activation.have')}</strong><span>{t('activation.haveHint')}</span>
            </button>
          </div>
        )}
        {mode === 'buy' && (
          <form className="form" onSubmit={buy}>
            <PlanPrice client={client} testId="buy-price" />
            <label>{t('activation.email')}<input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="buy-email" autoComplete="email" /></label>
            <label>{t('activation.name')}<input required value={name} onChange={(e) => setName(e.target.value)} data-testid="buy-name" /></label>
            <label>{t('activation.business')}<input required value={business} onChange={(e) => setBusiness(e.target.value)} data-testid="buy-business" /></label>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="row-actions">
              <button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="buy-submit">{t('activation.toCheckout')}</button>
              <button type="button" className="btn btn-lg" onClick={() => { setMode('choose'); setError(null); }}>{t('common.back')}</button>
            </div>
          </form>
        )}
        {mode === 'trial' && (
          <TrialForm email={email} onEmail={setEmail} busy={busy} onStart={() => startTrial()}
            onBuy={() => { setMode('buy'); setError(null); }} onBack={() => { setMode('choose'); setError(null); }} />
        )}
        {mode === 'waiting' && (
          <div className="waiting" data-testid="activation-waiting">
            <div className="spinner" aria-hidden="true" />
            <p>{t('activation.waiting')}</p>
            {emailHint && checkEmailBlock}
            <button type="button" className="btn" onClick={() => setMode('buy')}>{t('common.cancel')}</button>
          </div>
        )}
        {mode === 'checkEmail' && checkEmailBlock}
        {mode === 'have' && (
          <form className="form" onSubmit={activate}>
            <label>{t('activation.email')}<input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="activate-email" autoComplete="email" /></label>
            <label>{t('activation.token')}<input required value={token} onChange={(e) => setToken(e.target.value)} data-testid="activate-token" autoComplete="off" spellCheck={false} /></label>
            {error && <p className="form-error" role="alert" data-testid="activation-error">{error}</p>}
            {info && <p className="form-info">{info}</p>}
            {machines && (
              <ul className="machine-list" data-testid="machine-limit-list">
                {machines.map((m) => (
                  <li key={m.id}>
                    <span><strong>{m.name}</strong>{m.platform ? ` · ${m.platform}` : ''}{m.lastSeenAt ? ` · ${fmt.ago(m.lastSeenAt)}` : ''}</span>
                    <button type="button" className="btn" onClick={() => void deactivate(m.id)} disabled={busy}>{t('subscription.deactivate')}</button>
                  </li>
                ))}
              </ul>
            )}
            <div className="row-actions">
              <button type="submit" className="btn btn-primary btn-lg" disabled={busy} data-testid="activate-submit">{t('activation.activate')}</button>
              <button type="button" className="btn btn-lg" onClick={() => { setMode('choose'); setError(null); }}>{t('common.back')}</button>
              <button type="button" className="btn btn-ghost" onClick={() => void recover()} disabled={busy} data-testid="recover-token">{t('subscription.recover')}</button>
            </div>
          </form>
        )}
        {mode === 'choose' && (
          <details className="offline-file-offer" data-testid="activation-offline-file">
            <summary>{t('offlineFile.offerTitle')}</summary>
            <p className="muted">{t('offlineFile.offerHint')}</p>
            <HardwareIdPanel client={api} />
            <LicenseFileButton client={api} onStatus={onStatus} className="btn btn-primary" />
          </details>
        )}
        {onLoadDemo && mode === 'choose' && (
          <p className="demo-link"><button type="button" className="btn btn-ghost" onClick={onLoadDemo} data-testid="load-demo">{t('activation.loadDemo')}</button></p>
        )}
      </div>
    </main>
  );
}
