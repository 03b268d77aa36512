import { z } from 'zod';
import { defineCommand, requireSellingAllowed } from '../../api/command';
import { requireStaff } from '../staff/permissions';
import { takePayment, tenderSchema } from './payments';

export const paymentCommands = {
  /** Cash, card or mixed; a tender smaller than the due is a part payment. */
  'payment.take': defineCommand({
    input: z.object({ orderId: z.string().min(1).max(64), tenders: z.array(tenderSchema).max(20) }),
    permission: 'order.sell',
    run: (ctx, i) => {
      requireSellingAllowed(ctx);
      return takePayment(ctx, requireStaff(ctx.staff), i);
    },
  }),
};
