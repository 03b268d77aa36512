import type { Db } from '../../db/connection';

/**
 * The figures of one shift, as an X-report shows them live and a Z-report freezes them.
 *
 * What counts where (one rule, used by both): the shift STAMP, not the clock. Every payment,
 * refund and void records the shift open at that moment, in its own transaction
 * (payments.shift_id, refunds.shift_id, orders.shift_id set when the order is paid,
 * orders.void_shift_id); rows made while no shift was open are adopted by the next shift when it
 * opens (card sales, or cash when `allowCashWithoutShift` is on; cash is refused otherwise).
 * - sales are orders stamped with the shift and still sold (status paid or refunded);
 * - takings by method are the shift's payment rows, including the negative reversals of a
 *   voided paid order, so they are the real money in the drawer/terminal;
 * - refunds and voids are those stamped with the shift;
 * - expected cash = float + cash takings − cash refunds + cash in − cash out.
 * countsFrom/until stay in the summary for display: from the previous close to this close/now.
 */
export interface MethodTotal {
  method: string;
  count: number;
  amountCents: number;
}

export interface TaxRateTotal {
  rateBp: number;
  netCents: number;
  taxCents: number;
  totalCents: number;
}

export interface CategoryTotal {
  categoryId: string | null;
  name: string;
  qty: number;
  totalCents: number;
}

export interface CashMovementView {
  id: string;
  kind: 'in' | 'out';
  amountCents: number;
  reason: string;
  staffId: string;
  staffName: string;
  at: number;
}

export interface ShiftSummary {
  shiftId: string;
  shiftNumber: number;
  openedAt: number;
  openedBy: { id: string; name: string };
  /** Start of the counted window (the previous shift's close). */
  countsFrom: number;
  /** End of the window: closing time for a Z, the moment of the report for an X. */
  until: number;
  closed: boolean;
  sales: {
    orderCount: number;
    subtotalCents: number;
    discountCents: number;
    taxCents: number;
    totalCents: number;
    averageOrderCents: number;
  };
  byMethod: MethodTotal[];
  byTaxRate: TaxRateTotal[];
  byCategory: CategoryTotal[];
  discounts: { lineCount: number; orderCount: number; amountCents: number };
  voids: { orderCount: number; orderAmountCents: number; lineCount: number; lineAmountCents: number };
  refunds: { count: number; amountCents: number; byMethod: MethodTotal[] };
  cash: {
    openingFloatCents: number;
    cashTakingsCents: number;
    cashRefundsCents: number;
    cashInCents: number;
    cashOutCents: number;
    expectedCents: number;
    countedCents: number | null;
    /** counted − expected: negative is a shortage. */
    differenceCents: number | null;
  };
  movements: CashMovementView[];
  /** The closing manager's note, frozen with the Z-report (absent on X-reports and older Zs). */
  closeNote?: string;
}

export interface ShiftWindow {
  shiftId: string;
  shiftNumber: number;
  countsFrom: number;
  openedAt: number;
  openedById: string;
  openingFloatCents: number;
  until: number;
  closed: boolean;
  countedCents: number | null;
}

const SOLD = `status IN ('paid', 'refunded')`;

export function computeShiftSummary(db: Db, w: ShiftWindow): ShiftSummary {
  const shift = w.shiftId;

  const sales = db.prepare(`
    SELECT COUNT(*) AS orderCount, COALESCE(SUM(subtotal_cents), 0) AS subtotalCents,
           COALESCE(SUM(discount_cents), 0) AS discountCents, COALESCE(SUM(tax_cents), 0) AS taxCents,
           COALESCE(SUM(total_cents), 0) AS totalCents
    FROM orders WHERE shift_id = ? AND ${SOLD}`).get(shift) as Omit<ShiftSummary['sales'], 'averageOrderCents'>;

  const byMethod = db.prepare(`
    SELECT method, COUNT(*) AS count, SUM(amount_cents) AS amountCents
    FROM payments WHERE shift_id = ? GROUP BY method ORDER BY method`).all(shift) as MethodTotal[];

  // One scan of the sold lines (covering order_lines_order index) feeds rates, categories,
  // discounts and line voids.
  const lineGroups = db.prepare(`
    SELECT l.status, l.tax_rate_bp AS rateBp, l.category_id AS categoryId, COUNT(*) AS n, SUM(l.qty) AS qty,
           SUM(l.net_cents) AS net, SUM(l.tax_cents) AS tax, SUM(l.total_cents) AS total,
           SUM(l.discount_cents) AS discount, SUM(l.discount_cents > 0) AS discounted, SUM(l.unit_price_cents * l.qty) AS listAmount
    FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.shift_id = ? AND o.${SOLD}
    GROUP BY l.status, l.tax_rate_bp, l.category_id`).all(shift) as {
    status: string; rateBp: number; categoryId: string | null; n: number; qty: number; net: number; tax: number; total: number;
    discount: number; discounted: number; listAmount: number;
  }[];
  const rates = new Map<number, TaxRateTotal>();
  const categories = new Map<string | null, CategoryTotal>();
  const lineDiscounts = { lineCount: 0, amountCents: 0 };
  const voidedLines = { n: 0, amount: 0 };
  const categoryNames = new Map((db.prepare('SELECT id, name FROM categories').all() as { id: string; name: string }[]).map((c) => [c.id, c.name]));
  for (const g of lineGroups) {
    if (g.status !== 'active') {
      // Line voids carry no time of their own: they count with the sale of their order.
      voidedLines.n += g.n;
      voidedLines.amount += g.listAmount;
      continue;
    }
    const r = rates.get(g.rateBp) ?? { rateBp: g.rateBp, netCents: 0, taxCents: 0, totalCents: 0 };
    r.netCents += g.net;
    r.taxCents += g.tax;
    r.totalCents += g.total;
    rates.set(g.rateBp, r);
    const c = categories.get(g.categoryId) ?? { categoryId: g.categoryId, name: g.categoryId === null ? '' : categoryNames.get(g.categoryId) ?? '', qty: 0, totalCents: 0 };
    c.qty += g.qty;
    c.totalCents += g.total;
    categories.set(g.categoryId, c);
    lineDiscounts.lineCount += g.discounted;
    lineDiscounts.amountCents += g.discount;
  }
  const byTaxRate = [...rates.values()].sort((a, b) => a.rateBp - b.rateBp);
  const byCategory = [...categories.values()].sort((a, b) => b.totalCents - a.totalCents || a.name.localeCompare(b.name));
  const orderDiscounts = db.prepare(`
    SELECT COUNT(*) AS n FROM orders WHERE shift_id = ? AND ${SOLD} AND discount_cents > 0`)
    .get(shift) as { n: number };

  const voidedOrders = db.prepare(`
    SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS amount
    FROM orders WHERE void_shift_id = ? AND status = 'voided'`).get(shift) as { n: number; amount: number };
  const refundsByMethod = db.prepare(`
    SELECT method, COUNT(*) AS count, SUM(amount_cents) AS amountCents
    FROM refunds WHERE shift_id = ? GROUP BY method ORDER BY method`).all(shift) as MethodTotal[];

  const movements = db.prepare(`
    SELECT m.id, m.kind, m.amount_cents AS amountCents, m.reason, m.staff_id AS staffId, COALESCE(s.name, '') AS staffName, m.created_at AS at
    FROM cash_movements m LEFT JOIN staff s ON s.id = m.staff_id
    WHERE m.shift_id = ? ORDER BY m.created_at, m.id`).all(w.shiftId) as CashMovementView[];

  const openedBy = db.prepare('SELECT id, name FROM staff WHERE id = ?').get(w.openedById) as { id: string; name: string } | undefined;

  const cashTakingsCents = byMethod.find((m) => m.method === 'cash')?.amountCents ?? 0;
  const cashRefundsCents = refundsByMethod.find((m) => m.method === 'cash')?.amountCents ?? 0;
  const cashInCents = movements.filter((m) => m.kind === 'in').reduce((a, m) => a + m.amountCents, 0);
  const cashOutCents = movements.filter((m) => m.kind === 'out').reduce((a, m) => a + m.amountCents, 0);
  const expectedCents = w.openingFloatCents + cashTakingsCents - cashRefundsCents + cashInCents - cashOutCents;

  return {
    shiftId: w.shiftId,
    shiftNumber: w.shiftNumber,
    openedAt: w.openedAt,
    openedBy: openedBy ?? { id: w.openedById, name: '' },
    countsFrom: w.countsFrom,
    until: w.until,
    closed: w.closed,
    sales: {
      ...sales,
      // Integer average, rounded down: a display figure, never summed.
      averageOrderCents: sales.orderCount === 0 ? 0 : Math.floor(sales.totalCents / sales.orderCount),
    },
    byMethod,
    byTaxRate,
    byCategory,
    discounts: { lineCount: lineDiscounts.lineCount, orderCount: orderDiscounts.n, amountCents: lineDiscounts.amountCents },
    voids: { orderCount: voidedOrders.n, orderAmountCents: voidedOrders.amount, lineCount: voidedLines.n, lineAmountCents: voidedLines.amount },
    refunds: {
      count: refundsByMethod.reduce((a, m) => a + m.count, 0),
      amountCents: refundsByMethod.reduce((a, m) => a + m.amountCents, 0),
      byMethod: refundsByMethod,
    },
    cash: {
      openingFloatCents: w.openingFloatCents,
      cashTakingsCents,
      cashRefundsCents,
      cashInCents,
      cashOutCents,
      expectedCents,
      countedCents: w.countedCents,
      differenceCents: w.countedCents === null ? null : w.countedCents - expectedCents,
    },
    movements,
  };
}
