// Refund requests: approve (refund the latest paid invoice, in full or the amount entered,
// through Stripe; cancelling the subscription is a separate explicit choice) or decline with a
// reason. The customer is emailed either way; the decision is audited with the operator.
import { Hono } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import { sendEmail } from '../email';
import { parseWith, readJson } from '../http/validation';
import { emailContextOf } from '../billing/context';
import { operatorAuditStatement } from './audit';
import { ok, operatorOf, requireRole, type AdminAppEnv, type AdminContext } from './context';
import { AdminError } from './errors';
import { billingContextForAdmin } from './api-webhooks';

export const refundsApi = new Hono<AdminAppEnv>();

refundsApi.get('/refund-requests', async (c) => {
  const status = parseWith(z.enum(['open', 'approved', 'declined', 'all']).default('open'), c.req.query('status'));
  const requests = await c.get('db').all(
    `SELECT r.id, r.customer_id, c.email, c.business_name, r.reason, r.status, r.created_at, r.decided_at, r.decided_by, r.decision_note, r.refund_amount_cents, r.refund_id
     FROM refund_requests r JOIN customers c ON c.id = r.customer_id
     WHERE ?1 = 'all' OR r.status = ?1 ORDER BY r.created_at DESC LIMIT 200`,
    status,
  );
  return ok(c, { requests });
});

interface RequestRow {
  id: string;
  customer_id: string;
  status: string;
  email: string;
  name: string;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
}

const idParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** Takes an open request for this decision (atomically), so two operators cannot both decide it. */
async function claimOpen(c: AdminContext, id: string): Promise<RequestRow> {
  const db = c.get('db');
  const row = await db.first<RequestRow>(
    `UPDATE refund_requests SET status = 'deciding', decided_at = ?2, decided_by = ?3 WHERE id = ?1 AND status = 'open'
     RETURNING id, customer_id, status,
       (SELECT email FROM customers WHERE id = customer_id) AS email,
       (SELECT name FROM customers WHERE id = customer_id) AS name,
       (SELECT stripe_customer_id FROM customers WHERE id = customer_id) AS stripe_customer_id,
       (SELECT stripe_subscription_id FROM customers WHERE id = customer_id) AS stripe_subscription_id`,
    id,
    c.get('now')(),
    operatorOf(c).email,
  );
  if (row) return row;
  const existing = await db.first<{ status: string }>('SELECT status FROM refund_requests WHERE id = ?', id);
  if (!existing) throw new AdminError('NOT_FOUND', `No refund request ${id}.`);
  throw new AdminError('CONFLICT', `This request was already decided (${existing.status}).`, { status: existing.status });
}

const reopen = (c: AdminContext, id: string) =>
  c.get('db').run(`UPDATE refund_requests SET status = 'open', decided_at = NULL, decided_by = NULL WHERE id = ? AND status = 'deciding'`, id);

async function latestPaidInvoice(stripe: Stripe, customer: string): Promise<Stripe.Invoice> {
  const invoices = await stripe.invoices.list({ customer, status: 'paid', limit: 1 });
  const invoice = invoices.data[0];
  if (!invoice?.id) throw new AdminError('CONFLICT', 'This customer has no paid invoice in Stripe to refund.');
  return invoice;
}

/** What Stripe refunds an invoice's payment by: its PaymentIntent (or charge, for old invoices). */
async function paymentOf(stripe: Stripe, invoice: Stripe.Invoice): Promise<{ payment_intent: string } | { charge: string }> {
  const payments = await stripe.invoicePayments.list({ invoice: invoice.id!, limit: 10 });
  for (const p of payments.data) {
    if (p.status !== undefined && p.status !== 'paid') continue;
    const pi = p.payment.payment_intent;
    if (pi) return { payment_intent: typeof pi === 'string' ? pi : pi.id };
    const charge = p.payment.charge;
    if (charge) return { charge: typeof charge === 'string' ? charge : charge.id };
  }
  throw new AdminError('CONFLICT', `Invoice ${invoice.id} has no payment Stripe can refund.`);
}

const approveSchema = z.strictObject({
  /** Integer cents; omitted = the invoice's full paid amount. */
  amountCents: z.number().int().positive().optional(),
  cancelSubscription: z.boolean().default(false),
  note: z.string().trim().max(500).optional(),
});

refundsApi.post('/refund-requests/:id/approve', requireRole('admin'), async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const input = await readJson(c, approveSchema);
  const ctx = billingContextForAdmin(c);
  if (!ctx.stripe) throw new AdminError('STRIPE_NOT_CONFIGURED', 'Refunds go through Stripe: set STRIPE_SECRET_KEY.');
  const request = await claimOpen(c, id);
  let refund: Stripe.Refund;
  let amount: number;
  let currency: string;
  let cancelled = false;
  try {
    if (!request.stripe_customer_id) throw new AdminError('CONFLICT', 'This customer has no Stripe customer; refund it in the Stripe dashboard.');
    const invoice = await latestPaidInvoice(ctx.stripe, request.stripe_customer_id);
    const paid = invoice.amount_paid;
    amount = input.amountCents ?? paid;
    currency = invoice.currency;
    if (amount > paid) throw new AdminError('INVALID_REQUEST', `The amount is more than the invoice's ${paid} cents.`, { issues: [{ path: 'amountCents', message: `at most ${paid}` }] });
    refund = await ctx.stripe.refunds.create(
      { ...(await paymentOf(ctx.stripe, invoice)), amount, reason: 'requested_by_customer', metadata: { refundRequestId: id, invoice: invoice.id! } },
      { idempotencyKey: `pospal-refund-${id}` },
    );
    if (input.cancelSubscription && request.stripe_subscription_id) {
      await ctx.stripe.subscriptions.cancel(request.stripe_subscription_id);
      cancelled = true;
    }
  } catch (e) {
    await reopen(c, id);
    if (e instanceof AdminError) throw e;
    throw new AdminError('STRIPE_FAILED', `Stripe refused the refund: ${e instanceof Error ? e.message : 'error'}. Nothing was recorded; try again or use the Stripe dashboard.`);
  }
  const db = ctx.db;
  await db.batch([
    db
      .prepare(`UPDATE refund_requests SET status = 'approved', decision_note = ?, refund_id = ?, refund_amount_cents = ? WHERE id = ?`)
      .bind(input.note ?? null, refund.id, amount, id),
    operatorAuditStatement(db, c, {
      customerId: request.customer_id,
      action: 'admin_refund_approved',
      details: { refundRequestId: id, refundId: refund.id, amountCents: amount, currency, subscriptionCancelled: cancelled },
    }),
  ]);
  await sendEmail(emailContextOf(ctx), {
    to: request.email,
    template: 'refund_approved',
    data: { ...(request.name ? { name: request.name } : {}), amountCents: amount, currency, subscriptionCancelled: cancelled },
    customerId: request.customer_id,
  });
  return ok(c, { status: 'approved', refundId: refund.id, amountCents: amount, currency, subscriptionCancelled: cancelled });
});

const declineSchema = z.strictObject({ reason: z.string().trim().min(3).max(1000) });

refundsApi.post('/refund-requests/:id/decline', requireRole('admin'), async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const input = await readJson(c, declineSchema);
  const request = await claimOpen(c, id);
  const db = c.get('db');
  await db.batch([
    db.prepare(`UPDATE refund_requests SET status = 'declined', decision_note = ? WHERE id = ?`).bind(input.reason, id),
    operatorAuditStatement(db, c, { customerId: request.customer_id, action: 'admin_refund_declined', details: { refundRequestId: id } }),
  ]);
  await sendEmail(emailContextOf(billingContextForAdmin(c)), {
    to: request.email,
    template: 'refund_declined',
    data: { ...(request.name ? { name: request.name } : {}), reason: input.reason },
    customerId: request.customer_id,
  });
  return ok(c, { status: 'declined' });
});
