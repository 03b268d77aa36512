/**
 * The Orders screen's list: one business day's orders with what the back office asks about a
 * sale (how it was paid, which table, who served it, the order note, what was refunded), and a
 * search by order number or by amount (the total, or any single payment of it).
 */
import type { Db } from '../../db/connection';
import { sql } from '../../db/statements';
import type { OrderStatus } from '../orders/order-view';

export interface JournalOrder {
  id: string; businessDay: string; number: number; status: OrderStatus;
  tableId: string | null; tableName: string | null; staffId: string; staffName: string; comment: string; guests: number | null;
  /** The methods of the payments taken (not their reversals), in the order first used. */
  methods: string[];
  totalCents: number; paidCents: number; refundedCents: number;
  createdAt: number; updatedAt: number; paidAt: number | null;
}

export interface JournalQuery {
  businessDay: string;
  /** Matches the order number. */
  number?: number | undefined;
  /** Matches the order total or one of its payments, in minor units. */
  amountCents?: number | undefined;
}

interface Row {
  id: string; businessDay: string; number: number; status: OrderStatus; tableId: string | null; tableName: string | null;
  staffId: string; staffName: string | null; comment: string; guests: number | null; methods: string | null;
  totalCents: number; paidCents: number; refundedCents: number; createdAt: number; updatedAt: number; paidAt: number | null;
}

export function orderJournal(db: Db, q: JournalQuery): JournalOrder[] {
  const searching = q.number !== undefined || q.amountCents !== undefined;
  const rows = sql(db, `
    SELECT o.id, o.business_day AS businessDay, o.number, o.status, o.table_id AS tableId, t.name AS tableName,
           o.staff_id AS staffId, s.name AS staffName, o.comment, o.guests,
           (SELECT group_concat(method, ',') FROM (SELECT method, MIN(created_at) AS first FROM payments
              WHERE order_id = o.id AND reverses_payment_id IS NULL AND amount_cents > 0 GROUP BY method ORDER BY first)) AS methods,
           o.total_cents AS totalCents, o.paid_cents AS paidCents,
           (SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE order_id = o.id) AS refundedCents,
           o.created_at AS createdAt, o.updated_at AS updatedAt, o.paid_at AS paidAt
    FROM orders o
    LEFT JOIN dining_tables t ON t.id = o.table_id
    LEFT JOIN staff s ON s.id = o.staff_id
    WHERE o.business_day = @day
      AND (@searching = 0 OR o.number = @number OR o.total_cents = @amount
           OR EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.amount_cents = @amount AND p.reverses_payment_id IS NULL))
    ORDER BY o.number`).all({ day: q.businessDay, searching: searching ? 1 : 0, number: q.number ?? null, amount: q.amountCents ?? null }) as Row[];
  return rows.map((r) => ({ ...r, staffName: r.staffName ?? '', methods: r.methods ? r.methods.split(',') : [] }));
}
