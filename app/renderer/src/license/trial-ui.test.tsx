// @vitest-environment node
/**
 * The free trial as the cashier sees it (issue 13 §1): the chip counts the trial's days (locale
 * plurals, English and Greek), turns amber from 3 days before the end, says "Trial ended" after
 * it; the banner warns with the date and offers Subscribe, and after the end says selling is
 * locked while reports stay open.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createFormatters } from '../format';
import { createI18n } from '../i18n';
import { licenseStatus } from '../testing/render';
import { LicenseChip } from './LicenseChip';
import { SuspendedBanner } from './SuspendedBanner';
import { TrialBanner } from './TrialBanner';

afterEach(() => { cleanup(); });

const fmt = createFormatters('en-GB', 'EUR', 'Europe/Athens');
const wrap = (ui: ReactNode, lang: 'en' | 'el' = 'en') => render(<I18nextProvider i18n={createI18n(lang)}>{ui}</I18nextProvider>);
const END = Date.UTC(2026, 4, 22, 9);
const trial = (days: number, warning = days <= 3) => licenseStatus({ subscriptionStatus: 'trial', trialEndsAt: END, trialDaysLeft: days, trialWarning: warning });
const ended = licenseStatus({ state: 'locked', reason: 'trial_ended', canSell: false, subscriptionStatus: 'trial', trialEndsAt: END, trialDaysLeft: 0 });

describe('trial chip', () => {
  it('says the days left (plural), amber from 3 days before the end, red once ended', () => {
    wrap(<>
      <LicenseChip status={trial(14)} onOpen={() => undefined} />
      <LicenseChip status={trial(3)} onOpen={() => undefined} />
      <LicenseChip status={trial(1)} onOpen={() => undefined} />
      <LicenseChip status={ended} onOpen={() => undefined} />
    </>);
    const chips = screen.getAllByTestId('license-chip');
    expect(chips.map((c) => c.textContent)).toEqual(['Trial: 14 days left', 'Trial: 3 days left', 'Trial: 1 day left', 'Trial ended']);
    expect(chips.map((c) => c.className.split(' ')[1])).toEqual(['chip-ok', 'chip-warn', 'chip-warn', 'chip-bad']);
  });

  it('in Greek', () => {
    wrap(<><LicenseChip status={trial(14)} onOpen={() => undefined} /><LicenseChip status={trial(1)} onOpen={() => undefined} /></>, 'el');
    expect(screen.getAllByTestId('license-chip').map((c) => c.textContent)).toEqual(['Δοκιμή: 14 ημέρες', 'Δοκιμή: 1 ημέρα']);
  });
});

describe('trial banner', () => {
  it('stays away while more than 3 days are left', () => {
    wrap(<TrialBanner status={trial(4)} fmt={fmt} onSubscribe={() => undefined} />);
    expect(screen.queryByTestId('trial-banner')).toBeNull();
  });

  it('warns with the end date and offers Subscribe', () => {
    const clicked: string[] = [];
    wrap(<TrialBanner status={trial(3)} fmt={fmt} onSubscribe={() => clicked.push('subscribe')} />);
    expect(screen.getByTestId('trial-banner').textContent).toContain('Your free trial ends in 3 days (22/05/2026). Subscribe to keep selling');
    fireEvent.click(screen.getByTestId('trial-subscribe'));
    expect(clicked).toEqual(['subscribe']);
  });

  it('after the end: selling locked, reports and exports open, Subscribe; the generic lock banner stays away', () => {
    wrap(<>
      <TrialBanner status={ended} fmt={fmt} onSubscribe={() => undefined} />
      <SuspendedBanner status={ended} onPortal={() => undefined} onCheckAgain={() => undefined} />
    </>);
    const banner = screen.getByTestId('trial-banner');
    expect(banner.getAttribute('data-ended')).toBe('true');
    expect(banner.textContent).toContain('Your free trial has ended. Subscribe to keep selling');
    expect(banner.textContent).toContain('Reports and exports stay open.');
    expect(screen.queryByTestId('suspended-banner')).toBeNull();
  });
});
