// Subscribe converts: a checkout opened by the trial's own app (it carries the claim hash the
// trial started with) and paid, turns the SAME customer from 'trial' into the subscription. The
// token, the machine and the shop stay; nothing to activate. A trial is not a live
// subscription, so the duplicate-purchase rule never refunds this payment.
import { auditStatement } from '../audit';
import { sendEmail } from '../email';
import { emailContextOf, type BillingContext } from '../billing/context';
import { tellSessionsCustomerChanged } from '../sessions/route';
import type { BillingCustomer } from '../billing/customers';
import { subscriptionState } from '../billing/events/checkout-completed';
import type { ApplyOutcome } from '../billing/events/outcome';
import type { StripeCheckoutSession, StripeEventEnvelope } from '../billing/stripe-events';

/** The plan's machines (customers.max_machines' default); a trial had one. */
const PLAN_MAX_MACHINES = 3;

export async function convertTrial(
  ctx: BillingContext,
  event: StripeEventEnvelope,
  session: StripeCheckoutSession,
  customer: BillingCustomer,
  recorded: { name: string; businessName: string },
): Promise<ApplyOutcome> {
  const state = await subscriptionState(ctx, session.subscription, event.created);
  const now = ctx.now();
  const name = recorded.name || session.metadata.name || session.customer_details?.name || '';
  const businessName = recorded.businessName || session.metadata.businessName || '';
  const [updated] = await ctx.db.batch([
    ctx.db
      .prepare(
        `UPDATE customers SET stripe_customer_id = ?2, stripe_subscription_id = ?3, subscription_status = ?4, stripe_status = ?5,
           current_period_end = ?6, cancel_at_period_end = ?7, last_event_created_s = MAX(last_event_created_s, ?8),
           max_machines = MAX(max_machines, ?9), name = CASE WHEN ?10 <> '' THEN ?10 ELSE name END,
           business_name = CASE WHEN ?11 <> '' THEN ?11 ELSE business_name END, renewal_reminder_for = NULL, updated_at = ?12
         WHERE id = ?1 AND subscription_status = 'trial'`,
      )
      .bind(customer.id, session.customer, session.subscription, state.status, state.stripeStatus, state.periodEnd, state.cancelAtPeriodEnd ? 1 : 0,
        event.created, PLAN_MAX_MACHINES, name, businessName, now),
    // Nothing to claim: the trial's app already holds the token.
    ctx.db
      .prepare(
        `INSERT INTO checkout_sessions (id, email, name, business_name, status, customer_id, claimed_at, created_at, completed_at)
         VALUES (?1, ?2, ?3, ?4, 'completed', ?5, ?6, ?6, ?6)
         ON CONFLICT(id) DO UPDATE SET status = 'completed', customer_id = excluded.customer_id, pending_token = NULL,
           claimed_at = excluded.claimed_at, completed_at = excluded.completed_at`,
      )
      .bind(session.id, customer.email, name, businessName, customer.id, now),
    auditStatement(ctx.db, {
      at: now,
      requestId: ctx.requestId,
      customerId: customer.id,
      action: 'trial_converted',
      details: { eventId: event.id, checkoutSessionId: session.id, subscriptionStatus: state.status },
    }),
  ]);
  if ((updated?.meta.changes ?? 0) === 0) return { status: 'ignored', note: 'trial converted concurrently' };
  await tellSessionsCustomerChanged(ctx.env, customer.id); // the running till's next heartbeat is the subscription's
  await sendEmail(emailContextOf(ctx), { to: customer.email, template: 'trial_converted', data: { name, currentPeriodEnd: state.periodEnd }, customerId: customer.id });
  return { status: 'applied', note: 'trial converted' };
}
