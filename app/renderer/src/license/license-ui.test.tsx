// @vitest-environment node
/**
 * License states as the cashier sees them: the chip's colour and words, the offline banner
 * (dates, collapsible for the day only), the suspended banner with its two actions, and the
 * taken-over lock.
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
import { OfflineBanner } from './OfflineBanner';
import { SuspendedBanner } from './SuspendedBanner';
import { TakenOverLock } from './TakenOverLock';

afterEach(() => { cleanup(); window.localStorage.clear(); });

const fmt = createFormatters('en-GB', 'EUR', 'Europe/Athens');
const wrap = (ui: ReactNode, lang: 'en' | 'el' = 'en') => render(<I18nextProvider i18n={createI18n(lang)}>{ui}</I18nextProvider>);
const DAY = 86_400_000;
const MAY_12 = Date.UTC(2026, 4, 12, 9);

describe('license chip', () => {
  it('green Licensed, amber offline with days left, red suspended', () => {
    wrap(<>
      <LicenseChip status={licenseStatus()} onOpen={() => undefined} />
      <LicenseChip status={licenseStatus({ state: 'offline_grace', daysLeft: 6 })} onOpen={() => undefined} />
      <LicenseChip status={licenseStatus({ state: 'offline_grace', daysLeft: 1 })} onOpen={() => undefined} />
      <LicenseChip status={licenseStatus({ state: 'suspended', canSell: false })} onOpen={() => undefined} />
    </>);
    const chips = screen.getAllByTestId('license-chip');
    expect(chips.map((c) => c.textContent)).toEqual(['Licensed', 'Offline — 6 days left', 'Offline — 1 day left', 'Suspended']);
    expect(chips.map((c) => c.className.split(' ')[1])).toEqual(['chip-ok', 'chip-warn', 'chip-warn', 'chip-bad']);
  });
  it('opens the subscription page', () => {
    const opened: string[] = [];
    wrap(<LicenseChip status={licenseStatus()} onOpen={() => opened.push('open')} />);
    fireEvent.click(screen.getByTestId('license-chip'));
    expect(opened).toEqual(['open']);
  });
});

describe('offline banner', () => {
  const status = licenseStatus({ state: 'offline_grace', daysLeft: 3, warning: true, lastCheckAt: MAY_12, offlineGraceUntil: MAY_12 + 10 * DAY });

  it('says since when and until when selling continues', () => {
    wrap(<OfflineBanner status={status} fmt={fmt} now={MAY_12 + 7 * DAY} />);
    expect(screen.getByTestId('offline-banner').textContent).toContain(
      "No connection to POSPal's license service since 12/05/2026. Selling continues until 22/05/2026; connect to the internet to renew.");
  });

  it('collapses for the rest of the day and returns the next morning', () => {
    const day8 = MAY_12 + 7 * DAY;
    const first = wrap(<OfflineBanner status={status} fmt={fmt} now={day8} />);
    fireEvent.click(screen.getByTestId('offline-banner-collapse'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(screen.getByTestId('offline-banner-collapsed')).toBeTruthy();
    first.unmount();
    wrap(<OfflineBanner status={status} fmt={fmt} now={day8 + 60_000} />); // same day, after a restart
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    cleanup();
    wrap(<OfflineBanner status={status} fmt={fmt} now={day8 + DAY} />); // next morning
    expect(screen.getByTestId('offline-banner')).toBeTruthy();
  });

  it('is absent when licensed', () => {
    wrap(<OfflineBanner status={licenseStatus()} fmt={fmt} />);
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});

describe('suspended banner', () => {
  it('explains, offers "Update payment" and "Check again"', () => {
    const calls: string[] = [];
    wrap(<SuspendedBanner status={licenseStatus({ state: 'suspended', canSell: false })} onPortal={() => calls.push('portal')} onCheckAgain={() => calls.push('check')} />);
    expect(screen.getByTestId('suspended-banner').textContent).toContain('Your subscription payment failed. Update your card to keep selling.');
    fireEvent.click(screen.getByTestId('update-payment'));
    fireEvent.click(screen.getByTestId('check-again'));
    expect(calls).toEqual(['portal', 'check']);
  });
  it('a clock set back says what to fix; taken-over is left to the lock screen', () => {
    wrap(<SuspendedBanner status={licenseStatus({ state: 'locked', reason: 'clock_tampered', canSell: false })} onPortal={() => undefined} onCheckAgain={() => undefined} />);
    expect(screen.getByTestId('suspended-banner').textContent).toMatch(/clock was set back/);
    expect(screen.queryByTestId('update-payment')).toBeNull();
    cleanup();
    wrap(<SuspendedBanner status={licenseStatus({ state: 'locked', reason: 'taken_over', canSell: false })} onPortal={() => undefined} onCheckAgain={() => undefined} />);
    expect(screen.queryByTestId('suspended-banner')).toBeNull();
  });
});

describe('taken-over lock', () => {
  it('names the computer and the time, offers take-back and reports', () => {
    const calls: string[] = [];
    const status = licenseStatus({ state: 'locked', reason: 'taken_over', canSell: false, sessionHolder: { name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: Date.UTC(2026, 4, 12, 11, 2) } });
    wrap(<TakenOverLock status={status} fmt={fmt} onTakeBack={() => calls.push('back')} onOpenReports={() => calls.push('reports')} />);
    expect(screen.getByRole('heading').textContent).toBe('POSPal is now in use on OFFICE-PC (since 14:02)');
    fireEvent.click(screen.getByTestId('take-back'));
    fireEvent.click(screen.getByTestId('open-reports'));
    expect(calls).toEqual(['back', 'reports']);
  });
  it('without a known holder it still says what happened, in Greek too', () => {
    wrap(<TakenOverLock status={licenseStatus({ state: 'locked', reason: 'taken_over', canSell: false })} fmt={fmt} onTakeBack={() => undefined} onOpenReports={() => undefined} />, 'el');
    expect(screen.getByRole('heading').textContent).toBe('Το POSPal χρησιμοποιείται τώρα σε άλλον υπολογιστή');
  });
});
