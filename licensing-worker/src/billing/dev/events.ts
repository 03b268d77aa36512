// Development billing: Stripe-shaped events for what a real Stripe account would send.
// They are signed with STRIPE_WEBHOOK_SECRET and go through the real webhook handler.
import { randomSecret } from '../../ids';
import type { SimulatedEvent } from '../../protocol/billing';
import type { BillingCustomer } from '../customers';
import { MONTHLY_PLAN } from '../plan';

const DAY_S = 86_400;
const devId = (prefix: string) => `${prefix}_dev_${randomSecret(12)}`;

function envelope(type: string, nowMs: number, object: Record<string, unknown>) {
  return {
    id: devId('evt'),
    object: 'event',
    type,
    created: Math.floor(nowMs / 1000),
    livemode: false,
    pending_webhooks: 1,
    data: { object },
  };
}

export interface DevCheckout {
  id: string;
  email: string;
  name: string;
  business_name: string;
}

export function checkoutCompletedEvent(checkout: DevCheckout, nowMs: number) {
  // One event id per checkout: a double-clicked Pay is a replay, which the webhook applies once.
  const event = envelope('checkout.session.completed', nowMs, {
    id: checkout.id,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    amount_total: MONTHLY_PLAN.amountCents,
    currency: MONTHLY_PLAN.currency,
    customer: devId('cus'),
    subscription: devId('sub'),
    customer_email: checkout.email,
    customer_details: { email: checkout.email, name: checkout.name },
    metadata: { name: checkout.name, businessName: checkout.business_name },
  });
  return { ...event, id: `evt_dev_paid_${checkout.id.slice('cs_dev_'.length)}` };
}

function invoice(customer: BillingCustomer, periodEndS: number, billingReason: string) {
  return {
    id: devId('in'),
    object: 'invoice',
    customer: customer.stripe_customer_id,
    billing_reason: billingReason,
    amount_due: MONTHLY_PLAN.amountCents,
    amount_paid: 0,
    currency: MONTHLY_PLAN.currency,
    parent: { type: 'subscription_details', subscription_details: { subscription: customer.stripe_subscription_id } },
    lines: { object: 'list', data: [{ period: { start: periodEndS - MONTHLY_PLAN.periodDays * DAY_S, end: periodEndS } }] },
  };
}

/** The event Stripe would send for each simulated situation of an existing customer. */
export function simulatedEvent(kind: SimulatedEvent, customer: BillingCustomer, nowMs: number) {
  const nowS = Math.floor(nowMs / 1000);
  const currentEndS = Math.floor((customer.current_period_end ?? nowMs) / 1000);
  switch (kind) {
    case 'payment_failed':
      return envelope('invoice.payment_failed', nowMs, invoice(customer, currentEndS, 'subscription_cycle'));
    case 'renewal': {
      const nextEndS = Math.max(currentEndS, nowS) + MONTHLY_PLAN.periodDays * DAY_S;
      return envelope('invoice.paid', nowMs, { ...invoice(customer, nextEndS, 'subscription_cycle'), amount_paid: MONTHLY_PLAN.amountCents, status: 'paid' });
    }
    case 'cancel':
      return envelope('customer.subscription.deleted', nowMs, {
        id: customer.stripe_subscription_id,
        object: 'subscription',
        customer: customer.stripe_customer_id,
        status: 'canceled',
        cancel_at_period_end: false,
        ended_at: nowS,
        items: { object: 'list', data: [{ current_period_end: currentEndS }] },
      });
  }
}
