// invoice.paid / invoice.payment_succeeded / invoice.payment_failed /
// customer.subscription.updated / customer.subscription.deleted: state changes of an existing
// customer. Stale events (older than the newest one applied) never roll state back, and each
// write is conditional on the state it was decided from (no lost updates between events).
import { audit } from '../../audit';
import { sendEmail, type EmailTemplate, type EmailTemplateData } from '../../email';
import { emailContextOf, type BillingContext } from '../context';
import { findCustomerByStripeIds, type BillingCustomer } from '../customers';
import {
  invoicePeriodEndMs,
  invoiceSchema,
  invoiceSubscriptionId,
  subscriptionPeriodEndMs,
  subscriptionSchema,
  subscriptionStatusFromStripe,
  type StripeEventEnvelope,
  type SubscriptionStatus,
} from '../stripe-events';
import { RetryLaterError, type ApplyOutcome } from './outcome';

type Email = { [T in EmailTemplate]: { template: T; data: EmailTemplateData[T] } }[EmailTemplate];

interface Change {
  status: SubscriptionStatus;
  stripeStatus: string;
  periodEnd?: number | null;
  cancelAtPeriodEnd?: boolean;
  action: string;
  email?: Email;
}

interface Target {
  subscriptionId: string | null;
  customerId: string | null;
  /** Events that may legitimately precede checkout.session.completed are ignored, not retried. */
  ignoreIfUnknown: boolean;
}

const MAX_ATTEMPTS = 3;

async function applyChange(
  ctx: BillingContext,
  event: StripeEventEnvelope,
  target: Target,
  decide: (customer: BillingCustomer) => Change | null,
): Promise<ApplyOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const customer = await findCustomerByStripeIds(ctx.db, target);
    if (!customer) {
      if (target.ignoreIfUnknown) return { status: 'ignored', note: 'customer not known yet' };
      throw new RetryLaterError(`no customer for ${target.subscriptionId ?? target.customerId ?? 'event'}`);
    }
    if (customer.last_event_created_s > event.created) return { status: 'ignored', note: 'stale event' };
    // An event about an older subscription of a returning customer must not touch the new one.
    if (target.subscriptionId && customer.stripe_subscription_id && target.subscriptionId !== customer.stripe_subscription_id) {
      return { status: 'ignored', note: 'other subscription' };
    }
    const change = decide(customer);
    if (!change) return { status: 'ignored', note: 'no change' };
    const now = ctx.now();
    const updated = await ctx.db.first<{ id: string }>(
      `UPDATE customers SET subscription_status = ?1, stripe_status = ?2,
         current_period_end = COALESCE(?3, current_period_end),
         cancel_at_period_end = COALESCE(?4, cancel_at_period_end),
         last_event_created_s = ?5, updated_at = ?6
       WHERE id = ?7 AND last_event_created_s = ?8 AND subscription_status = ?9
       RETURNING id`,
      change.status,
      change.stripeStatus,
      change.periodEnd ?? null,
      change.cancelAtPeriodEnd === undefined ? null : change.cancelAtPeriodEnd ? 1 : 0,
      event.created,
      now,
      customer.id,
      customer.last_event_created_s,
      customer.subscription_status,
    );
    if (!updated) continue; // another event changed the row meanwhile: decide again from fresh state
    await audit(ctx.db, {
      at: now,
      requestId: ctx.requestId,
      customerId: customer.id,
      action: change.action,
      details: { eventId: event.id, eventType: event.type, from: customer.subscription_status, to: change.status },
    });
    if (change.email) {
      await sendEmail(emailContextOf(ctx), { to: customer.email, customerId: customer.id, ...change.email });
    }
    return { status: 'applied' };
  }
  throw new RetryLaterError('customer kept changing; retry');
}

export function applyInvoicePaid(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const invoice = invoiceSchema.parse(event.data.object);
  const periodEnd = invoicePeriodEndMs(invoice);
  return applyChange(
    ctx,
    event,
    {
      subscriptionId: invoiceSubscriptionId(invoice),
      customerId: invoice.customer,
      // The first invoice of a subscription races checkout.session.completed, which activates anyway.
      ignoreIfUnknown: invoice.billing_reason === 'subscription_create',
    },
    (customer) => ({
      status: 'active',
      stripeStatus: 'active',
      periodEnd,
      action: customer.subscription_status === 'suspended' ? 'reactivated' : 'payment_received',
      ...(customer.subscription_status === 'suspended'
        ? { email: { template: 'reactivated', data: { name: customer.name, currentPeriodEnd: periodEnd ?? customer.current_period_end } } }
        : {}),
    }),
  );
}

export function applyInvoicePaymentFailed(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const invoice = invoiceSchema.parse(event.data.object);
  return applyChange(
    ctx,
    event,
    { subscriptionId: invoiceSubscriptionId(invoice), customerId: invoice.customer, ignoreIfUnknown: false },
    (customer) =>
      customer.subscription_status === 'cancelled'
        ? null
        : {
            status: 'suspended',
            stripeStatus: 'past_due',
            action: 'suspended',
            email: {
              template: 'payment_failed',
              data: {
                name: customer.name,
                ...(invoice.amount_due != null && invoice.currency ? { amountCents: invoice.amount_due, currency: invoice.currency } : {}),
              },
            },
          },
  );
}

export function applySubscriptionUpdated(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const sub = subscriptionSchema.parse(event.data.object);
  const status = subscriptionStatusFromStripe(sub.status);
  return applyChange(ctx, event, { subscriptionId: sub.id, customerId: sub.customer, ignoreIfUnknown: true }, (customer) => ({
    status,
    stripeStatus: sub.status,
    periodEnd: subscriptionPeriodEndMs(sub),
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    action: status === customer.subscription_status ? 'subscription_updated' : status === 'suspended' ? 'suspended' : `subscription_${status}`,
  }));
}

export function applySubscriptionDeleted(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const sub = subscriptionSchema.parse(event.data.object);
  return applyChange(ctx, event, { subscriptionId: sub.id, customerId: sub.customer, ignoreIfUnknown: false }, (customer) =>
    customer.subscription_status === 'cancelled'
      ? null
      : {
          status: 'cancelled',
          stripeStatus: sub.status,
          cancelAtPeriodEnd: false,
          action: 'subscription_cancelled',
          email: {
            template: 'subscription_cancelled',
            data: { name: customer.name, endsAt: sub.ended_at ? sub.ended_at * 1000 : event.created * 1000 },
          },
        },
  );
}
