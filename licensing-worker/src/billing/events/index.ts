// Dispatch of verified Stripe events to the code that applies them.
import type { BillingContext } from '../context';
import type { StripeEventEnvelope } from '../stripe-events';
import { applyCheckoutCompleted } from './checkout-completed';
import type { ApplyOutcome } from './outcome';
import {
  applyInvoicePaid,
  applyInvoicePaymentFailed,
  applySubscriptionDeleted,
  applySubscriptionUpdated,
} from './subscription-changes';

export { RetryLaterError, type ApplyOutcome } from './outcome';

const handlers: Record<string, (ctx: BillingContext, event: StripeEventEnvelope) => Promise<ApplyOutcome>> = {
  'checkout.session.completed': applyCheckoutCompleted,
  'invoice.paid': applyInvoicePaid,
  'invoice.payment_succeeded': applyInvoicePaid,
  'invoice.payment_failed': applyInvoicePaymentFailed,
  'customer.subscription.updated': applySubscriptionUpdated,
  'customer.subscription.deleted': applySubscriptionDeleted,
};

export function applyStripeEvent(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const handler = handlers[event.type];
  return handler ? handler(ctx, event) : Promise.resolve({ status: 'ignored', note: 'unhandled type' });
}
