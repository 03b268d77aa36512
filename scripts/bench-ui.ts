/// <reference lib="dom" />
/**
 * UI benchmark (`npm run bench:ui`): the real app in browser mode (built renderer, real core on
 * a temp SQLite file, licensed by a real local worker) with the 5,000-item demo menu, driven by
 * Chromium at 1024×768. Prints, never asserts:
 *   - navigation → interactive order screen (item tiles on screen and enabled), median of runs
 *   - tap an item → its line on the ticket, median and p95 over 100 taps
 * Timings are taken inside the page (performance.now + MutationObserver), so Playwright's own
 * round trips are not counted (hence the DOM types above: those callbacks run in Chromium).
 */
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { startE2e } from '../app/e2e/fixture';
import { activateApp, loadDemo, signInWithPin, uniqueEmail } from '../app/e2e/shop';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5_000);
const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 10);
const TAPS = Number(process.env.BENCH_TAPS ?? 100);

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Installed before every navigation: notes when the first enabled item tile is in the page. */
const INTERACTIVE_PROBE = `(() => {
  const w = window;
  const check = () => {
    const tile = document.querySelector('[data-testid="item-tile"]:not([disabled])');
    if (tile && w.__pospalInteractive === undefined) { w.__pospalInteractive = performance.now(); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => { observer.observe(document.body, { childList: true, subtree: true, attributes: true }); check(); });
})();`;

async function timeToInteractive(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __pospalInteractive?: number }).__pospalInteractive !== undefined, undefined, { timeout: 30_000 });
  // performance.now() counts from the navigation's start (timeOrigin).
  return page.evaluate(() => (window as unknown as { __pospalInteractive: number }).__pospalInteractive);
}

/**
 * Installed with the probe: taps the i-th tile of the grid and resolves with the time until the
 * ticket has one more line. A string, as tsx would otherwise add helpers the page lacks.
 */
const TAP_PROBE = `window.__pospalTap = (i) => new Promise((resolve, reject) => {
  const tiles = document.querySelectorAll('[data-testid="item-tile"]');
  const tile = tiles[i % tiles.length];
  if (!tile) { reject(new Error('no item tile')); return; }
  const lines = () => document.querySelectorAll('[data-testid="ticket-line"]').length;
  const before = lines();
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (lines() > before) { clearTimeout(timer); observer.disconnect(); resolve(performance.now() - start); }
  });
  const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no line after 10 s')); }, 10000);
  observer.observe(document.body, { childList: true, subtree: true });
  tile.click();
});`;

async function tapToLine(page: Page, index: number): Promise<number> {
  return page.evaluate((i) => (window as unknown as { __pospalTap(i: number): Promise<number> }).__pospalTap(i), index);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const e2e = await startE2e();
  try {
    const a = await e2e.startApp('bench');
    await activateApp(e2e.worker, a, uniqueEmail('bench'));
    const seeded = await a.app.api.call<{ items: number }>('demo.load', { size: 'bench', benchItems: ITEMS });
    if (!seeded.ok) { await loadDemo(a); throw new Error(`demo.load bench: ${JSON.stringify(seeded.error)}`); }
    const page = await a.open();
    await signInWithPin(page, /Maria/, '1111');
    await page.addInitScript(INTERACTIVE_PROBE + TAP_PROBE);
    const url = a.app.server!.url;
    console.log(`setup: ${seeded.value.items} items, worker + app + Chromium in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The staff session and device token are remembered: a reload lands on the order screen.
    await timeToInteractive(page, url); // warm-up (HTTP cache, V8 code cache)
    const loads: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) loads.push(await timeToInteractive(page, url));

    // Items without required options go straight onto the ticket; the grid's first category is
    // the demo café's Coffee (options sheet), so tap in a generated category.
    await page.getByTestId('category-tab').filter({ hasText: 'Bakery' }).first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="item-tile"]')?.textContent?.includes('Item') ?? false);
    for (let i = 0; i < 5; i++) await tapToLine(page, i); // warm-up
    const taps: number[] = [];
    for (let i = 0; i < TAPS; i++) taps.push(await tapToLine(page, 5 + i));

    console.log(`navigation → interactive order screen (${ITEMS} items): median ${ms(median(loads))}, p95 ${ms(quantile(loads, 0.95))} over ${NAVIGATIONS} loads  (goal < 1000 ms)`);
    console.log(`tap → line on the ticket: median ${ms(median(taps))}, p95 ${ms(quantile(taps, 0.95))} over ${TAPS} taps  (goal < 50 ms)`);
  } finally {
    await e2e.stop();
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
