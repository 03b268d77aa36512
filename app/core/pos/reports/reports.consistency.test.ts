/**
 * The report summaries (migrations 004–005, kept by triggers) against the raw ledger: random ledgers
 * of sales (discounts, open-price lines, voided lines), later payments, voids, refunds, line
 * edits on paid orders and line moves (table merges), around the DST switches, in zones with
 * 30- and 45-minute offsets. For random business-day ranges the summary-based report must equal
 * the one computed straight from the ledger, and the summary tables must equal a fresh GROUP BY.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { DEFAULT_SETTINGS } from '../settings/settings-schema';
import { insertCategory, insertItem, insertRefund, insertSale, insertStaff, voidPaidOrder } from '../shifts/test-ledger';
import { addDays } from './business-days';
import { salesReport } from './sales-report';

type Event =
  | { kind: 'sale'; minutes: number; lines: { item: number; qty: number; discountBp: number; voided: boolean }[]; orderDiscountBp: number; paid: boolean; card: boolean; staff: number }
  | { kind: 'payLater'; pick: number; minutes: number }
  | { kind: 'void'; pick: number; minutes: number }
  | { kind: 'refund'; pick: number; minutes: number; full: boolean }
  | { kind: 'editLine'; pick: number; qty: number; voidIt: boolean }
  | { kind: 'merge'; pick: number; into: number };

const lineArb = fc.record({ item: fc.nat(5), qty: fc.integer({ min: 1, max: 4 }), discountBp: fc.constantFrom(0, 0, 1000, 3333), voided: fc.boolean() });
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('sale' as const), minutes: fc.nat(6 * 24 * 60), lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
    orderDiscountBp: fc.constantFrom(0, 0, 0, 1500), paid: fc.boolean(), card: fc.boolean(), staff: fc.nat(2),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('payLater' as const), pick: fc.nat(), minutes: fc.nat(6 * 24 * 60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat(), minutes: fc.nat(6 * 24 * 60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), minutes: fc.nat(6 * 24 * 60), full: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('editLine' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 5 }), voidIt: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), pick: fc.nat(), into: fc.nat() }) },
);

const ZONES = ['Europe/Athens', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu', 'UTC'] as const;
// Four days before each Athens/EU DST switch of 2026 (29 March, 25 October), so events straddle it.
const STARTS = [Date.UTC(2026, 2, 26), Date.UTC(2026, 9, 22)] as const;

function buildLedger(db: Db, startMs: number, events: Event[]): void {
  const clock = manualClock(startMs);
  const staff = [insertStaff(db, clock, 'Nikos', 'cashier'), insertStaff(db, clock, 'Eleni', 'cashier'), insertStaff(db, clock, 'Olga', 'owner')];
  const cats = [insertCategory(db, clock, 'Coffee'), insertCategory(db, clock, 'Food')];
  const items = [0, 1, 2, 3].map((i) => insertItem(db, clock, { categoryId: cats[i % 2] ?? '', name: `Item ${i}`, priceCents: 150 + i * 95, rateBp: i % 2 ? 1300 : 2400 }));
  const at = (minutes: number) => clock.set(startMs + minutes * 60_000 + 17_000);
  const orders = (status: string) => (db.prepare('SELECT id FROM orders WHERE status = ? ORDER BY id').all(status) as { id: string }[]).map((r) => r.id);
  const pickFrom = (ids: string[], n: number) => (ids.length === 0 ? undefined : ids[n % ids.length]);
  for (const e of events) {
    switch (e.kind) {
      case 'sale': {
        at(e.minutes);
        const lines = e.lines.map((l) => {
          const itemId = items[l.item] ?? null; // 4, 5: open-price lines without an item
          return { itemId, categoryId: itemId ? cats[l.item % 2] ?? null : null, name: itemId ? `Item ${l.item}` : `Misc ${l.item}`,
            qty: l.qty, unitPriceCents: 150 + l.item * 95, rateBp: l.item % 2 ? 1300 : 2400, discountBp: l.discountBp, voided: l.voided };
        });
        if (lines.every((l) => l.voided) && lines[0]) lines[0].voided = false;
        const sale = insertSale(db, clock, { staffId: staff[e.staff] ?? '', lines, orderDiscountBp: e.orderDiscountBp, payments: null });
        if (e.paid) payOrder(db, clock.now(), sale.orderId, e.card ? 'card' : 'cash', staff[e.staff] ?? '');
        break;
      }
      case 'payLater': {
        const id = pickFrom(orders('open'), e.pick);
        if (id) { at(e.minutes); payOrder(db, clock.now(), id, 'card', staff[0] ?? ''); }
        break;
      }
      case 'void': {
        const id = pickFrom(orders('paid'), e.pick);
        if (id) { at(e.minutes); voidPaidOrder(db, clock, id, staff[2] ?? ''); }
        break;
      }
      case 'refund': {
        const id = pickFrom(orders('paid'), e.pick);
        if (!id) break;
        at(e.minutes);
        const total = (db.prepare('SELECT total_cents AS t FROM orders WHERE id = ?').get(id) as { t: number }).t;
        if (total <= 0) break;
        insertRefund(db, clock, { orderId: id, amountCents: e.full ? total : Math.max(1, Math.floor(total / 3)), method: e.full ? 'cash' : 'card', staffId: staff[2] ?? '' });
        if (e.full) db.prepare("UPDATE orders SET status = 'refunded' WHERE id = ?").run(id);
        break;
      }
      case 'editLine': {
        // Any line of any order, paid or not: the summaries must follow every write.
        const lines = db.prepare('SELECT id FROM order_lines ORDER BY id').all() as { id: string }[];
        const line = lines.length ? lines[e.pick % lines.length] : undefined;
        if (!line) break;
        if (e.voidIt) db.prepare("UPDATE order_lines SET status = 'voided' WHERE id = ?").run(line.id);
        else db.prepare('UPDATE order_lines SET qty = ?, total_cents = unit_price_cents * ? WHERE id = ?').run(e.qty, e.qty, line.id);
        break;
      }
      case 'merge': {
        const open = orders('open');
        const from = pickFrom(open, e.pick);
        const into = pickFrom(open, e.into);
        if (from && into && from !== into) {
          db.prepare("UPDATE order_lines SET order_id = ? WHERE order_id = ? AND status = 'active'").run(into, from);
          db.prepare("UPDATE orders SET status = 'merged', merged_into_order_id = ? WHERE id = ?").run(into, from);
        }
        break;
      }
    }
  }
}

function payOrder(db: Db, now: number, orderId: string, method: 'cash' | 'card', staffId: string): void {
  const { total_cents: total } = db.prepare('SELECT total_cents FROM orders WHERE id = ?').get(orderId) as { total_cents: number };
  if (total > 0) {
    db.prepare('INSERT INTO payments (id, order_id, method, amount_cents, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(`p-${orderId}`, orderId, method, total, staffId, now);
  }
  db.prepare("UPDATE orders SET status = 'paid', paid_cents = total_cents, paid_at = ?, updated_at = ? WHERE id = ?").run(now, now, orderId);
}

function expectSummariesEqualRebuild(db: Db): void {
  const q = (sql: string) => db.prepare(sql).all();
  const SOLD = "o.paid_at IS NOT NULL AND o.status IN ('paid', 'refunded')";
  expect(q(`SELECT bucket, order_count, subtotal_cents, discount_cents, tax_cents, total_cents FROM sales_order_buckets
    WHERE order_count <> 0 ORDER BY 1`)).toEqual(q(`
    SELECT o.paid_at / 900000 AS bucket, COUNT(*) AS order_count, SUM(o.subtotal_cents) AS subtotal_cents, SUM(o.discount_cents) AS discount_cents,
           SUM(o.tax_cents) AS tax_cents, SUM(o.total_cents) AS total_cents
    FROM orders o WHERE ${SOLD} GROUP BY 1 ORDER BY 1`));
  expect(q('SELECT day, staff_id, order_count, total_cents FROM sales_staff_days WHERE order_count <> 0 ORDER BY 1, 2')).toEqual(q(`
    SELECT o.paid_at / 86400000 AS day, o.staff_id, COUNT(*) AS order_count, SUM(o.total_cents) AS total_cents
    FROM orders o WHERE ${SOLD} GROUP BY 1, 2 ORDER BY 1, 2`));
  const lineKey = `COALESCE(l.item_id, '') AS item_key, COALESCE(l.category_id, '') AS category_key,
    CASE WHEN l.item_id IS NULL THEN l.name ELSE '' END AS line_name, COUNT(*) AS line_count, SUM(l.qty) AS qty, SUM(l.total_cents) AS total_cents
    FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE ${SOLD} AND l.status = 'active'`;
  expect(q('SELECT day, item_key, category_key, line_name, line_count, qty, total_cents FROM sales_line_days WHERE line_count <> 0 ORDER BY 1, 2, 3, 4'))
    .toEqual(q(`SELECT o.paid_at / 86400000 AS day, ${lineKey} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`));
  expect(q('SELECT month, item_key, category_key, line_name, line_count, qty, total_cents FROM sales_line_months WHERE line_count <> 0 ORDER BY 1, 2, 3, 4'))
    .toEqual(q(`SELECT CAST(strftime('%Y%m', o.paid_at / 1000, 'unixepoch') AS INTEGER) AS month, ${lineKey} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`));
  expect(q('SELECT day, method, count, amount_cents FROM payment_days WHERE count <> 0 ORDER BY 1, 2')).toEqual(q(`
    SELECT created_at / 86400000 AS day, method, COUNT(*) AS count, SUM(amount_cents) AS amount_cents FROM payments GROUP BY 1, 2 ORDER BY 1, 2`));
}

describe('report summaries equal the raw ledger', () => {
  it('for random ledgers, zones, day starts and ranges (DST days included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STARTS), fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 6 }),
        // Short ranges around the events, and long ones that hold whole UTC months (the month rollups).
        fc.array(fc.oneof(
          fc.record({ first: fc.integer({ min: -1, max: 6 }), days: fc.integer({ min: 1, max: 5 }) }),
          fc.record({ first: fc.integer({ min: -40, max: 0 }), days: fc.integer({ min: 30, max: 75 }) }),
        ), { minLength: 1, maxLength: 4 }),
        (startMs, events, timeZone, businessDayStartHour, ranges) => {
          const tmp = tempDir('pospal-report-consistency-');
          const db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock: manualClock(startMs) });
          try {
            buildLedger(db, startMs, events);
            expectSummariesEqualRebuild(db);
            const settings = { ...DEFAULT_SETTINGS, timeZone, businessDayStartHour };
            const firstDay = new Date(startMs).toISOString().slice(0, 10);
            for (const r of ranges) {
              const range = { from: addDays(firstDay, r.first), to: addDays(firstDay, r.first + r.days - 1) };
              expect(salesReport(db, settings, range, { source: 'summary' })).toEqual(salesReport(db, settings, range, { source: 'raw' }));
            }
          } finally {
            db.close();
            tmp.cleanup();
          }
        },
      ),
      {
        numRuns: 40,
        // Found by this property in CI (seed -855649479): a part refund of an order whose every
        // line was voided afterwards made the VAT split throw and the sales report with it.
        examples: [[
          1774483200000,
          [
            { kind: 'sale', minutes: 0, lines: [{ item: 0, qty: 1, discountBp: 0, voided: false }], orderDiscountBp: 0, paid: false, card: false, staff: 0 },
            { kind: 'editLine', pick: 0, qty: 1, voidIt: true },
            { kind: 'payLater', pick: 0, minutes: 0 },
            { kind: 'refund', pick: 0, minutes: 4200, full: false },
            { kind: 'editLine', pick: 0, qty: 1, voidIt: false },
          ],
          'Europe/Athens', 0, [{ first: 3, days: 1 }],
        ]],
      },
    );
  });

  it('finds sales in a range (the property is not comparing two empty reports)', () => {
    const tmp = tempDir('pospal-report-consistency-');
    const db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock: manualClock(STARTS[0]) });
    try {
      buildLedger(db, STARTS[0], [{ kind: 'sale', minutes: 12 * 60, lines: [{ item: 1, qty: 2, discountBp: 0, voided: false }], orderDiscountBp: 0, paid: true, card: true, staff: 0 }]);
      const report = salesReport(db, DEFAULT_SETTINGS, { from: '2026-03-26', to: '2026-03-26' });
      expect(report.totals.orderCount).toBe(1);
      expect(report.byItem.map((i) => [i.name, i.qty])).toEqual([['Item 1', 2]]);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
