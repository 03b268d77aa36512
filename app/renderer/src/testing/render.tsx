/** Renders a screen inside the same providers <App> gives it, over a real core shop. */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { ApiClient } from '../api/client';
import type { LicenseStatus, StaffMember } from '../api/shapes';
import { PosContext, licenseAllowsSelling } from '../context';
import type { PosContextValue, Toast } from '../context';
import { createFormatters } from '../format';
import { createI18n } from '../i18n';
import { CatalogProvider } from '../order/catalog-context';
import { DEFAULT_SETTINGS } from '../App';

export function licenseStatus(patch: Partial<LicenseStatus> = {}): LicenseStatus {
  return {
    state: 'active', reason: null, canSell: true, daysLeft: 10, warning: false, lastCheckAt: null, offlineGraceUntil: null,
    nextCheckAt: null, customerEmail: 'shop@example.com', plan: 'monthly', subscriptionStatus: 'active', currentPeriodEnd: null,
    cancelAtPeriodEnd: false, machine: { id: 'm1', name: 'TILL-1', platform: 'linux' }, sessionHolder: null, problem: null,
    trialEndsAt: null, trialDaysLeft: null, trialWarning: false,
    ...patch,
  };
}

export function renderWithPos(ui: ReactNode, opts: { client: ApiClient; staff?: StaffMember; license?: LicenseStatus; language?: 'en' | 'el'; params?: Record<string, string> }) {
  const toasts: Toast[] = [];
  const license = opts.license ?? licenseStatus();
  const ctx: PosContextValue = {
    client: opts.client,
    fmt: createFormatters('en-IE', 'EUR'),
    settings: DEFAULT_SETTINGS,
    reloadSettings: () => undefined,
    staff: opts.staff ?? null,
    license,
    refreshLicense: () => undefined,
    canSell: licenseAllowsSelling(license),
    toast: (text, kind = 'info') => { toasts.push({ id: toasts.length + 1, text, kind }); },
    showError: (e) => { toasts.push({ id: toasts.length + 1, text: e instanceof Error ? `${(e as { code?: string }).code ?? ''} ${e.message}` : String(e), kind: 'error' }); },
    navigate: () => undefined,
    screen: 'order',
    params: opts.params ?? {},
    signOut: () => undefined,
  };
  const i18n = createI18n(opts.language ?? 'en');
  const result = render(
    <I18nextProvider i18n={i18n}>
      <PosContext.Provider value={ctx}>
        <CatalogProvider client={opts.client}>{ui}</CatalogProvider>
      </PosContext.Provider>
    </I18nextProvider>,
  );
  return { ...result, toasts, ctx };
}
