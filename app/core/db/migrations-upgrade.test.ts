/**
 * Upgrading a shop database written before migrations 004–005: the report summaries are
 * back-filled from the ledger, and sales get the shift stamps the old time windows implied.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { DEFAULT_SETTINGS } from '../pos/settings/settings-schema';
import { salesReport } from '../pos/reports/sales-report';
import { openDatabase } from './connection';
import { defaultMigrationsDir } from './migrations';
import { tempDir } from './test-helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => { tmp = tempDir('pospal-upgrade-'); });
afterEach(() => tmp.cleanup());

const H = 3_600_000;
const T0 = Date.UTC(2026, 4, 4, 6); // 4 May 2026, 09:00 in Athens

describe('upgrading a database from 003', () => {
  it('back-fills report summaries and shift stamps from the old time windows', () => {
    const oldDir = join(tmp.dir, 'migrations-003');
    mkdirSync(oldDir);
    for (const f of ['001_core.sql', '002_operations.sql', '003_license.sql']) copyFileSync(join(defaultMigrationsDir, f), join(oldDir, f));
    const file = join(tmp.dir, 'shop.db');
    const clock = manualClock(T0);
    const old = openDatabase({ file, clock, migrationsDir: oldDir });
    const run = (sql: string, ...args: unknown[]) => old.prepare(sql).run(...args);
    run(`INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES ('s', 'Nikos', 'cashier', 'x', 'x', 0)`);
    run(`INSERT INTO categories (id, name, position, created_at, updated_at) VALUES ('c', 'Coffee', 0, 0, 0)`);
    run(`INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES ('t', 'VAT', 2400, 0)`);
    run(`INSERT INTO items (id, category_id, name, price_cents, tax_rate_id, created_at, updated_at) VALUES ('i', 'c', 'Espresso', 250, 't', 0, 0)`);
    // Shift 1: [T0, T0+8h); shift 2 opened at T0+10h, still open (counts from T0+8h).
    run(`INSERT INTO shifts (id, number, status, counts_from, opened_at, opened_by, opening_float_cents, closed_at, closed_by, counted_cash_cents, expected_cash_cents)
         VALUES ('sh1', 1, 'closed', 0, ?, 's', 0, ?, 's', 0, 0)`, T0, T0 + 8 * H);
    run(`INSERT INTO shifts (id, number, status, counts_from, opened_at, opened_by, opening_float_cents) VALUES ('sh2', 2, 'open', ?, ?, 's', 0)`, T0 + 8 * H, T0 + 10 * H);
    const sale = (id: string, createdShift: string | null, paidAt: number, status = 'paid', voidedAt: number | null = null) => {
      run(`INSERT INTO orders (id, business_day, number, status, staff_id, shift_id, tax_mode, subtotal_cents, tax_cents, total_cents, paid_cents,
           created_at, updated_at, paid_at, voided_at) VALUES (?, '2026-05-04', ?, ?, 's', ?, 'inclusive', 500, 97, 500, 500, ?, ?, ?, ?)`,
      id, Number(id.slice(1)), status, createdShift, paidAt - H, paidAt, paidAt, voidedAt);
      run(`INSERT INTO order_lines (id, order_id, position, item_id, category_id, name, unit_price_cents, qty, tax_rate_bp, gross_cents, net_cents, tax_cents, total_cents, created_at)
           VALUES (?, ?, 0, 'i', 'c', 'Espresso', 250, 2, 2400, 500, 403, 97, 500, ?)`, `l${id}`, id, paidAt);
      run(`INSERT INTO payments (id, order_id, method, amount_cents, staff_id, shift_id, created_at) VALUES (?, ?, 'card', 500, 's', NULL, ?)`, `p${id}`, id, paidAt);
    };
    sale('o1', 'sh1', T0 + 2 * H);
    // Opened in shift 1, paid between the shifts: the old window rule counted it in shift 2.
    sale('o2', 'sh1', T0 + 9 * H);
    sale('o3', null, T0 + 3 * H, 'voided', T0 + 11 * H);
    old.close();

    const db = openDatabase({ file, clock });
    try {
      const stamps = db.prepare('SELECT id, shift_id AS shiftId, void_shift_id AS voidShiftId FROM orders ORDER BY id').all();
      expect(stamps).toEqual([
        { id: 'o1', shiftId: 'sh1', voidShiftId: null },
        { id: 'o2', shiftId: 'sh2', voidShiftId: null },
        { id: 'o3', shiftId: 'sh1', voidShiftId: 'sh2' },
      ]);
      expect(db.prepare('SELECT id, shift_id AS shiftId FROM payments ORDER BY id').all())
        .toEqual([{ id: 'po1', shiftId: 'sh1' }, { id: 'po2', shiftId: 'sh2' }, { id: 'po3', shiftId: 'sh1' }]);
      const range = { from: '2026-05-01', to: '2026-05-31' };
      const report = salesReport(db, DEFAULT_SETTINGS, range);
      expect(report.totals).toMatchObject({ orderCount: 2, totalCents: 1000 });
      expect(report.byItem.map((i) => [i.name, i.qty])).toEqual([['Espresso', 4]]);
      expect(report.byPaymentMethod).toEqual([{ method: 'card', count: 3, amountCents: 1500, refundCents: 0, netCents: 1500 }]);
      expect(report).toEqual(salesReport(db, DEFAULT_SETTINGS, range, { source: 'raw' }));
    } finally {
      db.close();
    }
  });
});
