import { z } from 'zod';
import { defineCommand, requireSellingAllowed } from '../../api/command';
import { kickCashDrawer } from '../../print/cash-drawer';
import { kickPrintQueue } from '../../print/print-service';
import { sendOrderToKitchen, type SendResult } from '../receipts/kitchen-tickets';
import { getSettings } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';
import { takePayment, tenderSchema, type PaymentResult } from './payments';

export const paymentCommands = {
  /**
   * Cash, card or mixed; a tender smaller than the due is a part payment. After the payment is
   * committed: a cash tender opens the drawer (once per payment), and a counter order (no table)
   * that is now paid sends what was never sent to its stations, if the shop wants that (default
   * on). A part payment leaves the order as it is: it is still being settled.
   * `part.items`: a split-by-items guest's units, so their fiscal receipt (11.1) carries the VAT
   * their part receipt prints; without it a part payment is a share of the bill.
   */
  'payment.take': defineCommand({
    input: z.object({
      orderId: z.string().min(1).max(64), tenders: z.array(tenderSchema).max(20),
      part: z.object({ items: z.array(z.object({ lineId: z.string().min(1).max(64), qty: z.number().int().min(1).max(999) })).min(1).max(200).optional() }).optional(),
    }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i): PaymentResult & { kitchen: SendResult | null } => {
      requireSellingAllowed(ctx);
      const staff = requireStaff(ctx.staff);
      const result = takePayment(ctx, staff, i);
      const settings = getSettings(ctx.db);
      const cash = result.payments.find((p) => p.method === 'cash');
      if (cash) kickCashDrawer(ctx.db, ctx.clock, settings, { key: `payment:${cash.id}`, description: `Cash #${result.order.number}` });
      let kitchen: SendResult | null = null;
      const first = result.payments[0];
      if (result.paid && result.order.tableId === null && settings.kitchen.sendCounterOrdersOnPay !== false && first) {
        kitchen = sendOrderToKitchen(ctx.db, ctx.clock, settings, { orderId: result.order.id, staffId: staff.id, idempotencyKey: `pay:${first.id}` });
      }
      kickPrintQueue();
      return { ...result, kitchen };
    },
  }),
};
