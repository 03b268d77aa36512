// POST /webhooks/stripe, minus HTTP: verify the signature, claim the event id atomically,
// apply it, record the outcome. The cron retries failed events through the same path.
import { ApiError } from '../http/errors';
import type { BillingContext } from './context';
import { applyStripeEvent, RetryLaterError } from './events';
import { stripeEventSchema, type StripeEventEnvelope } from './stripe-events';
import { verifyStripeSignature } from './stripe';
import { logEvent } from '../log';

export interface WebhookResult {
  eventId: string;
  status: 'applied' | 'ignored' | 'duplicate';
}

/** Cron retries a failed event this many times in total before leaving it for an operator. */
export const MAX_WEBHOOK_ATTEMPTS = 8;

/** A claim older than this without an outcome belongs to a request that died. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Claims an event for processing with one atomic statement: a new id is inserted as
 * 'processing'; an id that failed before is taken back to 'processing'; anything else
 * (applied, ignored, or being processed right now) claims nothing — a duplicate.
 */
async function claimEvent(ctx: BillingContext, event: StripeEventEnvelope, rawBody: string): Promise<boolean> {
  const row = await ctx.db.first<{ attempts: number }>(
    `INSERT INTO webhook_events (id, type, created_s, status, attempts, payload, received_at, claimed_at)
     VALUES (?1, ?2, ?3, 'processing', 1, ?4, ?5, ?5)
     ON CONFLICT(id) DO UPDATE SET status = 'processing', attempts = webhook_events.attempts + 1, last_error = NULL,
       claimed_at = excluded.claimed_at
       WHERE webhook_events.status = 'failed'
     RETURNING attempts`,
    event.id,
    event.type,
    event.created,
    rawBody,
    ctx.now(),
  );
  return row !== null;
}

/** An error message fit for the webhook_events row (no stack, bounded). */
const describeFailure = (error: unknown): string =>
  (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure').slice(0, 500);

/** Applies a claimed event and records applied/ignored, or failed (then rethrows as INTERNAL). */
export async function processClaimedEvent(ctx: BillingContext, event: StripeEventEnvelope): Promise<WebhookResult> {
  try {
    const outcome = await applyStripeEvent(ctx, event);
    await ctx.db.run(
      `UPDATE webhook_events SET status = ?, last_error = ?, processed_at = ? WHERE id = ?`,
      outcome.status,
      outcome.note ?? null,
      ctx.now(),
      event.id,
    );
    return { eventId: event.id, status: outcome.status };
  } catch (error) {
    const logged = describeFailure(error);
    logEvent(error instanceof RetryLaterError ? 'warn' : 'error', 'webhook_failed', { requestId: ctx.requestId, webhookEvent: event.id, type: event.type, error: logged });
    await ctx.db
      .run(`UPDATE webhook_events SET status = 'failed', last_error = ?, processed_at = ? WHERE id = ?`, logged, ctx.now(), event.id)
      .catch(() => undefined); // the database may be what failed; Stripe's retry covers it
    throw new ApiError('INTERNAL', 'The event could not be processed; it will be retried.');
  }
}

export async function receiveStripeWebhook(
  ctx: BillingContext,
  rawBody: string,
  signature: string | undefined,
): Promise<WebhookResult> {
  const verified = await verifyStripeSignature(rawBody, signature, ctx.env.STRIPE_WEBHOOK_SECRET, ctx.now());
  if (!verified) throw new ApiError('INVALID_REQUEST', 'The webhook signature is not valid.', { issues: [{ path: 'Stripe-Signature', message: 'invalid signature' }] });
  const parsed = stripeEventSchema.safeParse(verified);
  if (!parsed.success) throw new ApiError('INVALID_REQUEST', 'The event is not a Stripe event.', { issues: [] });
  const event = parsed.data;
  if (!(await claimEvent(ctx, event, rawBody))) return { eventId: event.id, status: 'duplicate' };
  return processClaimedEvent(ctx, event);
}

/**
 * Retries failed events (and ones stuck in 'processing' by a crashed request) from their
 * stored payloads; the signature was verified when they arrived.
 */
export async function retryFailedWebhookEvents(ctx: BillingContext, limit = 20): Promise<{ retried: number; applied: number }> {
  const now = ctx.now();
  const rows = await ctx.db.all<{ id: string; payload: string }>(
    `UPDATE webhook_events SET status = 'processing', attempts = attempts + 1, last_error = NULL, claimed_at = ?4
     WHERE id IN (
       SELECT id FROM webhook_events
       WHERE attempts < ?1 AND (status = 'failed' OR (status = 'processing' AND COALESCE(claimed_at, received_at) < ?2))
       ORDER BY created_s, received_at LIMIT ?3)
     RETURNING id, payload`,
    MAX_WEBHOOK_ATTEMPTS,
    now - ABANDONED_AFTER_MS,
    limit,
    now,
  );
  // Oldest first, so a customer's events apply in the order Stripe created them.
  const events = rows
    .map((r) => stripeEventSchema.safeParse(JSON.parse(r.payload)))
    .flatMap((r) => (r.success ? [r.data] : []))
    .sort((a, b) => a.created - b.created);
  let applied = 0;
  for (const event of events) {
    try {
      const result = await processClaimedEvent(ctx, event);
      if (result.status === 'applied') applied++;
    } catch {
      // recorded as failed; the next cron run tries again
    }
  }
  return { retried: events.length, applied };
}
