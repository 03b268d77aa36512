import { z } from 'zod';
import { defineCommand, requireSellingAllowed } from '../../api/command';
import { centsSchema } from '../../money';
import { getOrder } from '../orders/order-view';
import { requireStaff } from '../staff/permissions';
import { kickPrintQueue } from '../../print/print-service';
import { getSettings } from '../settings/settings-store';
import { printTableBill } from './print-bill';
import { splitBillByAmounts, splitBillByItems, splitBillEqually } from './splits';
import { createTable, deleteTable, listTables, mergeTables, moveOrderToTable, openTable, updateTable } from './tables';

const id = z.string().min(1).max(64);
const tableName = z.string().trim().min(1).max(30);

export const tableCommands = {
  'table.list': defineCommand({ input: z.object({}), permission: 'order.sell', run: (ctx) => listTables(ctx.db) }),
  'table.create': defineCommand({
    input: z.object({ name: tableName, area: z.string().trim().max(30).default(''), seats: z.number().int().min(0).max(100).default(2) }),
    permission: 'catalog.write',
    changes: ['orders'],
    run: (ctx, i) => createTable(ctx.db, ctx.clock, i),
  }),
  'table.update': defineCommand({
    input: z.object({ id, name: tableName.optional(), area: z.string().trim().max(30).optional(), seats: z.number().int().min(0).max(100).optional(), position: z.number().int().min(0).optional(), archived: z.boolean().optional() }),
    permission: 'catalog.write',
    changes: ['orders'],
    run: (ctx, i) => updateTable(ctx.db, i),
  }),
  /** Only a free table; one with past orders is archived (kept for their history). */
  'table.delete': defineCommand({
    input: z.object({ id }),
    permission: 'catalog.write',
    run: (ctx, i) => deleteTable(ctx.db, i.id),
  }),
  /** The running bill on paper before payment (headed BILL; the receipt after payment stays the original). */
  'table.printBill': defineCommand({
    input: z.object({ orderId: id, idempotencyKey: z.string().min(8).max(100).optional() }),
    permission: 'order.sell',
    run: (ctx, i) => {
      const result = printTableBill(ctx.db, ctx.clock, getSettings(ctx.db), i);
      kickPrintQueue();
      return result;
    },
  }),
  /** Returns the table's running bill, opening one if the table is free. */
  'table.open': defineCommand({
    input: z.object({ tableId: id, guests: z.number().int().min(0).max(500).nullable().optional() }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      requireSellingAllowed(ctx);
      return openTable(ctx, requireStaff(ctx.staff), i);
    },
  }),
  'table.move': defineCommand({
    input: z.object({ orderId: id, toTableId: id }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => moveOrderToTable(ctx, i),
  }),
  'table.merge': defineCommand({
    input: z.object({ fromTableId: id, intoTableId: id }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => mergeTables(ctx, i),
  }),
  /** Splits answer the amounts to collect; each is then paid with payment.take (a part payment). */
  'bill.splitEqually': defineCommand({
    input: z.object({ orderId: id, parts: z.number().int().min(1).max(100) }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => ({ amountsCents: splitBillEqually(getOrder(ctx.db, i.orderId).dueCents, i.parts) }),
  }),
  'bill.splitByAmounts': defineCommand({
    input: z.object({ orderId: id, amountsCents: z.array(centsSchema).min(1).max(100) }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => ({ amountsCents: splitBillByAmounts(getOrder(ctx.db, i.orderId).dueCents, i.amountsCents) }),
  }),
  'bill.splitByItems': defineCommand({
    input: z.object({ orderId: id, parts: z.array(z.array(z.object({ lineId: id, qty: z.number().int().min(1).max(999) })).max(200)).min(1).max(50) }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      const order = getOrder(ctx.db, i.orderId);
      const lines = order.lines.filter((l) => l.status === 'active').map((l) => ({ id: l.id, qty: l.qty, totalCents: l.totalCents }));
      return { ...splitBillByItems(lines, i.parts), totalCents: order.totalCents, paidCents: order.paidCents, dueCents: order.dueCents };
    },
  }),
};
