import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { PosError } from '../../errors';
import { DEFAULT_SETTINGS, type ShopSettings } from '../settings/settings-schema';
import { insertCategory, insertItem, insertRefund, insertSale, insertStaff, voidPaidOrder } from '../shifts/test-ledger';
import { businessDayRange } from './business-days';
import { parseCsv } from '../../../shared/csv';
import { minorToDecimal } from '../../../shared/money';
import { toCsv } from './csv';
import { salesReportCsv } from './report-csv';
import { salesReport } from './sales-report';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let staff: string;
let coffee: string;
let espressoId: string;

beforeEach(() => {
  tmp = tempDir('pospal-reports-');
  clock = manualClock(Date.UTC(2026, 9, 1));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  staff = insertStaff(db, clock, 'Nikos', 'cashier');
  coffee = insertCategory(db, clock, 'Καφέδες');
  espressoId = insertItem(db, clock, { categoryId: coffee, name: 'Espresso', priceCents: 250, rateBp: 2400 });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function settingsIn(timeZone: string, businessDayStartHour: number): ShopSettings {
  return { ...DEFAULT_SETTINGS, timeZone, businessDayStartHour };
}

function saleAt(iso: string, cents = 250, method: 'cash' | 'card' = 'cash', staffId = staff): string {
  clock.set(Date.parse(iso));
  const qty = cents / 250;
  return insertSale(db, clock, {
    staffId, lines: [{ itemId: espressoId, categoryId: coffee, name: 'Espresso', qty, unitPriceCents: 250, rateBp: 2400 }],
    payments: [{ method, amountCents: cents }],
  }).orderId;
}

describe('business days in the shop time zone', () => {
  it('is 25 hours long on the night DST ends (Athens, 25 Oct 2026) and 23 when it starts', () => {
    const autumn = businessDayRange('2026-10-24', '2026-10-24', 'Europe/Athens', 4);
    expect(new Date(autumn.fromMs).toISOString()).toBe('2026-10-24T01:00:00.000Z');
    expect(new Date(autumn.toMs).toISOString()).toBe('2026-10-25T02:00:00.000Z');
    const spring = businessDayRange('2026-03-29', '2026-03-29', 'Europe/Athens', 4);
    expect((spring.toMs - spring.fromMs) / 3_600_000).toBe(24);
    const springEve = businessDayRange('2026-03-28', '2026-03-28', 'Europe/Athens', 4);
    expect((springEve.toMs - springEve.fromMs) / 3_600_000).toBe(23);
  });

  it('refuses impossible dates and reversed ranges', () => {
    expect(() => businessDayRange('2026-02-30', '2026-03-01', 'Europe/Athens', 4)).toThrow(PosError);
    expect(() => businessDayRange('2026-03-02', '2026-03-01', 'Europe/Athens', 4)).toThrow(/ends before/);
  });
});

describe('sales report', () => {
  it('puts a sale after midnight UTC-wise into the right local day and hour', () => {
    // 22:30Z on 20 Nov is 00:30 on 21 Nov in Athens.
    saleAt('2026-11-20T22:30:00Z', 500);
    saleAt('2026-11-20T10:00:00Z', 250);
    const midnightStart = salesReport(db, settingsIn('Europe/Athens', 0), { from: '2026-11-20', to: '2026-11-21' });
    expect(midnightStart.byDay).toEqual([
      { day: '2026-11-20', orderCount: 1, totalCents: 250 },
      { day: '2026-11-21', orderCount: 1, totalCents: 500 },
    ]);
    expect(midnightStart.byHour[0]).toEqual({ hour: 0, orderCount: 1, totalCents: 500 });
    expect(midnightStart.byHour[12]).toEqual({ hour: 12, orderCount: 1, totalCents: 250 });
    // With business days starting at 04:00 the 00:30 sale belongs to the 20th.
    const bar = salesReport(db, settingsIn('Europe/Athens', 4), { from: '2026-11-20', to: '2026-11-20' });
    expect(bar.totals.totalCents).toBe(750);
    expect(bar.byDay).toEqual([{ day: '2026-11-20', orderCount: 2, totalCents: 750 }]);
  });

  it('keeps the extra hour of the DST night in the business day it belongs to', () => {
    saleAt('2026-10-25T00:30:00Z'); // 03:30 EEST, first pass of the hour
    saleAt('2026-10-25T01:30:00Z'); // 03:30 EET, the repeated hour
    saleAt('2026-10-25T02:30:00Z'); // 04:30 EET: next business day
    const report = salesReport(db, settingsIn('Europe/Athens', 4), { from: '2026-10-24', to: '2026-10-25' });
    expect(report.byDay).toEqual([
      { day: '2026-10-24', orderCount: 2, totalCents: 500 },
      { day: '2026-10-25', orderCount: 1, totalCents: 250 },
    ]);
    expect(report.byHour[3]).toEqual({ hour: 3, orderCount: 2, totalCents: 500 });
    expect(report.byHour[4]).toEqual({ hour: 4, orderCount: 1, totalCents: 250 });
  });

  it('handles a zone with a 45-minute offset (Kathmandu, UTC+5:45)', () => {
    saleAt('2026-11-20T18:14:00Z'); // 23:59 local on the 20th
    saleAt('2026-11-20T18:15:00Z'); // 00:00 local on the 21st
    const report = salesReport(db, settingsIn('Asia/Kathmandu', 0), { from: '2026-11-20', to: '2026-11-21' });
    expect(report.byDay.map((d) => d.orderCount)).toEqual([1, 1]);
    expect(report.byHour[23]?.orderCount).toBe(1);
    expect(report.byHour[0]?.orderCount).toBe(1);
  });

  it('sums categories, items, methods (with refunds and voids) and staff; average order', () => {
    const other = insertStaff(db, clock, 'Maria', 'cashier');
    const toastCat = insertCategory(db, clock, 'Φαγητό');
    const toastId = insertItem(db, clock, { categoryId: toastCat, name: 'Toast', priceCents: 400, rateBp: 1300 });
    insertItem(db, clock, { categoryId: toastCat, name: 'Nobody orders this', priceCents: 900, rateBp: 1300 });
    const a = saleAt('2026-11-20T09:00:00Z', 500, 'cash');
    saleAt('2026-11-20T09:10:00Z', 750, 'card', other);
    clock.set(Date.parse('2026-11-20T09:20:00Z'));
    insertSale(db, clock, {
      staffId: other, lines: [{ itemId: toastId, categoryId: toastCat, name: 'Toast', qty: 1, unitPriceCents: 400, rateBp: 1300 }],
      payments: [{ method: 'card', amountCents: 400 }],
    });
    const voided = saleAt('2026-11-20T09:30:00Z', 1000, 'cash');
    voidPaidOrder(db, clock, voided, staff);
    insertRefund(db, clock, { orderId: a, amountCents: 250, method: 'cash', staffId: staff });

    const r = salesReport(db, settingsIn('Europe/Athens', 4), { from: '2026-11-20', to: '2026-11-20' }, { sellersLimit: 2 });
    expect(r.totals).toMatchObject({ orderCount: 3, totalCents: 1650, averageOrderCents: 550, refundCents: 250, netAfterRefundsCents: 1400 });
    expect(r.byCategory.map((c) => [c.name, c.qty, c.totalCents])).toEqual([['Καφέδες', 5, 1250], ['Φαγητό', 1, 400]]);
    expect(r.byPaymentMethod).toEqual([
      { method: 'card', count: 2, amountCents: 1150, refundCents: 0, netCents: 1150 },
      { method: 'cash', count: 3, amountCents: 500, refundCents: 250, netCents: 250 },
    ]);
    expect(r.byStaff.map((s) => [s.name, s.orderCount, s.totalCents])).toEqual([['Maria', 2, 1150], ['Nikos', 1, 500]]);
    expect(r.topSellers.map((i) => [i.name, i.qty])).toEqual([['Espresso', 5], ['Toast', 1]]);
    expect(r.worstSellers.map((i) => [i.name, i.qty])).toEqual([['Nobody orders this', 0], ['Toast', 1]]);
  });

  it('orders staff, categories and items with equal takings by name', () => {
    const zoe = insertStaff(db, clock, 'Zoe', 'cashier');
    const anna = insertStaff(db, clock, 'Anna', 'cashier');
    saleAt('2026-11-20T09:00:00Z', 250, 'cash', zoe);
    saleAt('2026-11-20T09:05:00Z', 250, 'cash', anna);
    const r = salesReport(db, settingsIn('Europe/Athens', 4), { from: '2026-11-20', to: '2026-11-20' });
    expect(r.byStaff.map((s) => s.name)).toEqual(['Anna', 'Zoe']);
  });

  it('refuses a range longer than the limit', () => {
    expect(() => salesReport(db, DEFAULT_SETTINGS, { from: '2020-01-01', to: '2026-01-01' })).toThrow(/at most/);
  });
});

describe('CSV export', () => {
  it('escapes commas, quotes, newlines and formulas, keeps Greek, and round-trips', () => {
    const rows = [
      { name: 'Φρέντο, μέτριο', cents: 350 },
      { name: 'The "big" one', cents: -70 },
      { name: 'two\nlines', cents: 5 },
      { name: '=HYPERLINK("http://x")', cents: 0 },
      { name: 'plain', cents: 123456 },
    ];
    const csv = toCsv([
      { header: 'name', type: 'text', value: (r: (typeof rows)[number]) => r.name },
      { header: 'amount', type: 'money', value: (r: (typeof rows)[number]) => r.cents },
    ], rows);
    expect(csv.startsWith('\uFEFFname,amount\r\n')).toBe(true);
    expect(csv).toContain('"Φρέντο, μέτριο",3.50\r\n');
    expect(csv).toContain('"The ""big"" one",-0.70\r\n');
    expect(csv).toContain('"two\nlines",0.05\r\n');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")",0.00\r\n`);
    expect(parseCsv(csv)).toEqual([
      ['name', 'amount'], ['Φρέντο, μέτριο', '3.50'], ['The "big" one', '-0.70'], ['two\nlines', '0.05'],
      ['\'=HYPERLINK("http://x")', '0.00'], ['plain', '1234.56'],
    ]);
  });

  it('writes exact decimals from cents', () => {
    expect([0, 5, -5, 100, -12345, 7].map((c) => minorToDecimal(c))).toEqual(['0.00', '0.05', '-0.05', '1.00', '-123.45', '0.07']);
    expect(minorToDecimal(1234, 0)).toBe('1234');
  });

  it('exports a report section', () => {
    const cat = insertCategory(db, clock, 'Bar, "late"');
    const id = insertItem(db, clock, { categoryId: cat, name: 'Ούζο', priceCents: 450, rateBp: 2400 });
    clock.set(Date.parse('2026-11-20T20:00:00Z'));
    insertSale(db, clock, { staffId: staff, lines: [{ itemId: id, categoryId: cat, name: 'Ούζο', qty: 2, unitPriceCents: 450, rateBp: 2400 }], payments: [{ method: 'cash', amountCents: 900 }] });
    const report = salesReport(db, DEFAULT_SETTINGS, { from: '2026-11-20', to: '2026-11-20' });
    expect(parseCsv(salesReportCsv(report, 'byItem'))).toEqual([['item', 'category', 'quantity', 'total'], ['Ούζο', 'Bar, "late"', '2', '9.00']]);
    expect(parseCsv(salesReportCsv(report, 'byHour'))).toHaveLength(25);
  });
});

describe('local time mapping', () => {
  it('agrees with Intl minute by minute across both DST switches and in odd-offset zones', async () => {
    const { localTimeIn } = await import('./business-days');
    for (const [zone, from] of [
      ['Europe/Athens', Date.UTC(2026, 2, 28, 20)], ['Europe/Athens', Date.UTC(2026, 9, 24, 20)],
      ['America/New_York', Date.UTC(2026, 2, 8, 0)], ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 10)],
      ['Asia/Kathmandu', Date.UTC(2026, 0, 1, 12)],
    ] as const) {
      const local = localTimeIn(zone, 0);
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
      for (let ms = from; ms < from + 36 * 3_600_000; ms += 5 * 60_000) {
        const parts = intl.formatToParts(ms);
        const get = (t: string) => parts.find((p) => p.type === t)?.value;
        expect(local(ms), `${zone} ${new Date(ms).toISOString()}`).toMatchObject({
          date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')),
        });
      }
    }
  });
});
