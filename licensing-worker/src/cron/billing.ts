// Billing part of the cron: renewal reminders 5 days before the period ends, retries of
// failed webhook events, and clearing unclaimed instant-activation tokens after 24 h.
import { createStripeClient } from '../billing/stripe';
import type { BillingContext } from '../billing/context';
import { emailContextOf } from '../billing/context';
import { retryFailedWebhookEvents } from '../billing/webhook';
import { breakerFor, Database } from '../db/database';
import { sendEmail } from '../email';
import type { Env } from '../env';
import { uuidv7 } from '../ids';
import { MONTHLY_PLAN } from '../billing/plan';
import { CLAIM_WINDOW_MS } from '../license/checkout-claim';

export const RENEWAL_REMINDER_DAYS = 5;
const DAY_MS = 86_400_000;
/** A pending token can't be claimed after the claim window: no reason to keep its plaintext. */
const PENDING_TOKEN_TTL_MS = CLAIM_WINDOW_MS;

export interface BillingCronReport {
  remindersSent: number;
  webhookEventsRetried: number;
  webhookEventsApplied: number;
  pendingTokensCleared: number;
}

/**
 * Claims the customers due a reminder in one statement (renewal_reminder_for = the period end
 * it is for), so overlapping cron runs never send the same reminder twice.
 */
async function sendRenewalReminders(ctx: BillingContext, now: number): Promise<number> {
  const due = await ctx.db.all<{ id: string; email: string; name: string; current_period_end: number }>(
    `UPDATE customers SET renewal_reminder_for = current_period_end, updated_at = ?1
     WHERE id IN (
       SELECT id FROM customers
       WHERE subscription_status = 'active' AND cancel_at_period_end = 0
         AND current_period_end > ?1 AND current_period_end <= ?2
         AND (renewal_reminder_for IS NULL OR renewal_reminder_for <> current_period_end)
       LIMIT 100)
     RETURNING id, email, name, current_period_end`,
    now,
    now + RENEWAL_REMINDER_DAYS * DAY_MS,
  );
  for (const customer of due) {
    await sendEmail(emailContextOf(ctx), {
      to: customer.email,
      template: 'renewal_reminder',
      data: {
        name: customer.name,
        renewsAt: customer.current_period_end,
        // Development billing knows its price; with Stripe the price lives there.
        ...(ctx.stripe ? {} : { amountCents: MONTHLY_PLAN.amountCents, currency: MONTHLY_PLAN.currency }),
      },
      customerId: customer.id,
    });
  }
  return due.length;
}

export async function runBillingCron(env: Env, now: number): Promise<BillingCronReport> {
  const ctx: BillingContext = {
    env,
    db: new Database(env.DB, breakerFor(env.DB), () => now),
    now: () => now,
    requestId: `cron-${uuidv7(now)}`,
    stripe: createStripeClient(env),
  };
  const retried = await retryFailedWebhookEvents(ctx);
  const remindersSent = await sendRenewalReminders(ctx, now);
  const cleared = await ctx.db.run(
    `UPDATE checkout_sessions SET pending_token = NULL WHERE pending_token IS NOT NULL AND completed_at < ?`,
    now - PENDING_TOKEN_TTL_MS,
  );
  return {
    remindersSent,
    webhookEventsRetried: retried.retried,
    webhookEventsApplied: retried.applied,
    pendingTokensCleared: cleared.meta.changes ?? 0,
  };
}
