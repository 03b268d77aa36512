// Customer rows as billing reads them.
import type { Database } from '../db/database';
import { normalizeEmail } from '../tokens';
import type { SubscriptionStatus } from './stripe-events';

export interface BillingCustomer {
  id: string;
  email: string;
  name: string;
  business_name: string;
  token_hash: string;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  /** 'trial': a free trial (issue 13) that no payment has converted yet. */
  subscription_status: SubscriptionStatus | 'trial';
  stripe_status: string | null;
  current_period_end: number | null;
  cancel_at_period_end: number;
  last_event_created_s: number;
  renewal_reminder_for: number | null;
}

const COLUMNS = `id, email, name, business_name, token_hash, stripe_customer_id, stripe_subscription_id,
  subscription_status, stripe_status, current_period_end, cancel_at_period_end, last_event_created_s, renewal_reminder_for`;

export function findCustomerByEmail(db: Database, email: string): Promise<BillingCustomer | null> {
  return db.first<BillingCustomer>(`SELECT ${COLUMNS} FROM customers WHERE email = ?`, normalizeEmail(email));
}

export function findCustomerById(db: Database, id: string): Promise<BillingCustomer | null> {
  return db.first<BillingCustomer>(`SELECT ${COLUMNS} FROM customers WHERE id = ?`, id);
}

/** A Stripe event names the subscription and/or the Stripe customer; either finds our row. */
export function findCustomerByStripeIds(
  db: Database,
  ids: { subscriptionId: string | null; customerId: string | null },
): Promise<BillingCustomer | null> {
  return db.first<BillingCustomer>(
    `SELECT ${COLUMNS} FROM customers
     WHERE (?1 IS NOT NULL AND stripe_subscription_id = ?1) OR (?2 IS NOT NULL AND stripe_customer_id = ?2)
     ORDER BY (stripe_subscription_id IS ?1) DESC LIMIT 1`,
    ids.subscriptionId,
    ids.customerId,
  );
}

/** A subscription that still bills or can be paid: a new checkout would double-charge. */
export const hasLiveSubscription = (c: Pick<BillingCustomer, 'subscription_status'>): boolean =>
  c.subscription_status === 'active' || c.subscription_status === 'suspended';
