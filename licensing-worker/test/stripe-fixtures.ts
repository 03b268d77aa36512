// Webhook events built from Stripe's own fixtures (test/fixtures, see its README): the real
// nested objects, ids and API version, with only the fields a scenario needs set.
import checkoutSessionFixture from './fixtures/checkout-session.json';
import invoice2024Fixture from './fixtures/invoice-2024.json';
import invoiceFixture from './fixtures/invoice.json';
import subscriptionFixture from './fixtures/subscription.json';
import { uniqueId, type TestEvent } from './billing-helpers';

/** The first API version with `invoice.parent.subscription_details` (and no `invoice.subscription`). */
export const CURRENT_API_VERSION = '2025-03-31.basil';
/** An API version with the older invoice shape (top-level `invoice.subscription`). */
export const OLDER_API_VERSION = '2024-12-18.acacia';

const nowS = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => structuredClone(value);

export interface FixtureEvent extends TestEvent {
  api_version: string;
  [field: string]: unknown;
}

/** An event envelope shaped like the ones Stripe delivers (object, api_version, livemode, request). */
export function fixtureEvent(type: string, object: Record<string, unknown>, createdS = nowS(), apiVersion = CURRENT_API_VERSION): FixtureEvent {
  return {
    id: uniqueId('evt'),
    object: 'event',
    api_version: apiVersion,
    created: createdS,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

export interface InvoiceFields {
  customer: string;
  /** The subscription the invoice belongs to; null for a one-off invoice. */
  subscription: string | null;
  billingReason?: string;
  periodEndS?: number;
  status?: 'paid' | 'open';
  /** `current`: parent.subscription_details (2025-03-31.basil on); `2024`: invoice.subscription. */
  shape?: 'current' | '2024';
}

export function fixtureInvoice(fields: InvoiceFields): Record<string, unknown> {
  const shape = fields.shape ?? 'current';
  const invoice = clone(shape === 'current' ? invoiceFixture : invoice2024Fixture) as Record<string, unknown> & {
    lines: { data: Array<Record<string, unknown> & { period: { start: number; end: number } }> };
  };
  const id = uniqueId('in');
  const end = fields.periodEndS ?? nowS() + 30 * 86_400;
  invoice.id = id;
  invoice.customer = fields.customer;
  invoice.billing_reason = fields.billingReason ?? (fields.subscription ? 'subscription_cycle' : 'manual');
  invoice.status = fields.status ?? 'paid';
  invoice.amount_due = 2000;
  invoice.amount_paid = fields.status === 'open' ? 0 : 2000;
  invoice.currency = 'eur';
  for (const line of invoice.lines.data) {
    line.invoice = id;
    line.period = { start: end - 30 * 86_400, end };
  }
  if (shape === 'current') {
    invoice.subscription = null;
    invoice.parent = fields.subscription
      ? { quote_details: null, subscription_details: { metadata: {}, subscription: fields.subscription }, type: 'subscription_details' }
      : null;
  } else {
    invoice.subscription = fields.subscription;
  }
  return invoice;
}

export interface SubscriptionFields {
  id: string;
  customer: string;
  status: string;
  periodEndS?: number;
  cancelAtPeriodEnd?: boolean;
}

export function fixtureSubscription(fields: SubscriptionFields): Record<string, unknown> {
  const sub = clone(subscriptionFixture) as Record<string, unknown> & {
    items: { data: Array<Record<string, unknown>> };
  };
  const end = fields.periodEndS ?? nowS() + 30 * 86_400;
  sub.id = fields.id;
  sub.customer = fields.customer;
  sub.status = fields.status;
  sub.cancel_at_period_end = fields.cancelAtPeriodEnd ?? false;
  sub.ended_at = fields.status === 'canceled' ? nowS() : null;
  sub.canceled_at = fields.status === 'canceled' ? nowS() : null;
  for (const item of sub.items.data) {
    item.subscription = fields.id;
    item.current_period_start = end - 30 * 86_400;
    item.current_period_end = end;
  }
  return sub;
}

/** A completed subscription-mode checkout.session from the fixture, for a new customer. */
export function fixtureCheckoutSession(fields: { email: string; customer: string; subscription: string }): Record<string, unknown> {
  const session = clone(checkoutSessionFixture) as Record<string, unknown> & { customer_details: Record<string, unknown> };
  session.id = uniqueId('cs_test');
  session.mode = 'subscription';
  session.status = 'complete';
  session.payment_status = 'paid';
  session.customer = fields.customer;
  session.subscription = fields.subscription;
  session.customer_details = { ...session.customer_details, email: fields.email, name: 'Fixture Owner' };
  session.metadata = { name: 'Fixture Owner', businessName: 'Fixture Café' };
  return session;
}
