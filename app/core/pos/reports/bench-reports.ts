/**
 * Benchmark: sales reports and shift summaries over a seeded year (~150,000 orders, ~3 lines
 * each, 5,000 items). Prints medians and p99; the goal is a month's report under 100 ms.
 *   npx tsx app/core/pos/reports/bench-reports.ts [--orders 150000] [--keep DIR]
 * Runs in a temp dir and deletes it afterwards; with --keep the seeded DB stays in DIR and is
 * reused by the next run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../clock';
import { openDatabase } from '../../db';
import { uuidv7 } from '../../db/uuid';
import { DEFAULT_SETTINGS } from '../settings/settings-schema';
import { computeShiftSummary } from '../shifts/shift-summary';
import { salesReport } from './sales-report';

const ordersArg = process.argv.indexOf('--orders');
const ORDERS = ordersArg > 0 ? Number(process.argv[ordersArg + 1]) : 150_000;
const ITEMS = 5_000;
const keepArg = process.argv.indexOf('--keep');
const keepDir = keepArg > 0 ? process.argv[keepArg + 1] : undefined;
const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'pospal-bench-reports-'));
const reuse = keepDir !== undefined && existsSync(join(keepDir, 'shop.db'));
if (keepDir) mkdirSync(keepDir, { recursive: true });
const start = Date.UTC(2025, 10, 1);
const clock = manualClock(start);
const db = openDatabase({ file: join(dir, 'shop.db'), clock });

function seed(): void {
  let seedState = 42;
  const rand = () => ((seedState = (seedState * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const staff = Array.from({ length: 6 }, (_, i) => {
    const id = uuidv7(clock);
    db.prepare(`INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, 'cashier', 'x', 'x', 0)`).run(id, `Staff ${i}`);
    return id;
  });
  const taxId = uuidv7(clock);
  db.prepare(`INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES (?, 'VAT 24%', 2400, 0)`).run(taxId);
  const categories = Array.from({ length: 25 }, (_, i) => {
    const id = uuidv7(clock);
    db.prepare('INSERT INTO categories (id, name, position, created_at, updated_at) VALUES (?, ?, ?, 0, 0)').run(id, `Category ${i}`, i);
    return id;
  });
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const id = uuidv7(clock);
    const categoryId = categories[i % categories.length] ?? '';
    const price = 150 + (i % 40) * 25;
    db.prepare('INSERT INTO items (id, category_id, name, price_cents, tax_rate_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)')
      .run(id, categoryId, `Item ${i}`, price, taxId);
    return { id, categoryId, name: `Item ${i}`, price };
  });
  const insertOrder = db.prepare(`INSERT INTO orders (id, business_day, number, status, staff_id, tax_mode, subtotal_cents, tax_cents, total_cents,
    paid_cents, created_at, updated_at, paid_at) VALUES (?, ?, ?, 'paid', ?, 'inclusive', ?, ?, ?, ?, ?, ?, ?)`);
  const insertLine = db.prepare(`INSERT INTO order_lines (id, order_id, position, item_id, category_id, name, unit_price_cents, qty, tax_rate_bp,
    gross_cents, net_cents, tax_cents, total_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2400, ?, ?, ?, ?, ?)`);
  const insertPayment = db.prepare(`INSERT INTO payments (id, order_id, method, amount_cents, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const yearMs = 365 * 86_400_000;
  const numbers = new Map<string, number>();
  db.transaction(() => {
    for (let n = 0; n < ORDERS; n++) {
      const at = start + Math.floor((n / ORDERS) * yearMs);
      clock.set(at);
      const orderId = uuidv7(clock);
      const day = new Date(at).toISOString().slice(0, 10);
      const number = (numbers.get(day) ?? 0) + 1;
      numbers.set(day, number);
      const lineCount = 1 + Math.floor(rand() * 5);
      let total = 0;
      let tax = 0;
      const lines: [string, number, string, string, string, number, number, number, number, number][] = [];
      for (let l = 0; l < lineCount; l++) {
        // Skewed popularity: a few items sell a lot, most rarely.
        const item = items[Math.floor(rand() ** 3 * ITEMS)] ?? items[0];
        if (!item) throw new Error('no items');
        const qty = 1 + Math.floor(rand() * 3);
        const gross = item.price * qty;
        const net = Math.round((gross * 10_000) / 12_400);
        total += gross;
        tax += gross - net;
        lines.push([item.id, l, item.id, item.categoryId, item.name, item.price, qty, gross, net, gross - net]);
      }
      insertOrder.run(orderId, day, number, staff[n % staff.length], total, tax, total, total, at, at, at);
      for (const [, position, itemId, categoryId, name, price, qty, gross, net, lineTax] of lines) {
        insertLine.run(uuidv7(clock), orderId, position, itemId, categoryId, name, price, qty, gross, net, lineTax, gross, at);
      }
      insertPayment.run(uuidv7(clock), orderId, rand() < 0.6 ? 'cash' : 'card', total, staff[n % staff.length], at);
    }
  })();
  db.pragma('optimize');
}

function measure(label: string, runs: number, fn: () => unknown): void {
  fn(); // warm up the page cache and statement cache
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  // CPU time beside wall time: on a shared, busy machine wall time mostly measures the queue.
  const pick = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  const f = (x: number) => x.toFixed(2).padStart(9);
  console.log(`| ${label.padEnd(38)} | ${f(pick(times, 0.5))} | ${f(pick(times, 0.99))} | ${f(pick(cpu, 0.5))} | ${String(runs).padStart(4)} |`);
}

const t0 = performance.now();
if (!reuse) seed();
console.log(`${reuse ? 'reused' : 'seeded'} ${ORDERS} orders, ${ITEMS} items in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);
const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Athens', businessDayStartHour: 4 };
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
console.log('| operation                              | median ms |    p99 ms | CPU ms med | runs |');
console.log('|----------------------------------------|----------:|----------:|-----------:|-----:|');
measure('sales report, one month (2026-03)', 50, () => salesReport(db, settings, { from: '2026-03-01', to: '2026-03-31' }));
measure('  same month, raw ledger (reference)', 20, () => salesReport(db, settings, { from: '2026-03-01', to: '2026-03-31' }, { source: 'raw' }));
measure('sales report, one day', 100, () => salesReport(db, settings, { from: '2026-03-14', to: '2026-03-14' }));
measure('sales report, one week', 50, () => salesReport(db, settings, { from: '2026-03-09', to: '2026-03-15' }));
measure('sales report, whole year', 5, () => salesReport(db, settings, { from: '2025-11-01', to: '2026-10-31' }));
// A shift of one busy day: its sales and payments carry its id (shifts count by stamp).
const dayStart = Date.UTC(2026, 2, 14, 6);
const shiftId = 'bench-shift-2026-03-14';
db.prepare(`UPDATE orders SET shift_id = ? WHERE paid_at >= ? AND paid_at < ?`).run(shiftId, dayStart, dayStart + 16 * 3_600_000);
db.prepare(`UPDATE payments SET shift_id = ? WHERE created_at >= ? AND created_at < ?`).run(shiftId, dayStart, dayStart + 16 * 3_600_000);
measure('shift summary (X/Z figures), one day', 100, () => computeShiftSummary(db, {
  shiftId, shiftNumber: 1, countsFrom: dayStart, openedAt: dayStart, openedById: 'none', openingFloatCents: 0,
  until: dayStart + 16 * 3_600_000, closed: false, countedCents: null,
}));
db.close();
if (!keepDir) rmSync(dir, { recursive: true, force: true });
