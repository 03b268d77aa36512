import { z } from 'zod';
import { defineCommand, requireSellingAllowed } from '../../api/command';
import { basisPointsSchema, centsSchema } from '../../money';
import { kickPrintQueue } from '../../print/print-service';
import { requireStaff } from '../staff/permissions';
import { getOrder, listActiveOrders, listOrdersOfDay } from './order-view';
import { addLine, createOrder, removeLine, sendOrder, setDiscount, setOrderDetails, updateLine } from './orders';

const id = z.string().min(1).max(64);
const note = z.string().trim().max(200);
const discountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: basisPointsSchema }),
  z.object({ kind: z.literal('amount'), value: centsSchema }),
]);

export const orderCommands = {
  'order.create': defineCommand({
    input: z.object({ comment: note.optional() }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      requireSellingAllowed(ctx);
      return createOrder(ctx, requireStaff(ctx.staff), i);
    },
  }),
  'order.get': defineCommand({
    input: z.object({ orderId: id }),
    permission: 'order.sell',
    run: (ctx, i) => getOrder(ctx.db, i.orderId),
  }),
  /** Drafts and open orders from every device. */
  'order.listActive': defineCommand({
    input: z.object({}),
    permission: 'order.sell',
    run: (ctx) => listActiveOrders(ctx.db),
  }),
  'order.listOfDay': defineCommand({
    input: z.object({ businessDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
    permission: 'order.sell',
    run: (ctx, i) => listOrdersOfDay(ctx.db, i.businessDay),
  }),
  'order.addLine': defineCommand({
    input: z.object({ orderId: id, itemId: id, qty: z.number().int().min(1).max(999).default(1), optionIds: z.array(id).max(50).default([]), note: note.default(''), addToLast: z.boolean().default(false) }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      requireSellingAllowed(ctx);
      return addLine(ctx, i);
    },
  }),
  /** Lowering qty on a sent order needs order.void and a reason (checked inside). */
  'order.updateLine': defineCommand({
    input: z.object({ orderId: id, lineId: id, qty: z.number().int().min(1).max(999).optional(), note: note.optional(), reason: z.string().trim().min(1).max(200).optional() }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      const order = updateLine(ctx, requireStaff(ctx.staff), i);
      kickPrintQueue(); // a lowered quantity of a sent line printed a VOID ticket
      return order;
    },
  }),
  /** Needs order.void (checked inside) once the order was sent. */
  'order.removeLine': defineCommand({
    input: z.object({ orderId: id, lineId: id, reason: z.string().trim().min(1).max(200).optional() }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => {
      const order = removeLine(ctx, requireStaff(ctx.staff), i);
      kickPrintQueue(); // a void of a sent line printed a VOID ticket
      return order;
    },
  }),
  'order.setDetails': defineCommand({
    input: z.object({ orderId: id, comment: note.optional(), guests: z.number().int().min(0).max(500).nullable().optional() }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => setOrderDetails(ctx, i),
  }),
  'order.setDiscount': defineCommand({
    input: z.object({ orderId: id, lineId: id.optional(), discount: discountSchema.nullable(), reason: z.string().trim().min(1).max(200).optional() }),
    permission: 'order.discount',
    changes: ['orders'],
    run: (ctx, i) => setDiscount(ctx, requireStaff(ctx.staff), i),
  }),
  'order.send': defineCommand({
    input: z.object({ orderId: id }),
    permission: 'order.sell',
    changes: ['orders'],
    run: (ctx, i) => sendOrder(ctx, i.orderId),
  }),
};
