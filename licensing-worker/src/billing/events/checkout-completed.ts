// checkout.session.completed: the customer exists from now on, with a fresh unlock token
// (a returning, cancelled customer keeps its row). An email that already has a live
// subscription is a duplicate purchase instead (./duplicate-purchase.ts).
import { auditStatement } from '../../audit';
import { sendEmail } from '../../email';
import { emailLanguageSchema } from '../../protocol/billing';
import { uuidv7 } from '../../ids';
import { generateUnlockToken, hashToken, normalizeEmail } from '../../tokens';
import { emailContextOf, type BillingContext } from '../context';
import { checkoutSessionSchema, subscriptionSchema, subscriptionTruthOf, type StripeEventEnvelope, type SubscriptionTruth } from '../stripe-events';
import { findCustomerByEmail, hasLiveSubscription } from '../customers';
import { applyDuplicatePurchase } from './duplicate-purchase';
import { convertTrial } from '../../trial/conversion';
import { isTrialClaim } from '../../trial/machine-record';
import { tellSessionsCustomerChanged } from '../../sessions/route';
import type { ApplyOutcome } from './outcome';

/** Development billing has no Stripe to ask: a new subscription runs one month from payment. */
const DEV_PERIOD_MS = 30 * 86_400_000;

export async function subscriptionState(ctx: BillingContext, subscriptionId: string | null, createdS: number): Promise<SubscriptionTruth> {
  if (!ctx.stripe || !subscriptionId) {
    return { status: 'active', stripeStatus: 'active', periodEnd: createdS * 1000 + DEV_PERIOD_MS, cancelAtPeriodEnd: false };
  }
  return subscriptionTruthOf(subscriptionSchema.parse(await ctx.stripe.subscriptions.retrieve(subscriptionId)));
}

interface CheckoutRow {
  email: string;
  claim_hash: string | null;
  name: string;
  business_name: string;
  status: string;
  language: string;
}

export async function applyCheckoutCompleted(ctx: BillingContext, event: StripeEventEnvelope): Promise<ApplyOutcome> {
  const session = checkoutSessionSchema.parse(event.data.object);
  if (session.mode && session.mode !== 'subscription') return { status: 'ignored', note: `mode ${session.mode}` };
  const recorded = await ctx.db.first<CheckoutRow>(
    'SELECT email, name, business_name, status, language, claim_hash FROM checkout_sessions WHERE id = ?',
    session.id,
  );
  if (recorded?.status === 'completed' || recorded?.status === 'duplicate') return { status: 'ignored', note: 'checkout already completed' };
  const rawEmail = session.customer_details?.email ?? session.customer_email ?? recorded?.email;
  if (!rawEmail) throw new Error('checkout session without an email');
  const email = normalizeEmail(rawEmail);
  // Rule 1: a live subscription is never replaced by another checkout for the same email.
  const existing = await findCustomerByEmail(ctx.db, email);
  if (existing && hasLiveSubscription(existing)) {
    return applyDuplicatePurchase(ctx, event, session, existing);
  }
  // A checkout opened by the trial's own app (its claim hash) converts that customer in place.
  if (existing?.subscription_status === 'trial' && (await isTrialClaim(ctx.db, existing.id, recorded?.claim_hash))) {
    return convertTrial(ctx, event, session, existing, { name: recorded?.name ?? '', businessName: recorded?.business_name ?? '' });
  }
  const name = recorded?.name || session.metadata.name || session.customer_details?.name || '';
  const businessName = recorded?.business_name || session.metadata.businessName || '';
  const language = emailLanguageSchema.catch('en').parse(recorded?.language ?? session.metadata.language);
  const state = await subscriptionState(ctx, session.subscription, event.created);

  const now = ctx.now();
  const token = generateUnlockToken();
  const tokenHash = await hashToken(token);
  // One upsert: a returning (previously cancelled) customer keeps its row and machines.
  const customer = await ctx.db.first<{ id: string }>(
    `INSERT INTO customers (id, email, name, business_name, token_hash, token_issued_at, stripe_customer_id,
       stripe_subscription_id, subscription_status, stripe_status, current_period_end, cancel_at_period_end,
       last_event_created_s, language, activated_at, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?6, ?6, ?6)
     ON CONFLICT(email) DO UPDATE SET
       name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE customers.name END,
       business_name = CASE WHEN excluded.business_name <> '' THEN excluded.business_name ELSE customers.business_name END,
       token_hash = excluded.token_hash, token_issued_at = excluded.token_issued_at, next_token_hash = NULL, next_token_issued_at = NULL,
       stripe_customer_id = excluded.stripe_customer_id, stripe_subscription_id = excluded.stripe_subscription_id,
       subscription_status = excluded.subscription_status, stripe_status = excluded.stripe_status,
       current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
       last_event_created_s = MAX(customers.last_event_created_s, excluded.last_event_created_s),
       language = excluded.language, activated_at = excluded.activated_at, renewal_reminder_for = NULL, updated_at = excluded.updated_at,
       -- a trial (one machine) paid from elsewhere gets the plan's machines (the column default)
       max_machines = CASE WHEN customers.subscription_status = 'trial' THEN MAX(customers.max_machines, 3) ELSE customers.max_machines END
     RETURNING id`,
    uuidv7(now),
    email,
    name,
    businessName,
    tokenHash,
    now,
    session.customer,
    session.subscription,
    state.status,
    state.stripeStatus,
    state.periodEnd,
    state.cancelAtPeriodEnd ? 1 : 0,
    event.created,
    language,
  );
  if (!customer) throw new Error('customer upsert returned no row');
  // A trial paid from elsewhere: its running till's next heartbeat must see the subscription.
  if (existing?.subscription_status === 'trial') await tellSessionsCustomerChanged(ctx.env, customer.id);

  await ctx.db.batch([
    // The plaintext token waits here only until instant activation claims it (or the cron clears it).
    ctx.db
      .prepare(
        `INSERT INTO checkout_sessions (id, email, name, business_name, status, customer_id, pending_token, created_at, completed_at)
         VALUES (?1, ?2, ?3, ?4, 'completed', ?5, ?6, ?7, ?7)
         ON CONFLICT(id) DO UPDATE SET status = 'completed', customer_id = excluded.customer_id,
           pending_token = excluded.pending_token, completed_at = excluded.completed_at`,
      )
      .bind(session.id, email, name, businessName, customer.id, token, now),
    auditStatement(ctx.db, {
      at: now,
      requestId: ctx.requestId,
      customerId: customer.id,
      action: 'activation',
      details: { eventId: event.id, checkoutSessionId: session.id, subscriptionStatus: state.status },
    }),
  ]);

  await sendEmail(emailContextOf(ctx), {
    to: email,
    template: 'welcome',
    data: { name, token, businessName },
    customerId: customer.id,
  });
  return { status: 'applied' };
}
