// Webhooks: every Stripe event with its status and error; replay a failed one by fetching it
// again from Stripe (which keeps events for 30 days) and running it through the same handler.
import { Hono } from 'hono';
import { z } from 'zod';
import type { BillingContext } from '../billing/context';
import { createStripeClient } from '../billing/stripe';
import { stripeEventSchema } from '../billing/stripe-events';
import { processClaimedEvent } from '../billing/webhook';
import { ApiError } from '../http/errors';
import { parseWith } from '../http/validation';
import { operatorAuditStatement } from './audit';
import { ok, requireRole, type AdminAppEnv, type AdminContext } from './context';
import { AdminError } from './errors';

export const webhooksApi = new Hono<AdminAppEnv>();

const listSchema = z.object({
  status: z.enum(['processing', 'applied', 'ignored', 'failed', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

webhooksApi.get('/webhooks', async (c) => {
  const { status, limit } = parseWith(listSchema, c.req.query());
  const events = await c.get('db').all(
    `SELECT id, type, created_s, status, attempts, last_error, received_at, processed_at FROM webhook_events
     WHERE ?1 = 'all' OR status = ?1 ORDER BY received_at DESC LIMIT ?2`,
    status,
    limit,
  );
  return ok(c, { events });
});

export const billingContextForAdmin = (c: AdminContext): BillingContext => ({
  env: c.env,
  db: c.get('db'),
  now: c.get('now'),
  requestId: c.get('requestId'),
  stripe: createStripeClient(c.env),
});

const eventId = z.string().regex(/^evt_[A-Za-z0-9_]{1,200}$/);

webhooksApi.post('/webhooks/:id/replay', requireRole('admin'), async (c) => {
  const id = parseWith(eventId, c.req.param('id'));
  const ctx = billingContextForAdmin(c);
  const db = ctx.db;
  const row = await db.first<{ status: string }>('SELECT status FROM webhook_events WHERE id = ?', id);
  if (!row) throw new AdminError('NOT_FOUND', `No webhook event ${id}.`);
  if (row.status !== 'failed') throw new AdminError('CONFLICT', `Only a failed event can be replayed; ${id} is ${row.status}.`, { status: row.status });
  if (!ctx.stripe) throw new AdminError('STRIPE_NOT_CONFIGURED', 'Replaying needs STRIPE_SECRET_KEY: the event is fetched again from Stripe.');
  let fetched: unknown;
  try {
    fetched = await ctx.stripe.events.retrieve(id);
  } catch (e) {
    throw new AdminError('STRIPE_FAILED', `Stripe did not return ${id} (${e instanceof Error ? e.message : 'error'}). Events older than 30 days are gone from Stripe.`);
  }
  const event = stripeEventSchema.safeParse(fetched);
  if (!event.success || event.data.id !== id) throw new AdminError('STRIPE_FAILED', `Stripe answered something that is not event ${id}.`);
  // Claim it like the cron does: only a still-failed event, atomically, with Stripe's copy.
  const claimed = await db.first<{ attempts: number }>(
    `UPDATE webhook_events SET status = 'processing', attempts = attempts + 1, last_error = NULL, claimed_at = ?2, payload = ?3
     WHERE id = ?1 AND status = 'failed' RETURNING attempts`,
    id,
    ctx.now(),
    JSON.stringify(fetched),
  );
  if (!claimed) throw new AdminError('CONFLICT', `${id} is no longer failed (someone or the cron replayed it).`);
  let outcome: string;
  let error: string | null = null;
  try {
    outcome = (await processClaimedEvent(ctx, event.data)).status;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    outcome = 'failed';
    error = (await db.first<{ last_error: string | null }>('SELECT last_error FROM webhook_events WHERE id = ?', id))?.last_error ?? null;
  }
  await db.batch([operatorAuditStatement(db, c, { action: 'admin_webhook_replayed', details: { eventId: id, type: event.data.type, outcome } })]);
  return ok(c, { eventId: id, status: outcome, error });
});
