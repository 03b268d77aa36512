// Rule 1: a checkout paid for an email whose customer already has a live subscription (a stale
// checkout opened before the shop subscribed another way). The customer's token, Stripe customer
// and subscription are never touched: the purchase is recorded as a duplicate (audit + operator
// email), undone (Stripe: the duplicate subscription cancelled and its payment refunded;
// development billing: marked undone in duplicate_purchases), and the account's email is told.
// A failed Stripe call fails the event (500, retried); the undo steps are idempotent.
import type Stripe from 'stripe';
import { z } from 'zod';
import { audit, auditStatement } from '../../audit';
import { sendEmail } from '../../email';
import { emailContextOf, type BillingContext } from '../context';
import type { BillingCustomer } from '../customers';
import type { StripeCheckoutSession, StripeEventEnvelope } from '../stripe-events';
import type { ApplyOutcome } from './outcome';

const idRef = z
  .union([z.string(), z.looseObject({ id: z.string() })])
  .nullish()
  .transform((v) => (v == null ? null : typeof v === 'string' ? v : v.id));

const sessionInvoiceSchema = z.looseObject({ invoice: idRef, amount_total: z.number().int().nullish(), currency: z.string().nullish() });
const subscriptionInvoiceSchema = z.looseObject({ latest_invoice: idRef });
/** Current API versions list payments under `payments`; older ones name payment_intent/charge. */
const invoicePaymentSchema = z.looseObject({
  id: z.string(),
  amount_paid: z.number().int().nullish(),
  currency: z.string().nullish(),
  payment_intent: idRef,
  charge: idRef,
  payments: z
    .looseObject({ data: z.array(z.looseObject({ payment: z.looseObject({ payment_intent: idRef, charge: idRef }).nullish() })) })
    .nullish(),
});

interface DuplicateRow {
  status: 'recorded' | 'undone';
  subscription_cancelled_at: number | null;
  refund_id: string | null;
}

interface Refunded {
  refundId: string | null;
  amountCents: number | null;
  currency: string | null;
}

async function refundFirstPayment(stripe: Stripe, session: StripeCheckoutSession, subscriptionId: string | null): Promise<Refunded> {
  const paid = sessionInvoiceSchema.parse(session);
  let invoiceId = paid.invoice;
  if (!invoiceId && subscriptionId) invoiceId = subscriptionInvoiceSchema.parse(await stripe.subscriptions.retrieve(subscriptionId)).latest_invoice;
  if (!invoiceId) return { refundId: null, amountCents: paid.amount_total ?? null, currency: paid.currency ?? null };
  const invoice = invoicePaymentSchema.parse(await stripe.invoices.retrieve(invoiceId, { expand: ['payments'] }));
  const payment = invoice.payments?.data.find((p) => p.payment?.payment_intent || p.payment?.charge)?.payment;
  const paymentIntent = payment?.payment_intent ?? invoice.payment_intent;
  const charge = payment?.charge ?? invoice.charge;
  if (!paymentIntent && !charge) return { refundId: null, amountCents: invoice.amount_paid ?? null, currency: invoice.currency ?? null };
  const refund = await stripe.refunds.create(
    { ...(paymentIntent ? { payment_intent: paymentIntent } : { charge: charge! }), reason: 'duplicate', metadata: { checkoutSessionId: session.id } },
    { idempotencyKey: `pospal-duplicate-refund-${session.id}` },
  );
  return { refundId: refund.id, amountCents: invoice.amount_paid ?? null, currency: invoice.currency ?? null };
}

export async function applyDuplicatePurchase(
  ctx: BillingContext,
  event: StripeEventEnvelope,
  session: StripeCheckoutSession,
  customer: BillingCustomer,
): Promise<ApplyOutcome> {
  const now = ctx.now();
  const fresh = await ctx.db.first<{ id: string }>(
    `INSERT INTO duplicate_purchases (checkout_session_id, customer_id, email, event_id, stripe_customer_id, stripe_subscription_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(checkout_session_id) DO NOTHING RETURNING checkout_session_id AS id`,
    session.id,
    customer.id,
    customer.email,
    event.id,
    session.customer,
    session.subscription,
    now,
  );
  if (fresh) {
    await ctx.db.batch([
      // Never completed, never a token to claim: `instant` for it answers CHECK_EMAIL.
      ctx.db
        .prepare(
          `INSERT INTO checkout_sessions (id, email, status, created_at, completed_at) VALUES (?1, ?2, 'duplicate', ?3, ?3)
           ON CONFLICT(id) DO UPDATE SET status = 'duplicate', pending_token = NULL, completed_at = excluded.completed_at`,
        )
        .bind(session.id, customer.email, now),
      auditStatement(ctx.db, {
        at: now,
        requestId: ctx.requestId,
        customerId: customer.id,
        action: 'duplicate_purchase',
        details: { eventId: event.id, checkoutSessionId: session.id, duplicateSubscriptionId: session.subscription, duplicateStripeCustomerId: session.customer },
      }),
    ]);
  }
  const row = await ctx.db.first<DuplicateRow>('SELECT status, subscription_cancelled_at, refund_id FROM duplicate_purchases WHERE checkout_session_id = ?', session.id);
  if (!row || row.status === 'undone') return { status: 'ignored', note: 'duplicate purchase already undone' };

  let refunded: Refunded = { refundId: row.refund_id, amountCents: null, currency: null };
  if (ctx.stripe && session.subscription) {
    if (!row.subscription_cancelled_at) {
      await ctx.stripe.subscriptions.cancel(session.subscription, { prorate: false, invoice_now: false }, { idempotencyKey: `pospal-duplicate-cancel-${session.id}` });
      await ctx.db.run('UPDATE duplicate_purchases SET subscription_cancelled_at = ? WHERE checkout_session_id = ?', ctx.now(), session.id);
    }
    if (!row.refund_id) {
      refunded = await refundFirstPayment(ctx.stripe, session, session.subscription);
      await ctx.db.run('UPDATE duplicate_purchases SET refund_id = ? WHERE checkout_session_id = ?', refunded.refundId, session.id);
    }
  }
  // Development billing has nothing external to undo: the duplicate is simply marked undone.
  const undone = await ctx.db.run(
    `UPDATE duplicate_purchases SET status = 'undone', undone_at = ? WHERE checkout_session_id = ? AND status = 'recorded'`,
    ctx.now(),
    session.id,
  );
  if (undone.meta.changes !== 1) return { status: 'ignored', note: 'duplicate purchase undone concurrently' };

  await audit(ctx.db, {
    at: ctx.now(),
    requestId: ctx.requestId,
    customerId: customer.id,
    action: 'duplicate_purchase_undone',
    details: { eventId: event.id, checkoutSessionId: session.id, refundId: refunded.refundId, stripe: ctx.stripe !== null },
  });
  const emailCtx = emailContextOf(ctx);
  const detail = ctx.stripe ? `Refund: ${refunded.refundId ?? 'no payment found to refund'}.` : 'Development billing: marked undone.';
  await sendEmail(emailCtx, {
    to: customer.email,
    template: 'duplicate_purchase',
    data: { name: customer.name, amountCents: refunded.amountCents, currency: refunded.currency, refunded: ctx.stripe === null || refunded.refundId !== null },
    customerId: customer.id,
  });
  await sendEmail(emailCtx, {
    to: ctx.env.OPERATOR_EMAIL,
    template: 'duplicate_purchase_operator',
    data: { customerEmail: customer.email, customerId: customer.id, checkoutSessionId: session.id, duplicateSubscriptionId: session.subscription, undone: true, detail },
    customerId: customer.id,
  });
  return { status: 'applied', note: 'duplicate purchase undone' };
}
