// Billing portal and refund requests: both need the customer's email + unlock token.
import { auditStatement } from '../audit';
import { sendEmail } from '../email';
import { uuidv7 } from '../ids';
import { authenticate, invalidCredentials } from '../license/customers';
import type { PortalRequest, RefundRequest } from '../protocol/billing';
import { billingNotConfigured, isDevelopmentBilling } from './checkout';
import { emailContextOf, publicUrl, type BillingContext } from './context';
import { findCustomerById } from './customers';

export async function openBillingPortal(ctx: BillingContext, input: PortalRequest): Promise<{ url: string }> {
  const { id } = await authenticate(ctx.db, input.email, input.token);
  const customer = await findCustomerById(ctx.db, id);
  if (!customer) throw invalidCredentials();
  if (!ctx.stripe) {
    if (!isDevelopmentBilling(ctx)) throw billingNotConfigured();
    return { url: publicUrl(ctx, `/dev/billing?email=${encodeURIComponent(customer.email)}`) };
  }
  let stripeCustomerId = customer.stripe_customer_id;
  if (!stripeCustomerId) {
    // Customers created before billing (or by hand) get their Stripe customer on first use.
    const created = await ctx.stripe.customers.create({
      email: customer.email,
      ...(customer.name ? { name: customer.name } : {}),
      metadata: { customerId: customer.id },
    });
    const kept = await ctx.db.first<{ stripe_customer_id: string }>(
      `UPDATE customers SET stripe_customer_id = COALESCE(stripe_customer_id, ?), updated_at = ? WHERE id = ? RETURNING stripe_customer_id`,
      created.id,
      ctx.now(),
      customer.id,
    );
    stripeCustomerId = kept?.stripe_customer_id ?? created.id;
  }
  const portal = await ctx.stripe.billingPortal.sessions.create({
    customer: stripeCustomerId,
    return_url: publicUrl(ctx, '/billing/return'),
  });
  return { url: portal.url };
}

export async function requestRefund(ctx: BillingContext, input: RefundRequest): Promise<{ refundRequestId: string }> {
  const customer = await authenticate(ctx.db, input.email, input.token);
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.batch([
    ctx.db
      .prepare(`INSERT INTO refund_requests (id, customer_id, reason, status, created_at, request_id) VALUES (?, ?, ?, 'open', ?, ?)`)
      .bind(id, customer.id, input.reason, now, ctx.requestId),
    auditStatement(ctx.db, { at: now, requestId: ctx.requestId, customerId: customer.id, action: 'refund_requested', details: { refundRequestId: id } }),
  ]);
  await sendEmail(emailContextOf(ctx), {
    to: ctx.env.OPERATOR_EMAIL,
    template: 'refund_request',
    data: { customerEmail: customer.email, customerId: customer.id, reason: input.reason, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
    customerId: customer.id,
  });
  return { refundRequestId: id };
}
