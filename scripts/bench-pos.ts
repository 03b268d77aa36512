/**
 * POS benchmark (`npm run bench:pos`): a seeded shop of 5,000 items and ~150,000 orders over a
 * year on a real file database (WAL, synchronous=FULL), then the till's hot paths through the
 * API. Prints median and p99 per operation; goals are printed beside them, never asserted.
 *   add a line · pay an order (durable commit) next to a bare durable commit on the same file,
 *   on the fresh database and again after churn (a used one) · search by name · by barcode ·
 *   a month's sales report (reports module) · X-report and Z-report (shifts module)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApi } from '../app/core/api';
import type { ApiResult } from '../app/core/api';
import { systemClock } from '../app/core/clock';
import { openDatabase } from '../app/core/db/connection';
import { uuidv7 } from '../app/core/db/uuid';
import { businessDayOf } from '../app/core/pos/orders/business-day';
import { getSettings } from '../app/core/pos/settings/settings-store';
import { salesReport } from '../app/core/pos/reports/sales-report';
import { closeShift, openShift, xReport } from '../app/core/pos/shifts/shifts';
import type { SessionStaff } from '../app/core/pos/staff/permissions';
import { hashPin } from '../app/core/pos/staff/pin';
import { computeOrderTotals } from '../app/core/pos/taxes/totals';
import { fmtRatio, percentile, ratio } from './lib/bench-stats';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 150_000);
const DAY = 86_400_000;
const TZ = 'Europe/Athens';

let seed = 42;
const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const dir = mkdtempSync(join(tmpdir(), 'pospal-bench-'));
const file = join(dir, 'shop.sqlite3');
const db = openDatabase({ file, clock: systemClock });
if (process.env.BENCH_SYNCHRONOUS) db.pragma(`synchronous = ${process.env.BENCH_SYNCHRONOUS}`); // diagnostics only

// ---- seed -------------------------------------------------------------------------------
const t0 = performance.now();
// A big page cache while bulk-loading keeps the b-tree pages in memory between inserts.
db.pragma('cache_size = -262144');
const now = Date.now();
const ownerId = uuidv7();
const { hash, salt } = await hashPin('1234');
const owner: SessionStaff = { id: ownerId, name: 'Owner', role: 'owner' };
const words1 = ['Iced', 'Hot', 'Double', 'Vegan', 'Greek', 'Classic', 'Spicy', 'Sweet', 'Smoked', 'Fresh', 'House', 'Mini', 'Grand', 'Royal', 'Rustic', 'Golden', 'Crispy', 'Creamy', 'Lemon', 'Honey'];
const words2 = ['Freddo', 'Espresso', 'Latte', 'Toast', 'Bougatsa', 'Souvlaki', 'Pita', 'Salad', 'Burger', 'Pizza', 'Gyros', 'Feta', 'Moussaka', 'Omelette', 'Pancake', 'Waffle', 'Smoothie', 'Tea', 'Juice', 'Club', 'Wrap', 'Bagel', 'Muffin', 'Croissant', 'Tiropita'];
const itemRows: { id: string; categoryId: string; price: number; rate: number; name: string; barcode: string }[] = [];
const rateIds: { id: string; bp: number }[] = [{ id: uuidv7(), bp: 2400 }, { id: uuidv7(), bp: 1300 }, { id: uuidv7(), bp: 600 }];
const categoryIds = Array.from({ length: 40 }, () => uuidv7());

db.transaction(() => {
  db.prepare('INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(ownerId, 'Owner', 'owner', hash, salt, now - 400 * DAY);
  for (const r of rateIds) db.prepare('INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES (?, ?, ?, ?)').run(r.id, `${r.bp / 100}%`, r.bp, now);
  categoryIds.forEach((id, i) => db.prepare('INSERT INTO categories (id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, `Category ${i + 1}`, i, now, now));
  const ins = db.prepare(`INSERT INTO items (id, category_id, name, price_cents, tax_rate_id, barcode, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < ITEMS; i++) {
    const rate = pick(rateIds);
    const it = {
      id: uuidv7(), categoryId: categoryIds[i % categoryIds.length] as string, price: 100 + Math.floor(rand() * 2_500),
      rate: rate.bp, name: `${pick(words1)} ${pick(words2)} ${i}`, barcode: String(5_200_000_000_000 + i),
    };
    itemRows.push(it);
    ins.run(it.id, it.categoryId, it.name, it.price, rate.id, it.barcode, i, now, now);
  }
})();

// Orders: spread over the 365 days before today, 08:00–23:00 local-ish, 1–4 lines, cash or card.
const insOrder = db.prepare(`INSERT INTO orders (id, business_day, number, status, staff_id, tax_mode, subtotal_cents, discount_cents, tax_cents,
  total_cents, paid_cents, created_at, updated_at, paid_at, void_reason, voided_at) VALUES (?, ?, ?, ?, ?, 'inclusive', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insLine = db.prepare(`INSERT INTO order_lines (id, order_id, position, item_id, category_id, name, unit_price_cents, qty, tax_rate_bp,
  gross_cents, discount_cents, net_cents, tax_cents, total_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const insPay = db.prepare(`INSERT INTO payments (id, order_id, method, amount_cents, tendered_cents, change_cents, reverses_payment_id, staff_id, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const todayStart = now - (now % DAY) - 2 * 3_600_000; // ≈ local midnight in Athens
const perDay = new Map<string, number>();
let lineCount = 0;
db.transaction(() => {
  for (let n = 0; n < ORDERS; n++) {
    const dayIndex = Math.floor((n / ORDERS) * 365);
    const at = todayStart - (365 - dayIndex) * DAY + 8 * 3_600_000 + Math.floor(rand() * 15 * 3_600_000);
    const clock = { now: () => at };
    const id = uuidv7(clock);
    const day = businessDayOf(at, TZ, 4);
    const number = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, number);
    const lines = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({ item: pick(itemRows), qty: 1 + Math.floor(rand() * 2) }));
    const totals = computeOrderTotals('inclusive', lines.map((l) => ({ unitPriceCents: l.item.price, qty: l.qty, taxRateBp: l.item.rate })));
    const voided = rand() < 0.01;
    insOrder.run(id, day, number, voided ? 'voided' : 'paid', ownerId, totals.subtotalCents, totals.discountCents, totals.taxCents,
      totals.totalCents, totals.totalCents, at, at, at, voided ? 'bench' : null, voided ? at : null);
    lines.forEach((l, i) => {
      const t = totals.lines[i];
      if (!t) return;
      insLine.run(uuidv7(clock), id, i, l.item.id, l.item.categoryId, l.item.name, l.item.price, l.qty, l.item.rate, t.grossCents, t.discountCents, t.netCents, t.taxCents, t.totalCents, at);
      lineCount++;
    });
    const cash = rand() < 0.5;
    const payId = uuidv7(clock);
    insPay.run(payId, id, cash ? 'cash' : 'card', totals.totalCents, cash ? totals.totalCents : null, 0, null, ownerId, at);
    if (voided) insPay.run(uuidv7(clock), id, cash ? 'cash' : 'card', -totals.totalCents, null, 0, payId, ownerId, at);
  }
})();
// The seeded history belongs to a closed shift (sales are counted by their shift stamp), so
// today's shift starts empty: its X/Z figures are today's trade only.
const pastShift = uuidv7();
db.prepare(`INSERT INTO shifts (id, number, status, counts_from, opened_at, opened_by, opening_float_cents, closed_at, closed_by, counted_cash_cents, expected_cash_cents)
  VALUES (?, 1, 'closed', ?, ?, ?, 10000, ?, ?, 0, 0)`).run(pastShift, todayStart - DAY, todayStart - DAY, ownerId, todayStart, ownerId);
db.prepare('UPDATE orders SET shift_id = ?, void_shift_id = CASE WHEN voided_at IS NULL THEN NULL ELSE ? END').run(pastShift, pastShift);
db.prepare('UPDATE payments SET shift_id = ?').run(pastShift);
db.pragma('optimize');
db.pragma('cache_size = -2000'); // back to SQLite's default for the measurements
// The seed is one huge transaction; start the measured day from a checkpointed, empty WAL as a shop would.
db.pragma('wal_checkpoint(TRUNCATE)');
const seedMs = performance.now() - t0;
const api = createApi({ db, clock: systemClock, license: { canSell: () => true, state: () => 'active' }, dataDir: dir });
openShift(db, systemClock, ownerId, 10_000);

// ---- measure ----------------------------------------------------------------------------
async function ok<T>(p: Promise<ApiResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}
async function time(n: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    out.push(performance.now() - s);
  }
  return out;
}
const rows: { op: string; n: number; median: number; p99: number; goal: string }[] = [];
function record(op: string, samples: number[], goal = ''): void {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
  rows.push({ op, n: s.length, median: q(0.5), p99: q(0.99), goal });
}

// Today's trade before the reports: orders taken through the API (these are also the pay samples).
const drafts: string[] = [];
for (let i = 0; i < 200; i++) drafts.push((await ok(api.call<{ id: string }>('order.create', {}, owner))).id);
// Warm-up (not recorded): JIT, statement cache, first WAL frames after the checkpoint.
const warm = (await ok(api.call<{ id: string }>('order.create', {}, owner))).id;
for (let i = 0; i < 100; i++) await ok(api.call('order.addLine', { orderId: warm, itemId: pick(itemRows).id, qty: 1 }, owner));
record('add a line (order.addLine, 5 per order)', await time(1_000, (i) => ok(api.call('order.addLine', { orderId: drafts[Math.floor(i / 5)], itemId: pick(itemRows).id, qty: 1 }, owner))));
// Pay an order next to its bare durable-commit baseline: one small INSERT in a transaction on
// the SAME file and connection (WAL, synchronous=FULL), interleaved with the payments, so the
// ratio carries to another disk.
db.exec('CREATE TABLE IF NOT EXISTS bench_probe (id INTEGER PRIMARY KEY, v TEXT)');
const probeInsert = db.prepare('INSERT INTO bench_probe (v) VALUES (?)');
const bareCommit = db.transaction(() => probeInsert.run('x'.repeat(200)));
const payVsBaseline: { label: string; pay: number; bare: number }[] = [];
async function measurePay(label: string, n: number): Promise<void> {
  const toPay: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = await ok(api.call<{ id: string }>('order.create', {}, owner));
    await ok(api.call('order.addLine', { orderId: o.id, itemId: pick(itemRows).id, qty: 2 }, owner));
    toPay.push(o.id);
  }
  const pay: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < n; i++) {
    pay.push(...(await time(1, () => ok(api.call('payment.take', { orderId: toPay[i], tenders: [{ method: 'cash', tenderedCents: 100_000 }] }, owner)))));
    bare.push(...(await time(1, () => bareCommit())));
  }
  record(`pay an order (payment.take, durable), ${label}`, pay, 'p99 < 5 ms');
  record(`  baseline: bare INSERT + commit, same file, ${label}`, bare);
  payVsBaseline.push({ label, pay: percentile(pay, 0.5), bare: percentile(bare, 0.5) });
}
await measurePay('fresh database', 400);

// A used database: a busy day through the API (lines added, changed, removed; orders voided and
// paid) and a year's churn in place (old orders deleted, prices edited), without VACUUM — the
// pages are no longer laid out in insertion order.
const tChurn = performance.now();
let churnOps = 0;
for (let i = 0; i < 300; i++) {
  const o = await ok(api.call<{ id: string }>('order.create', {}, owner));
  const lineIds: string[] = [];
  for (let j = 0; j < 3; j++) {
    const r = await ok(api.call<{ lines: { id: string }[] }>('order.addLine', { orderId: o.id, itemId: pick(itemRows).id, qty: 1 }, owner));
    lineIds.push(r.lines.at(-1)?.id ?? '');
  }
  await ok(api.call('order.updateLine', { orderId: o.id, lineId: lineIds[0], qty: 3 }, owner));
  await ok(api.call('order.removeLine', { orderId: o.id, lineId: lineIds[1] }, owner));
  churnOps += 6;
  if (i % 10 === 0) await ok(api.call('order.void', { orderId: o.id, reason: 'bench churn' }, owner));
  else await ok(api.call('payment.take', { orderId: o.id, tenders: [{ method: 'cash', tenderedCents: 100_000 }] }, owner));
  churnOps++;
}
const churn = db.transaction(() => {
  const victims = (db.prepare("SELECT id FROM orders WHERE shift_id = ? AND abs(random()) % 100 = 0").all(pastShift) as { id: string }[]).map((r) => r.id);
  const delPay = db.prepare('DELETE FROM payments WHERE order_id = ?');
  const delLines = db.prepare('DELETE FROM order_lines WHERE order_id = ?');
  const delOrder = db.prepare('DELETE FROM orders WHERE id = ?');
  for (const id of victims) { delPay.run(id); delLines.run(id); delOrder.run(id); }
  const priced = db.prepare('UPDATE items SET price_cents = price_cents + 10, updated_at = ? WHERE id = ?');
  for (const it of itemRows) if (rand() < 0.3) priced.run(Date.now(), it.id);
  db.prepare("UPDATE order_lines SET name = name || ' ' WHERE abs(random()) % 100 = 0").run();
  return victims.length;
});
const deletedOrders = churn();
const churnMs = performance.now() - tChurn;
await measurePay('used database', 400);
console.log(`used: ${churnOps} till operations through the API, ${deletedOrders} old orders deleted, ~30% of prices and ~1% of old lines updated, in ${(churnMs / 1000).toFixed(1)} s (no VACUUM)`);
const prefixes = itemRows.slice(0, 500).map((it) => it.name.split(' ')[1]?.slice(0, 3 + Math.floor(rand() * 3)) ?? 'fre');
record('search by name (catalog.search)', await time(2_000, (i) => ok(api.call('catalog.search', { text: prefixes[i % prefixes.length], limit: 20 }, owner))), '< 2 ms');
record('search by barcode (catalog.findByBarcode)', await time(2_000, () => ok(api.call('catalog.findByBarcode', { barcode: pick(itemRows).barcode }, owner))), '< 2 ms');
const settings = getSettings(db);
const monthEnd = new Date(todayStart - 5 * DAY);
const from = new Date(Date.UTC(monthEnd.getUTCFullYear(), monthEnd.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
const to = new Date(Date.UTC(monthEnd.getUTCFullYear(), monthEnd.getUTCMonth(), 0)).toISOString().slice(0, 10);
let monthOrders = 0;
record(`month sales report ${from}..${to} (reports module)`, await time(20, () => { monthOrders = salesReport(db, settings, { from, to }).totals.orderCount; }), '< 100 ms');
record('X-report of the open shift (shifts module)', await time(20, () => xReport(db, systemClock)));
record('Z-report: close shift (shifts module, 1 run)', await time(1, () => closeShift(db, systemClock, ownerId, { countedCashCents: 0 })));

// ---- report -----------------------------------------------------------------------------
const counts = db.prepare('SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM order_lines) AS lines, (SELECT COUNT(*) FROM items) AS items').get() as Record<string, number>;
console.log(`\nPOSPal POS benchmark — ${counts.items} items, ${counts.orders} orders, ${counts.lines} lines (${lineCount} seeded), db ${(statSync(file).size / 1e6).toFixed(0)} MB`);
console.log(`seeded in ${(seedMs / 1000).toFixed(1)} s; journal_mode=${String(db.pragma('journal_mode', { simple: true }))}, synchronous=${String(db.pragma('synchronous', { simple: true }))} (2 = FULL); month report covered ${monthOrders} orders\n`);
const w = Math.max(...rows.map((r) => r.op.length));
console.log(`${'operation'.padEnd(w)}  ${'n'.padStart(5)}  ${'median ms'.padStart(9)}  ${'p99 ms'.padStart(8)}  goal`);
for (const r of rows) console.log(`${r.op.padEnd(w)}  ${String(r.n).padStart(5)}  ${r.median.toFixed(3).padStart(9)}  ${r.p99.toFixed(3).padStart(8)}  ${r.goal}`);
console.log('\npay an order ÷ bare durable commit on the same file (medians; carries to another disk):');
for (const p of payVsBaseline) console.log(`  ${p.label}: ${p.pay.toFixed(3)} ms ÷ ${p.bare.toFixed(3)} ms = ${fmtRatio(ratio(p.pay, p.bare))}`);
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
db.close();
if (process.env.BENCH_KEEP) console.log(`kept ${file}`);
else rmSync(dir, { recursive: true, force: true });
