/**
 * The app's frame: device pairing → license (activation) → PIN sign-in → the shell with the
 * order screen as home. License states are shown everywhere (chip, banners, takeover dialog,
 * taken-over lock) but never hide the shop's reports and exports.
 */
import { DEFAULT_SETTINGS as SHOP_DEFAULT_SETTINGS } from '../../shared/settings-defaults';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import type { ApiClient, StaffSession } from './api/client';
import { toApiError } from './api/client';
import { getLicenseStatus, licenseAction } from './api/license';
import type { LicenseStatus, Settings } from './api/shapes';
import { createFormatters, displayLocale } from './format';
import type { ScreenLanguage } from './format';
import { PosContext, licenseAllowsSelling } from './context';
import type { PosContextValue, ScreenName, Toast, ToastKind } from './context';
import { errorText } from './errors';
import { Toasts } from './components/Toasts';
import { Skeleton } from './components/Skeleton';
import { DiskBanner } from './components/DiskBanner';
import { FiscalBanner } from './fiscal/FiscalBanner';
import { ActivationScreen, openInBrowser } from './license/ActivationScreen';
import { ActivatedStep } from './license/ActivatedStep';
import { LicenseChip } from './license/LicenseChip';
import { TrialBanner } from './license/TrialBanner';
import { OfflineBanner } from './license/OfflineBanner';
import { SuspendedBanner } from './license/SuspendedBanner';
import { TakeoverDialog } from './license/TakeoverDialog';
import { TakenOverLock } from './license/TakenOverLock';
import { canManageLicense, canTakeOver, takeOverAs } from './license/roles';
import { TokenNeededBanner } from './license/TokenNeededBanner';
import { CatalogProvider } from './order/catalog-context';
import { PinSignIn } from './screens/PinSignIn';
import { PairingScreen } from './screens/PairingScreen';
import { SignInExpired } from './screens/SignInExpired';
import { ScreenRouter, navFor } from './screens/ScreenRouter';

/** Core's defaults (app/shared), shown until the shop's own settings arrive. */
export const DEFAULT_SETTINGS: Settings = SHOP_DEFAULT_SETTINGS;

/** Two letters for the staff button (the full name is its label). */
export function initials(name: string): string {
  const words = name.replace(/\(.*?\)/g, '').trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

export interface AppProps {
  client: ApiClient;
  i18n: i18n;
  /** The staff session restored from storage (browser mode), if any. */
  initialSession?: StaffSession | null;
  /** A pairing code from the URL (`#pair=123456`). */
  pairCode?: string;
  openExternal?: (url: string) => void;
  /** Reloads the page ("Reload" on the sign-in-expired screen). */
  reload?: () => void;
}

export function App(props: AppProps) {
  return (
    <I18nextProvider i18n={props.i18n}>
      <AppFrame {...props} />
    </I18nextProvider>
  );
}

function AppFrame({ client, i18n: i18nInstance, initialSession = null, pairCode, openExternal = openInBrowser, reload = () => window.location.reload() }: AppProps) {
  const { t } = useTranslation();
  const [paired, setPaired] = useState(() => client.hasDeviceToken());
  const [license, setLicense] = useState<LicenseStatus | null>(null);
  const [licenseError, setLicenseError] = useState<string | null>(null);
  const [session, setSession] = useState<StaffSession | null>(initialSession);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [nav, setNav] = useState<{ screen: ScreenName; params: Record<string, string> }>({ screen: 'order', params: {} });
  const [takeoverDismissed, setTakeoverDismissed] = useState(false);
  const [licenseBusy, setLicenseBusy] = useState(false);
  const [takeoverError, setTakeoverError] = useState<string | null>(null);
  const toastSeq = useRef(0);
  const [deviceExpired, setDeviceExpired] = useState(false);
  useEffect(() => client.onDeviceExpired?.(() => { setDeviceExpired(true); setSession(null); }), [client]);
  // Unlicensed → licensed while this screen watched: say so before the setup or PIN screen.
  const [justActivated, setJustActivated] = useState(false);
  const lastState = useRef<string | null>(null);
  useEffect(() => {
    if (lastState.current === 'unlicensed' && license && license.state !== 'unlicensed') setJustActivated(true);
    lastState.current = license?.state ?? null;
  }, [license]);

  const toast = useCallback((text: string, kind: ToastKind = 'info') => {
    const id = ++toastSeq.current;
    setToasts((ts) => [...ts.slice(-3), { id, kind, text }]);
    setTimeout(() => setToasts((ts) => ts.filter((x) => x.id !== id)), kind === 'error' ? 6000 : 3000);
  }, []);
  const showError = useCallback((e: unknown) => {
    const err = toApiError(e);
    if (err.code === 'AUTH_REQUIRED' || err.code === 'UNAUTHENTICATED') setSession(null);
    toast(errorText(t, err), 'error');
  }, [t, toast]);

  // License status: a snapshot now, then every change the agent reports.
  const refreshLicense = useCallback(() => {
    getLicenseStatus(client).then((s) => { setLicense(s); setLicenseError(null); }, (e: unknown) => setLicenseError(errorText(t, e)));
  }, [client, t]);
  useEffect(() => {
    if (!paired) return;
    refreshLicense();
    return client.on('license', (data) => { if (data && typeof data === 'object' && 'state' in data) setLicense(data as LicenseStatus); });
  }, [client, paired, refreshLicense]);
  // A dismissal lasts for one conflict (React's "adjust state while rendering", not an effect's second render).
  if (takeoverDismissed && license?.state !== 'session_conflict') setTakeoverDismissed(false);

  const [settingsLoaded, setSettingsLoaded] = useState(false);
  const reloadSettings = useCallback(() => {
    client.call('settings.get', {}).then(({ settings: s }) => {
      setSettings({ ...DEFAULT_SETTINGS, ...s });
      setSettingsLoaded(true);
    }, () => { /* defaults until the shop's settings can be read */ });
  }, [client]);
  useEffect(() => { if (session) reloadSettings(); }, [session, reloadSettings]);

  // The screens' language: the signed-in person's own choice, else the shop's (issue 11, item 15).
  // Kept with the session it belongs to: another sign-in starts from the shop's until its own arrives.
  const [mine, setMine] = useState<{ session: StaffSession; language: ScreenLanguage | null } | null>(null);
  const myLanguage = session && mine?.session === session ? mine.language : null;
  useEffect(() => {
    if (!session) return;
    let alive = true;
    client.call('staff.myLanguage', {}).then((r) => { if (alive) setMine({ session, language: r.language }); }, () => { /* the shop's */ });
    return () => { alive = false; };
  }, [client, session]);
  const setMyLanguage = useCallback(async (language: ScreenLanguage | null) => {
    await client.call('staff.setMyLanguage', { language });
    if (session) setMine({ session, language });
  }, [client, session]);
  const uiLanguage: ScreenLanguage = myLanguage ?? (settingsLoaded ? settings.language : (i18nInstance.language === 'el' ? 'el' : 'en'));
  useEffect(() => {
    if (uiLanguage !== i18nInstance.language) void i18nInstance.changeLanguage(uiLanguage);
    document.documentElement.lang = uiLanguage;
  }, [uiLanguage, i18nInstance]);

  const screenLocale = displayLocale(uiLanguage, settings.locale);
  const fmt = useMemo(() => createFormatters(screenLocale, settings.currency, settings.timeZone), [screenLocale, settings.currency, settings.timeZone]);

  // A cashier's takeover runs as the manager who approved it with their PIN.
  const takeOver = useCallback(async (approvedBy?: StaffSession) => {
    setLicenseBusy(true); setTakeoverError(null);
    try { await takeOverAs(client, approvedBy, setLicense); } catch (e) { setTakeoverError(errorText(t, e)); } finally { setLicenseBusy(false); }
  }, [client, t]);
  const checkAgain = useCallback(async () => {
    setLicenseBusy(true);
    try { await licenseAction(client, 'license.check', {}, setLicense); } catch (e) { showError(e); } finally { setLicenseBusy(false); }
  }, [client, showError]);
  const openPortal = useCallback(async () => {
    try { const r = await client.call('license.portal', {}); openExternal(r.url); } catch (e) { showError(e); }
  }, [client, openExternal, showError]);
  const loadDemo = useCallback(async () => {
    await client.call('demo.load', {});
    toast(t('activation.demoLoaded'), 'success');
  }, [client, toast, t]);

  const signOut = useCallback(() => { client.signOut(); setSession(null); setNav({ screen: 'order', params: {} }); }, [client]);
  const navigate = useCallback((screen: ScreenName, params: Record<string, string> = {}) => setNav({ screen, params }), []);

  if (deviceExpired) {
    return <SignInExpired onReload={reload} onPairAgain={() => { client.forgetDevice?.(); setDeviceExpired(false); setLicense(null); setPaired(false); }} />;
  }
  if (!paired) return <PairingScreen client={client} onPaired={() => setPaired(true)} initialCode={pairCode} />;
  if (!license) {
    return (
      <main className="welcome">
        {licenseError ? <p className="form-error" role="alert">{licenseError} <button type="button" className="btn" onClick={refreshLicense}>{t('common.retry')}</button></p> : <Skeleton rows={3} />}
      </main>
    );
  }
  const ctx: PosContextValue = {
    client, fmt, settings, reloadSettings, staff: session?.staff ?? null, license, refreshLicense,
    canSell: licenseAllowsSelling(license), toast, showError, navigate, screen: nav.screen, params: nav.params, signOut,
    myLanguage, setMyLanguage,
  };
  let body;
  if (license.state === 'unlicensed') {
    body = <ActivationScreen client={client} fmt={fmt} status={license} onStatus={setLicense} onLoadDemo={() => { void loadDemo().catch(showError); }} openExternal={openExternal} />;
  } else if (justActivated) {
    body = <ActivatedStep status={license} onContinue={() => setJustActivated(false)} />;
  } else if (!session) {
    body = <PinSignIn client={client} onSignedIn={setSession} onLoadDemo={loadDemo} />;
  } else {
    const takenOver = license.state === 'locked' && license.reason === 'taken_over';
    const approvalClient = canTakeOver(session.staff.role) ? null : client;
    body = (
      <CatalogProvider client={client}>
        <div className="shell">
          <header className="topbar">
            <nav className="nav" aria-label={t('nav.label')}>
              {navFor(session.staff.role).map((n) => (
                <button type="button" key={n} className={nav.screen === n ? 'nav-btn on' : 'nav-btn'} onClick={() => navigate(n)} data-testid={`nav-${n}`}>
                  {t(`nav.${n}`)}
                </button>
              ))}
            </nav>
            <span className="topbar-right">
              <LicenseChip status={license} onOpen={() => navigate('subscription')} />
              <button type="button" className="staff-chip" onClick={signOut} data-testid="sign-out"
                title={`${session.staff.name} · ${t('pin.signOut')}`} aria-label={`${session.staff.name} · ${t('pin.signOut')}`}>
                {initials(session.staff.name)}
              </button>
            </span>
          </header>
          <DiskBanner client={client} />
          <FiscalBanner client={client} onOpen={() => navigate('orders')} />
          <TokenNeededBanner client={client} status={license} onStatus={setLicense} />
          <OfflineBanner status={license} fmt={fmt} />
          <TrialBanner status={license} fmt={fmt} onSubscribe={() => navigate('subscription')} />
          <SuspendedBanner status={license} onPortal={() => void openPortal()} onCheckAgain={() => void checkAgain()} busy={licenseBusy}
            canManageBilling={canManageLicense(session.staff.role)} />
          {license.state === 'session_conflict' && takeoverDismissed && (
            <div className="banner banner-warn" data-testid="conflict-banner">
              <span>{t('license.takeover.notSelling', { name: license.sessionHolder?.name ?? t('license.takeover.unknownMachine') })}</span>
              <button type="button" className="btn" onClick={() => setTakeoverDismissed(false)}>{t('license.takeover.useHere')}</button>
            </div>
          )}
          <main className="screen">
            <ScreenRouter screen={nav.screen} />
          </main>
          {takenOver && nav.screen !== 'reports' && nav.screen !== 'orders' && (
            <TakenOverLock status={license} fmt={fmt} busy={licenseBusy} onTakeBack={(s) => void takeOver(s)} onOpenReports={() => navigate('reports')} approvalClient={approvalClient} />
          )}
          {license.state === 'session_conflict' && !takeoverDismissed && (
            <TakeoverDialog holder={license.sessionHolder} fmt={fmt} busy={licenseBusy} error={takeoverError}
              onTakeOver={(s) => void takeOver(s)} onNotNow={() => setTakeoverDismissed(true)} approvalClient={approvalClient} />
          )}
        </div>
      </CatalogProvider>
    );
  }
  return (
    <PosContext.Provider value={ctx}>
      {body}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((ts) => ts.filter((x) => x.id !== id))} />
    </PosContext.Provider>
  );
}
