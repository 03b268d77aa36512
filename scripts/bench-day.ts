/**
 * A day of service in minutes (`npm run bench:day`): the app's real server (startPosPal in browser
 * mode, licensed by a real local worker under wrangler dev), the demo café, three tablets over
 * HTTP paired through the real pairing flow with staff signed in by PIN, each with an SSE
 * listener, and three printers (small TCP servers on 127.0.0.1 capturing bytes: receipt with the
 * cash drawer, kitchen, bar) set in Settings. BENCH_ORDERS (default 3,000) orders: lines, a
 * kitchen send, payment; a few voids and refunds (the manager's tablet). Prints throughput,
 * p50/p99 per operation, and the server's memory (RSS, heap after a GC) at start (after the
 * warm-up), middle and end. Printed figures, never asserted. Run with --expose-gc (npm script).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPosPal } from '../app/bootstrap';
import { activateApp } from '../app/e2e/shop';
import type { E2eApp } from '../app/e2e/fixture';
import { fmtRatio, goalLine, percentile, ratio, seededRandom, table } from './lib/bench-stats';
import { pairTablet, Tablet } from './lib/day-tablet';
import { startLocalWorker } from './lib/local-worker';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 3_000);
const WARMUP = Math.min(300, Math.floor(ORDERS / 10));
/** The day stops taking new orders after this (a loaded machine serves fewer than ORDERS); said in the output. */
const BUDGET_S = Number(process.env.BENCH_DAY_SECONDS ?? 150);
const random = seededRandom(2026);
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`;

interface Printer { server: Server; port: number; bytes: number; connections: number }
async function startPrinter(): Promise<Printer> {
  const p: Printer = { server: createServer(), port: 0, bytes: 0, connections: 0 };
  p.server.on('connection', (s) => {
    p.connections++;
    s.on('data', (b: Buffer) => { p.bytes += b.length; });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
  const a = p.server.address();
  p.port = typeof a === 'object' && a ? a.port : 0;
  return p;
}

interface Memory { label: string; orders: number; rssMb: number; heapMb: number }
const gc = (globalThis as { gc?: () => void }).gc;
function memory(label: string, orders: number): Memory {
  gc?.();
  const m = process.memoryUsage();
  return { label, orders, rssMb: m.rss / 1e6, heapMb: m.heapUsed / 1e6 };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const worker = await startLocalWorker({});
  const dataDir = mkdtempSync(join(tmpdir(), 'pospal-bench-day-'));
  const printers = { receipt: await startPrinter(), kitchen: await startPrinter(), bar: await startPrinter() };
  const app = await startPosPal({
    env: { POSPAL_DATA_DIR: dataDir, POSPAL_LICENSE_URL: worker.url, POSPAL_LICENSE_KEYS: `${worker.kid}=${worker.publicKey}` },
    rendererDir: null,
    http: 'always',
    host: '127.0.0.1',
    port: 0,
    log: () => {},
    licenseClient: { maxRetries: 0, timeoutMs: 3000 },
  });
  const tablets: Tablet[] = [];
  try {
    // Licensed as the main computer at first run, then the demo café (staff with PINs).
    await activateApp(worker, { app } as unknown as E2eApp, `day-${Date.now()}@example.com`);
    const demo = await app.api.call('demo.load', {});
    if (!demo.ok) throw new Error(`demo.load: ${JSON.stringify(demo.error)}`);
    const base = app.server!.url;
    const main = new Tablet(base, new URL(app.server!.openUrl).hash.replace('#token=', ''), 'main computer');
    const staff = (await main.call<{ staff: { id: string; name: string; role: string }[] }>('staff.listForLogin', {})).staff;
    const byRole = (role: string) => staff.find((s) => s.role === role)!;
    await main.signIn(byRole('owner').id, '1234');
    const printer = (id: string, p: Printer, station: string, cashDrawer = false) => ({ id, name: id, host: '127.0.0.1', port: p.port, station, ...(cashDrawer ? { cashDrawer } : {}) });
    await main.call('settings.update', { printers: [printer('receipt', printers.receipt, 'receipt', true), printer('kitchen', printers.kitchen, 'kitchen'), printer('bar', printers.bar, 'bar')] });
    const shift = await main.raw<unknown>('/api/call/shift.open', { openingFloatCents: 10_000 });
    if (!shift.ok && !/OPEN/i.test(shift.error.code)) throw new Error(`shift.open: ${shift.error.code} ${shift.error.message}`);

    const crew = [['Tablet 1', 'cashier', '1111'], ['Tablet 2', 'cashier', '1111'], ['Tablet 3', 'manager', '2222']] as const;
    for (const [name, role, pin] of crew) {
      const t = await pairTablet(base, main, name);
      await t.signIn(byRole(role).id, pin);
      await t.listen();
      tablets.push(t);
    }
    // Items that go straight onto a ticket (no required choice), found by trying them once.
    const items = (await main.call<{ id: string }[] | { items: { id: string }[] }>('catalog.listItems', {}));
    const all = Array.isArray(items) ? items : items.items;
    const probe = await main.call<{ id: string }>('order.create', {});
    const sellable: string[] = [];
    for (const it of all) {
      const r = await main.raw(`/api/call/order.addLine`, { orderId: probe.id, itemId: it.id, qty: 1 });
      if (r.ok) sellable.push(it.id);
    }
    await main.call('order.void', { orderId: probe.id, reason: 'bench probe' });
    console.log(`setup: worker + app + ${tablets.length} paired tablets + 3 printers in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${sellable.length} items sellable without a choice; ${load()}`);

    // ---- the day ---------------------------------------------------------------------------
    const mem: Memory[] = [memory('before warm-up', 0)];
    let next = 0;
    let done = 0;
    let voids = 0;
    let refunds = 0;
    let tStart = 0;
    const mid = Math.floor((WARMUP + ORDERS) / 2);
    const dayStart = performance.now();
    const deadline = dayStart + BUDGET_S * 1000;
    let midTaken = false;
    const takeMiddle = () => { if (!midTaken && tStart > 0) { midTaken = true; mem.push(memory('middle', done)); } };
    const serve = async (t: Tablet, manager: boolean) => {
      while (next < ORDERS && performance.now() < deadline) {
        next++;
        const order = await t.call<{ id: string }>('order.create', {});
        const lines = 1 + Math.floor(random() * 4);
        for (let i = 0; i < lines; i++) await t.call('order.addLine', { orderId: order.id, itemId: sellable[Math.floor(random() * sellable.length)], qty: 1 + Math.floor(random() * 2) });
        await t.call('order.send', { orderId: order.id });
        if (manager && random() < 0.03) {
          await t.call('order.void', { orderId: order.id, reason: 'customer left' });
          voids++;
        } else {
          const cash = random() < 0.6;
          const view = await t.call<{ totalCents?: number; order?: { totalCents: number } }>('order.get', { orderId: order.id });
          const total = view.totalCents ?? view.order?.totalCents ?? 0;
          await t.call('payment.take', { orderId: order.id, tenders: [cash ? { method: 'cash', tenderedCents: 5_000 } : { method: 'card', amountCents: total }] });
          if (manager && random() < 0.03) {
            await t.call('order.refund', { orderId: order.id, method: cash ? 'cash' : 'card', reason: 'wrong order' });
            refunds++;
          }
        }
        done++;
        if (done === WARMUP) { mem.push(memory('start (after warm-up)', done)); tStart = performance.now(); }
        if (done === mid || (tStart > 0 && performance.now() > (tStart + deadline) / 2)) takeMiddle();
      }
    };
    await Promise.all(tablets.map((t, i) => serve(t, i === 2)));
    const elapsedS = (performance.now() - tStart) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // the print queue drains
    mem.push(memory('end', done));

    // ---- report ------------------------------------------------------------------------------
    const ops = new Map<string, number[]>();
    for (const t of tablets) for (const [op, xs] of t.timings) ops.set(op, [...(ops.get(op) ?? []), ...xs]);
    const measuredCalls = [...ops.values()].reduce((s, xs) => s + xs.length, 0);
    if (done < ORDERS) console.log(`\nNOTE: the ${BUDGET_S} s budget (BENCH_DAY_SECONDS) ran out after ${done} of ${ORDERS} orders on this machine (${load()}).`);
    console.log(`\nday of service: ${done} orders (${voids} voided, ${refunds} refunded) by ${tablets.length} tablets; after the ${WARMUP}-order warm-up ${((done - WARMUP) / elapsedS).toFixed(1)} orders/s; ${measuredCalls} calls in all; ${load()}`);
    console.log(table(['operation', 'calls', 'p50 ms', 'p99 ms'], [...ops].map(([op, xs]) => [op, xs.length, percentile(xs, 0.5).toFixed(1), percentile(xs, 0.99).toFixed(1)])));
    console.log(`printers: ${Object.entries(printers).map(([k, p]) => `${k} ${p.bytes} bytes over ${p.connections} connections`).join(' · ')}`);
    console.log(`SSE events per tablet: ${tablets.map((t) => `${t.name} ${[...t.events].map(([e, n]) => `${e} ${n}`).join(', ') || 'none'}`).join(' · ')}`);
    console.log(`\nserver memory (same process as the tablets' client; ${gc ? 'after a forced GC' : 'no --expose-gc: heap before GC'}):`);
    console.log(table(['when', 'orders', 'RSS MB', 'heap MB'], mem.map((m) => [m.label, m.orders, m.rssMb.toFixed(1), m.heapMb.toFixed(1)])));
    const start = mem.find((m) => m.label.startsWith('start'));
    const end = mem.at(-1)!;
    const heapGrowth = ratio(end.heapMb, start?.heapMb ?? NaN);
    const rssGrowth = ratio(end.rssMb, start?.rssMb ?? NaN);
    console.log(`\nGoals (${load()}):`);
    console.log(`  ${goalLine('heap growth after warm-up (end ÷ start)', heapGrowth, '<=', 1.2, fmtRatio(heapGrowth))}`);
    console.log(`  ${goalLine('RSS growth after warm-up (end ÷ start)', rssGrowth, '<=', 1.2, fmtRatio(rssGrowth))}`);
    if (tablets.some((t) => t.errors > 0)) console.log(`Warning: ${tablets.reduce((s, t) => s + t.errors, 0)} refused calls.`);
  } finally {
    for (const t of tablets) t.close();
    await app.stop().catch(() => {});
    for (const p of Object.values(printers)) p.server.close();
    await worker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
