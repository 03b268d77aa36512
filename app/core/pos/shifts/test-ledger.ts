/**
 * Test-only: writes sales straight into the 001 ledger tables (orders, lines, payments,
 * refunds) with totals from the real taxes module, so shift and report tests run on real rows.
 * Used until they can drive the orders/payments modules end to end.
 */
import { openShiftId } from '../orders/shift-link';
import type { Clock } from '../../clock';
import type { Db } from '../../db/connection';
import { uuidv7 } from '../../db/uuid';
import { computeOrderTotals } from '../taxes/totals';

export function insertStaff(db: Db, clock: Clock, name: string, role: 'owner' | 'manager' | 'cashier'): string {
  const id = uuidv7(clock);
  db.prepare(`INSERT INTO staff (id, name, role, pin_hash, pin_salt, created_at) VALUES (?, ?, ?, 'x', 'x', ?)`).run(id, name, role, clock.now());
  return id;
}

export function insertCategory(db: Db, clock: Clock, name: string, position = 0): string {
  const id = uuidv7(clock);
  db.prepare('INSERT INTO categories (id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, name, position, clock.now(), clock.now());
  return id;
}

export function insertItem(db: Db, clock: Clock, input: { categoryId: string; name: string; priceCents: number; rateBp: number }): string {
  let taxId = (db.prepare('SELECT id FROM tax_rates WHERE rate_bp = ?').get(input.rateBp) as { id: string } | undefined)?.id;
  if (!taxId) {
    taxId = uuidv7(clock);
    db.prepare('INSERT INTO tax_rates (id, name, rate_bp, created_at) VALUES (?, ?, ?, ?)').run(taxId, `VAT ${input.rateBp / 100}%`, input.rateBp, clock.now());
  }
  const id = uuidv7(clock);
  db.prepare('INSERT INTO items (id, category_id, name, price_cents, tax_rate_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, input.categoryId, input.name, input.priceCents, taxId, clock.now(), clock.now());
  return id;
}

export interface SaleLine {
  itemId?: string | null;
  categoryId: string | null;
  name: string;
  qty: number;
  unitPriceCents: number;
  rateBp: number;
  discountBp?: number;
  voided?: boolean;
  options?: { name: string; priceDeltaCents: number }[];
  note?: string;
}

export interface SaleInput {
  staffId: string;
  lines: SaleLine[];
  /** null: leave the order open (not paid). */
  payments: { method: 'cash' | 'card'; amountCents: number; tenderedCents?: number }[] | null;
  orderDiscountBp?: number;
  taxMode?: 'inclusive' | 'exclusive';
  tableId?: string | null;
}

let orderNumber = 0;

export function insertSale(db: Db, clock: Clock, sale: SaleInput): { orderId: string; totalCents: number; lineIds: string[] } {
  const mode = sale.taxMode ?? 'inclusive';
  const active = sale.lines.filter((l) => !l.voided);
  const totals = computeOrderTotals(
    mode,
    active.map((l) => ({
      unitPriceCents: l.unitPriceCents, qty: l.qty, taxRateBp: l.rateBp,
      discount: l.discountBp ? { kind: 'percent' as const, value: l.discountBp } : null,
    })),
    sale.orderDiscountBp ? { kind: 'percent', value: sale.orderDiscountBp } : null,
  );
  const now = clock.now();
  const orderId = uuidv7(clock);
  const paid = sale.payments !== null;
  const lineIds: string[] = [];
  db.transaction(() => {
    orderNumber += 1;
    // Stamped with the open shift like the ledger does (payments.ts); none open: NULL, adopted by the next.
    const shiftId = openShiftId(db);
    db.prepare(`INSERT INTO orders (id, business_day, number, status, staff_id, tax_mode, subtotal_cents, discount_cents, tax_cents,
                total_cents, paid_cents, created_at, updated_at, paid_at, table_id, shift_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(orderId, new Date(now).toISOString().slice(0, 10), orderNumber, paid ? 'paid' : 'open', sale.staffId, mode,
        totals.subtotalCents, totals.discountCents, totals.taxCents, totals.totalCents, paid ? totals.totalCents : 0, now, now,
        paid ? now : null, sale.tableId ?? null, paid ? shiftId : null);
    let activeIndex = 0;
    sale.lines.forEach((l, position) => {
      const t = l.voided ? null : totals.lines[activeIndex++];
      const lineId = uuidv7(clock);
      lineIds.push(lineId);
      db.prepare(`INSERT INTO order_lines (id, order_id, position, item_id, category_id, name, unit_price_cents, qty, tax_rate_bp, note, status,
                  gross_cents, discount_cents, net_cents, tax_cents, total_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(lineId, orderId, position, l.itemId ?? null, l.categoryId, l.name, l.unitPriceCents, l.qty, l.rateBp, l.note ?? '',
          l.voided ? 'voided' : 'active', t?.grossCents ?? 0, t?.discountCents ?? 0, t?.netCents ?? 0, t?.taxCents ?? 0, t?.totalCents ?? 0, now);
      for (const option of l.options ?? []) {
        db.prepare('INSERT INTO order_line_options (id, line_id, group_name, name, price_delta_cents) VALUES (?, ?, ?, ?, ?)')
          .run(uuidv7(clock), lineId, 'Options', option.name, option.priceDeltaCents);
      }
    });
    for (const p of sale.payments ?? []) {
      const change = p.tenderedCents !== undefined ? p.tenderedCents - p.amountCents : 0;
      db.prepare(`INSERT INTO payments (id, order_id, method, amount_cents, tendered_cents, change_cents, staff_id, shift_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(uuidv7(clock), orderId, p.method, p.amountCents, p.tenderedCents ?? null, change, sale.staffId, shiftId, now);
    }
  })();
  return { orderId, totalCents: totals.totalCents, lineIds };
}

/** Voids a paid order the way the ledger does: status voided plus negative reversal payments. */
export function voidPaidOrder(db: Db, clock: Clock, orderId: string, staffId: string): void {
  const now = clock.now();
  db.transaction(() => {
    const shiftId = openShiftId(db);
    db.prepare(`UPDATE orders SET status = 'voided', voided_at = ?, void_reason = 'test', void_staff_id = ?, void_shift_id = ?, updated_at = ? WHERE id = ?`)
      .run(now, staffId, shiftId, now, orderId);
    const payments = db.prepare('SELECT id, method, amount_cents FROM payments WHERE order_id = ? AND amount_cents > 0').all(orderId) as
      { id: string; method: string; amount_cents: number }[];
    for (const p of payments) {
      db.prepare(`INSERT INTO payments (id, order_id, method, amount_cents, reverses_payment_id, staff_id, shift_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(uuidv7(clock), orderId, p.method, -p.amount_cents, p.id, staffId, shiftId, now);
    }
  })();
}

export function insertRefund(db: Db, clock: Clock, input: { orderId: string; amountCents: number; method: 'cash' | 'card'; staffId: string }): void {
  db.prepare(`INSERT INTO refunds (id, order_id, amount_cents, method, reason, staff_id, shift_id, created_at) VALUES (?, ?, ?, ?, 'test', ?, ?, ?)`)
    .run(uuidv7(clock), input.orderId, input.amountCents, input.method, input.staffId, openShiftId(db), clock.now());
}
