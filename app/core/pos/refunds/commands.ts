import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { centsSchema } from '../../money';
import { kickPrintQueue } from '../../print/print-service';
import { getOrder } from '../orders/order-view';
import { sendKitchenVoids } from '../receipts/kitchen-tickets';
import { getSettings } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';
import { listRefunds, refundOrder } from './refunds';
import { voidOrder } from './voids';
import { printRefundSlip } from './refund-slip';

const id = z.string().min(1).max(64);
const reason = z.string().trim().min(1).max(200);

export const refundCommands = {
  /** Permission is checked inside: a cashier may discard their own unsent draft, all else needs order.void. */
  'order.void': defineCommand({
    input: z.object({ orderId: id, reason }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      const staff = requireStaff(ctx.staff);
      const wasPaid = getOrder(ctx.db, i.orderId).status === 'paid';
      const order = voidOrder(ctx, staff, i);
      // Whatever the stations were making for it, they hear at once (issue 11: VOID tickets);
      // a paid order was served: voiding it is about the money, not the kitchen.
      if (!wasPaid) sendKitchenVoids(ctx.db, ctx.clock, getSettings(ctx.db), { orderId: order.id, staffId: staff.id, idempotencyKey: `void:${order.id}`, lineIds: 'all' });
      kickPrintQueue();
      return order;
    },
  }),
  'order.refund': defineCommand({
    input: z.object({
      orderId: id, method: z.enum(['cash', 'card']), reason,
      amountCents: centsSchema.optional(),
      lines: z.array(z.object({ lineId: id, qty: z.number().int().min(1).max(10_000) })).max(200).optional(),
    }),
    permission: 'order.refund',
    changes: ['orders'],
    run: (ctx, i) => refundOrder(ctx, requireStaff(ctx.staff), i),
  }),
  /** The refund slip on the receipt printer; the same key twice never prints twice, a second print says REPRINT. */
  'refund.printSlip': defineCommand({
    input: z.object({ refundId: id, idempotencyKey: z.string().min(8).max(100).optional() }),
    permission: 'order.sell',
    run: (ctx, i) => {
      const result = printRefundSlip(ctx.db, ctx.clock, getSettings(ctx.db), i);
      kickPrintQueue();
      return result;
    },
  }),
  'order.listRefunds': defineCommand({
    input: z.object({ orderId: id }),
    permission: 'order.sell',
    run: (ctx, i) => listRefunds(ctx.db, i.orderId),
  }),
};
