// @vitest-environment node
/**
 * The takeover dialog: says who holds the license and since when, cannot be dismissed by Esc
 * or a tap outside, and only its two buttons decide. The App-level flow (dialog → take over →
 * chip back to Licensed; "taken over" lock with take-back) runs over the license commands.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createFormatters } from '../format';
import { createI18n } from '../i18n';
import { TakeoverDialog } from './TakeoverDialog';

afterEach(cleanup);

const NOW = Date.UTC(2026, 4, 12, 14, 2);
const holder = { name: 'OFFICE-PC', platform: 'win32', lastHeartbeatAt: NOW - 2 * 60_000 };

function renderDialog(language: 'en' | 'el' = 'en', props: Partial<Parameters<typeof TakeoverDialog>[0]> = {}) {
  const calls: string[] = [];
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <TakeoverDialog holder={holder} fmt={createFormatters(language === 'el' ? 'el-GR' : 'en-GB', 'EUR')} now={NOW}
        onTakeOver={() => calls.push('takeOver')} onNotNow={() => calls.push('notNow')} {...props} />
    </I18nextProvider>,
  );
  return calls;
}

describe('takeover dialog', () => {
  it('names the holder, its platform and when it was last active, and explains the consequence', () => {
    renderDialog();
    const dialog = screen.getByTestId('takeover-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByText('POSPal is already in use on another computer')).toBeTruthy();
    expect(screen.getByTestId('takeover-holder').textContent).toContain('OFFICE-PC');
    expect(screen.getByTestId('takeover-holder').textContent).toContain('win32');
    expect(screen.getByTestId('takeover-last-seen').textContent).toBe('last active 2 minutes ago');
    expect(dialog.textContent).toContain('OFFICE-PC will stop selling');
  });

  it('cannot be dismissed by Esc or a tap on the backdrop; has no close button', () => {
    const calls = renderDialog();
    fireEvent.keyDown(window, { key: 'Escape' });
    const backdrop = screen.getByTestId('takeover-dialog').parentElement as HTMLElement;
    fireEvent.mouseDown(backdrop);
    expect(screen.getByTestId('takeover-dialog')).toBeTruthy();
    expect(screen.queryByTestId('sheet-close')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('"Use POSPal on this computer" takes over (focused first); "Not now" declines', () => {
    const calls = renderDialog();
    expect(document.activeElement).toBe(screen.getByTestId('takeover-use-here'));
    fireEvent.click(screen.getByTestId('takeover-use-here'));
    fireEvent.click(screen.getByTestId('takeover-not-now'));
    expect(calls).toEqual(['takeOver', 'notNow']);
  });

  it('while taking over the buttons are disabled; an error is shown in the dialog', () => {
    renderDialog('en', { busy: true, error: 'No connection to the license service.' });
    expect((screen.getByTestId('takeover-use-here') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('takeover-not-now') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toContain('No connection');
  });

  it('speaks Greek', async () => {
    renderDialog('el');
    await waitFor(() => expect(screen.getByText('Το POSPal χρησιμοποιείται ήδη σε άλλον υπολογιστή')).toBeTruthy());
    expect(screen.getByTestId('takeover-use-here').textContent).toBe('Χρήση του POSPal σε αυτόν τον υπολογιστή');
    expect(screen.getByTestId('takeover-last-seen').textContent).toMatch(/^τελευταία δραστηριότητα .*2 λεπτά/);
  });
});
