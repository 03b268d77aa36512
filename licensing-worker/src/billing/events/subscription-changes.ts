// invoice.paid / invoice.payment_succeeded / invoice.payment_failed /
// customer.subscription.updated / customer.subscription.deleted: state changes of an existing
// customer, following Stripe's truth:
// - only events about the customer's current subscription count (an invoice without a
//   subscription, or of another one, changes nothing); unknown customers are ignored (200);
// - invoices never revive a cancelled subscription, and only the invoices that pay or bill a
//   period (billing_reason) move the state;
// - stale events (older than the newest one applied) never roll state back; two events of the
//   same second are decided by reading the subscription from Stripe (subscription-truth.ts);
// - each write is conditional on the state it was decided from (no lost updates).
import { audit } from '../../audit';
import { tellSessionsCustomerChanged } from '../../sessions/route';
import { sendEmail, type EmailTemplate, type EmailTemplateData } from '../../email';
import { emailContextOf, type BillingContext } from '../context';
import { findCustomerByStripeIds, type BillingCustomer } from '../customers';
import {
  invoicePeriodEndMs,
  invoiceSchema,
  invoiceSubscriptionId,
  subscriptionSchema,
  subscriptionTruthOf,
  type StripeEventEnvelope,
  type StripeInvoice,
  type SubscriptionStatus,
} from '../stripe-events';
import { RetryLaterError, type ApplyOutcome } from './outcome';
import { readSubscriptionTruth } from './subscription-truth';

type Email = { [T in EmailTemplate]: { template: T; data: EmailTemplateData[T] } }[EmailTemplate];

interface Change {
  status: SubscriptionStatus;
  stripeStatus: string;
  periodEnd?: number | null;
  cancelAtPeriodEnd?: boolean;
  action: string;
  email?: Email;
}

/** A change to write, or why the event changes nothing. */
type Decision = Change | { ignore: string };

interface Target {
  subscriptionId: string | null;
  customerId: string | null;
}

const MAX_ATTEMPTS = 3;

/** Invoices that pay for a period of the subscription: their payment makes it active. */
const PERIOD_INVOICE_REASONS = new Set(['subscription_create', 'subscription_cycle']);
/** Invoices of the subscription whose failed payment makes Stripe mark it past_due. */
const SUBSCRIPTION_INVOICE_REASONS = new Set([...PERIOD_INVOICE_REASONS, 'subscription_update', 'subscription_threshold']);

/** Same second as the newest applied event: Stripe's current subscription decides, not arrival order. */
async function decideTie(ctx: BillingContext, subscriptionId: string, change: Change): Promise<Change> {
  const truth = await readSubscriptionTruth(ctx, subscriptionId);
  if (!truth) return change;
  const fromStripe = { stripeStatus: truth.stripeStatus, periodEnd: truth.periodEnd ?? change.periodEnd ?? null, cancelAtPeriodEnd: truth.cancelAtPeriodEnd };
  if (truth.status === change.status) return { ...change, ...fromStripe };
  // The event says otherwise than Stripe: Stripe's state, without the event's email.
  return { status: truth.status, ...fromStripe, action: 'subscription_state_from_stripe' };
}

async function applyChange(
  ctx: BillingContext,
  event: StripeEventEnvelope,
  target: Target,
  decide: (customer: BillingCustomer) => Decision,
): Promise<ApplyOutcome> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const customer = await findCustomerByStripeIds(ctx.db, target);
    if (!customer) return { status: 'ignored', note: 'unknown customer' };
    // Only the customer's current subscription counts (not an older one of a returning customer).
    if (!target.subscriptionId || target.subscriptionId !== customer.stripe_subscription_id) {
      return { status: 'ignored', note: 'other subscription' };
    }
    if (customer.last_event_created_s > event.created) return { status: 'ignored', note: 'stale event' };
    const decision = decide(customer);
    if ('ignore' in decision) return { status: 'ignored', note: decision.ignore };
    const change = customer.last_event_created_s === event.created ? await decideTie(ctx, target.subscriptionId, decision) : decision;
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
    await tellSessionsCustomerChanged(ctx.env, customer.id); // its heartbeats see the new state at once
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

/** Why an invoice cannot move the state at all, before any customer is looked up. */
function invoiceTarget(invoice: StripeInvoice, reasons: Set<string>): Target | { ignore: string } {
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { ignore: 'invoice without a subscription' };
  if (!reasons.has(invoice.billing_reason ?? '')) return { ignore: `billing_reason ${invoice.billing_reason ?? 'missing'}` };
  return { subscriptionId, customerId: invoice.customer };
}

export async function applyInvoicePaid(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const invoice = invoiceSchema.parse(event.data.object);
  const target = invoiceTarget(invoice, PERIOD_INVOICE_REASONS);
  if ('ignore' in target) return { status: 'ignored', note: target.ignore };
  const periodEnd = invoicePeriodEndMs(invoice);
  return applyChange(ctx, event, target, (customer) =>
    customer.subscription_status === 'cancelled'
      ? { ignore: 'subscription cancelled' }
      : {
          status: 'active',
          stripeStatus: 'active',
          periodEnd,
          action: customer.subscription_status === 'suspended' ? 'reactivated' : 'payment_received',
          ...(customer.subscription_status === 'suspended'
            ? { email: { template: 'reactivated', data: { name: customer.name, currentPeriodEnd: periodEnd ?? customer.current_period_end } } }
            : {}),
        },
  );
}

export async function applyInvoicePaymentFailed(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const invoice = invoiceSchema.parse(event.data.object);
  const target = invoiceTarget(invoice, SUBSCRIPTION_INVOICE_REASONS);
  if ('ignore' in target) return { status: 'ignored', note: target.ignore };
  return applyChange(ctx, event, target, (customer) =>
    customer.subscription_status === 'cancelled'
      ? { ignore: 'subscription cancelled' }
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
  const truth = subscriptionTruthOf(sub);
  const { status } = truth;
  return applyChange(ctx, event, { subscriptionId: sub.id, customerId: sub.customer }, (customer) => ({
    ...truth,
    action: status === customer.subscription_status ? 'subscription_updated' : status === 'suspended' ? 'suspended' : `subscription_${status}`,
  }));
}

export function applySubscriptionDeleted(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const sub = subscriptionSchema.parse(event.data.object);
  return applyChange(ctx, event, { subscriptionId: sub.id, customerId: sub.customer }, (customer) =>
    customer.subscription_status === 'cancelled'
      ? { ignore: 'no change' }
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
