/**
 * Steps several tests share, done through the real interfaces: buying a development
 * subscription (the worker's checkout + dev Pay form), loading the demo café, signing in.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2eApp, LocalWorker } from './fixture';

let emails = 0;
export function uniqueEmail(tag: string): string {
  emails += 1;
  return `${tag}-${Date.now()}-${emails}@cafe.test`;
}

/**
 * Buys through the app's own checkout command (it keeps the claim secret instant activation
 * needs) and the worker's development Pay form.
 */
export async function buySubscription(worker: LocalWorker, a: E2eApp, email: string): Promise<{ sessionId: string }> {
  const started = await a.app.api.call<{ checkoutUrl: string; sessionId: string }>('license.checkout', { email, name: 'Eleni Papadopoulou', businessName: 'Kafeneio Test' }, null, { mainComputer: true });
  if (!started.ok) throw new Error(`license.checkout: ${JSON.stringify(started.error)}`);
  const pay = await fetch(`${worker.url}/dev/checkout/${started.value.sessionId}/pay`, { method: 'POST', redirect: 'manual' });
  expect(pay.status).toBe(303);
  return { sessionId: started.value.sessionId };
}

/** The unlock token from the welcome email in the worker's development outbox. */
export async function tokenFromOutbox(worker: LocalWorker, email: string): Promise<string> {
  const res = await fetch(`${worker.url}/dev/outbox?to=${encodeURIComponent(email)}`);
  const body = (await res.json()) as { emails: { template: string; text: string }[] };
  const welcome = body.emails.find((e) => e.template === 'welcome');
  const token = welcome?.text.match(/POS(-[0-9A-Z]{5}){4}/)?.[0];
  if (!token) throw new Error(`no token in the outbox for ${email}`);
  return token;
}

/** An app activated through the API (for tests about something else than activation), as the main computer at first run. */
export async function activateApp(worker: LocalWorker, a: E2eApp, email: string): Promise<void> {
  const { sessionId } = await buySubscription(worker, a, email);
  for (let i = 0; i < 20; i++) {
    const r = await a.app.api.call<{ state: string }>('license.instant', { email, sessionId }, null, { mainComputer: true });
    if (r.ok && r.value.state === 'active') return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`app did not activate: ${JSON.stringify(a.app.agent.status())}`);
}

/** Loads the demo café through the API; returns the owner's id (PIN 1234). */
export async function loadDemo(a: E2eApp): Promise<void> {
  const r = await a.app.api.call('demo.load', {});
  if (!r.ok) throw new Error(`demo.load: ${JSON.stringify(r.error)}`);
}

/** Signs in on the PIN screen by tapping the keys (as a cashier would). */
export async function signInWithPin(page: Page, staffName: RegExp | string, pin: string): Promise<void> {
  await page.getByTestId('pin-signin').waitFor();
  await page.getByTestId('staff-button').filter({ hasText: staffName }).first().click();
  for (const d of pin) await page.getByTestId(`pin-key-${d}`).click();
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('order-screen').waitFor({ timeout: 15_000 });
}

/** Opens the item's category tab (when given) and taps its tile, as a cashier does. */
export async function tapItem(page: Page, name: string, category?: string): Promise<void> {
  if (category) await page.getByTestId('category-tab').filter({ hasText: category }).first().click();
  await page.getByTestId('item-tile').filter({ hasText: name }).first().click();
}

/** Goes to a main screen through the navigation bar. */
export async function goTo(page: Page, screen: 'order' | 'tables' | 'orders' | 'shift' | 'reports' | 'menu' | 'settings'): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
}

/** Opens the shift on the Shift screen with the counted float (text as typed, e.g. '50'). */
export async function openShift(page: Page, float: string): Promise<void> {
  await goTo(page, 'shift');
  await page.getByTestId('shift-float').fill(float);
  await page.getByTestId('shift-open').click();
  await page.getByTestId('shift-close-start').or(page.getByTestId('cash-in')).first().waitFor();
}
