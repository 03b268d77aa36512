// Billing portal and refund requests: both need the customer's email + unlock token.
import { auditStatement } from '../audit';
import { sendEmail } from '../email';
import { ApiError } from '../http/errors';
import { uuidv7 } from '../ids';
import type { PortalRequest, RefundRequest } from '../protocol/billing';
import { billingNotConfigured, isDevelopmentBilling } from './checkout';
import { emailContextOf, type BillingContext } from './context';
import { authenticateCustomer } from './customers';

const baseUrl = (ctx: BillingContext) => ctx.env.PUBLIC_BASE_URL.replace(/\/+$/, '');

export async function openBillingPortal(ctx: BillingContext, input: PortalRequest): Promise<{ url: string }> {
  const customer = await authenticateCustomer(ctx.db, input.email, input.token);
  if (!ctx.stripe) {
    if (!isDevelopmentBilling(ctx)) throw billingNotConfigured();
    return { url: `${baseUrl(ctx)}/dev/billing?email=${encodeURIComponent(customer.email)}` };
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
    return_url: `${baseUrl(ctx)}/billing/return`,
  });
  return { url: portal.url };
}

export async function requestRefund(ctx: BillingContext, input: RefundRequest): Promise<{ refundRequestId: string }> {
  const customer = await authenticateCustomer(ctx.db, input.email, input.token);
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.batch([
    ctx.db
      .prepare(`INSERT INTO refund_requests (id, customer_id, reason, status, created_at, request_id) VALUES (?, ?, ?, 'open', ?, ?)`)
      .bind(id, customer.id, input.reason, now, ctx.requestId),
    auditStatement(ctx.db, { at: now, requestId: ctx.requestId, customerId: customer.id, action: 'refund_requested', details: { refundRequestId: id } }),
  ]);
  if (!ctx.env.OPERATOR_EMAIL) throw new ApiError('INTERNAL', 'No operator email configured.');
  await sendEmail(emailContextOf(ctx), {
    to: ctx.env.OPERATOR_EMAIL,
    template: 'refund_request',
    data: { customerEmail: customer.email, customerId: customer.id, reason: input.reason, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
    customerId: customer.id,
  });
  return { refundRequestId: id };
}
