import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { kickPrintQueue } from '../../print/print-service';
import { getSettings } from '../settings/settings-store';
import { requireStaff } from '../staff/permissions';
import { listKitchenTickets, reprintKitchenTicket, sendOrderToKitchen } from './kitchen-tickets';
import { customerReceiptHtml, printCustomerReceipt } from './print-receipt';
import { receiptPartSchema } from './part-receipt';
import { printOrderSlipAfterSend } from './order-slip';

const id = z.string().min(1).max(64);
/** One key per click, made by the client (a UUID): the same key twice never prints twice. */
const idempotencyKey = z.string().min(8).max(100);

export const receiptCommands = {
  'receipt.print': defineCommand({
    /** `part`: a split guest's receipt (their lines or share, their payments); without it, the whole bill. */
    input: z.object({ orderId: id, printerId: z.string().min(1).max(40).optional(), idempotencyKey: idempotencyKey.optional(), part: receiptPartSchema.optional() }),
    permission: 'order.sell',
    run: (ctx, input) => {
      const result = printCustomerReceipt(ctx.db, ctx.clock, getSettings(ctx.db), input);
      kickPrintQueue();
      return result;
    },
  }),
  'receipt.html': defineCommand({
    input: z.object({ orderId: id, part: receiptPartSchema.optional() }),
    permission: 'order.sell',
    run: (ctx, input) => ({ html: customerReceiptHtml(ctx.db, ctx.clock, getSettings(ctx.db), input.orderId, input.part) }),
  }),
  'kitchen.send': defineCommand({
    input: z.object({ orderId: id, idempotencyKey }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, input) => {
      const settings = getSettings(ctx.db);
      const result = sendOrderToKitchen(ctx.db, ctx.clock, settings, { ...input, staffId: requireStaff(ctx.staff).id });
      // The customer's 8.6 order slip (issue 15), when fiscal is on and the owner asked for it.
      printOrderSlipAfterSend(ctx.db, ctx.clock, settings, input.orderId);
      kickPrintQueue();
      return result;
    },
  }),
  'kitchen.reprint': defineCommand({
    input: z.object({ ticketId: id, idempotencyKey }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, input) => {
      const ticket = reprintKitchenTicket(ctx.db, ctx.clock, getSettings(ctx.db), { ...input, staffId: requireStaff(ctx.staff).id });
      kickPrintQueue();
      return ticket;
    },
  }),
  'kitchen.list': defineCommand({
    input: z.object({ orderId: id }),
    permission: 'order.sell',
    run: (ctx, input) => listKitchenTickets(ctx.db, input.orderId),
  }),
};
