// The daily reconciliation with Stripe: walks Stripe's paginated subscriptions list (status
// all) a few pages per cron run, with the cursor kept in D1 (billing_reconcile_state), compares
// each subscription with the customer holding it (status, current period end, cancel at period
// end), fixes drift and writes each fix to the audit log. At 100 per page and RECONCILE_PAGES_PER_RUN
// pages per 5-minute run, 100,000 customers take ~17 hours (200 runs), each run ~20 subrequests
// (a Stripe page, a D1 read, a D1 batch and the cursor per page), well inside a run's limits.
import type Stripe from 'stripe';
import { z } from 'zod';
import { auditStatement } from '../audit';
import { breakerFor, Database } from '../db/database';
import type { Env } from '../env';
import { uuidv7 } from '../ids';
import { createStripeClient } from './stripe';
import { subscriptionPeriodEndMs, subscriptionSchema, subscriptionStatusFromStripe } from './stripe-events';

export const RECONCILE_STATE_ID = 'stripe_subscriptions';
export const RECONCILE_INTERVAL_MS = 24 * 3_600_000;
export const RECONCILE_PAGE_SIZE = 100;
export const RECONCILE_PAGES_PER_RUN = 5;

export interface ReconcileScope {
  db: Database;
  stripe: Stripe;
  now: number;
  requestId: string;
  pageSize?: number;
  pagesPerRun?: number;
}

export interface ReconcileReport {
  ran: boolean;
  pages: number;
  checked: number;
  fixed: number;
  passCompleted: boolean;
}

interface StateRow {
  cursor: string | null;
  pass_started_at: number | null;
  last_completed_at: number | null;
}

interface LocalRow {
  id: string;
  stripe_subscription_id: string;
  subscription_status: string;
  stripe_status: string | null;
  current_period_end: number | null;
  cancel_at_period_end: number;
}

const pageSchema = z.looseObject({ data: z.array(subscriptionSchema), has_more: z.boolean() });

type Change = { from: unknown; to: unknown };

/** What differs between our row and Stripe's subscription (only what Stripe states). */
export function driftOf(local: LocalRow, sub: z.infer<typeof subscriptionSchema>): Record<string, Change> {
  const changes: Record<string, Change> = {};
  const status = subscriptionStatusFromStripe(sub.status);
  if (local.subscription_status !== status) changes.subscription_status = { from: local.subscription_status, to: status };
  if (local.stripe_status !== sub.status) changes.stripe_status = { from: local.stripe_status, to: sub.status };
  const periodEnd = subscriptionPeriodEndMs(sub);
  if (periodEnd !== null && local.current_period_end !== periodEnd) changes.current_period_end = { from: local.current_period_end, to: periodEnd };
  if (sub.cancel_at_period_end != null) {
    const cancel = sub.cancel_at_period_end ? 1 : 0;
    if (local.cancel_at_period_end !== cancel) changes.cancel_at_period_end = { from: local.cancel_at_period_end, to: cancel };
  }
  return changes;
}

async function saveState(db: Database, now: number, state: StateRow): Promise<void> {
  await db.run(
    `INSERT INTO billing_reconcile_state (id, cursor, pass_started_at, last_completed_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT(id) DO UPDATE SET cursor = excluded.cursor, pass_started_at = excluded.pass_started_at,
       last_completed_at = excluded.last_completed_at, updated_at = excluded.updated_at`,
    RECONCILE_STATE_ID, state.cursor, state.pass_started_at, state.last_completed_at, now,
  );
}

async function fixPage(scope: ReconcileScope, subs: Array<z.infer<typeof subscriptionSchema>>): Promise<number> {
  const { db, now, requestId } = scope;
  if (!subs.length) return 0;
  const rows = await db.all<LocalRow>(
    `SELECT id, stripe_subscription_id, subscription_status, stripe_status, current_period_end, cancel_at_period_end
     FROM customers WHERE stripe_subscription_id IN (${subs.map(() => '?').join(',')})`,
    ...subs.map((s) => s.id),
  );
  const bySub = new Map(rows.map((r) => [r.stripe_subscription_id, r]));
  const statements: D1PreparedStatement[] = [];
  for (const sub of subs) {
    const local = bySub.get(sub.id);
    if (!local) continue;
    const changes = driftOf(local, sub);
    if (!Object.keys(changes).length) continue;
    const to = (k: string, fallback: unknown) => (k in changes ? changes[k]!.to : fallback);
    statements.push(
      db
        .prepare(
          `UPDATE customers SET subscription_status = ?1, stripe_status = ?2, current_period_end = ?3, cancel_at_period_end = ?4, updated_at = ?5
           WHERE id = ?6 AND stripe_subscription_id = ?7`,
        )
        .bind(
          to('subscription_status', local.subscription_status),
          to('stripe_status', local.stripe_status),
          to('current_period_end', local.current_period_end),
          to('cancel_at_period_end', local.cancel_at_period_end),
          now,
          local.id,
          sub.id,
        ),
      auditStatement(db, { at: now, requestId, customerId: local.id, action: 'billing_reconciled', details: { subscriptionId: sub.id, changes } }),
    );
  }
  if (statements.length) await db.batch(statements);
  return statements.length / 2;
}

/** One cron run's share of the pass: idle until a day after the last completed pass. */
export async function reconcileWithStripe(scope: ReconcileScope): Promise<ReconcileReport> {
  const { db, stripe, now } = scope;
  const pageSize = scope.pageSize ?? RECONCILE_PAGE_SIZE;
  const pagesPerRun = scope.pagesPerRun ?? RECONCILE_PAGES_PER_RUN;
  const saved = await db.first<StateRow>('SELECT cursor, pass_started_at, last_completed_at FROM billing_reconcile_state WHERE id = ?', RECONCILE_STATE_ID);
  const state: StateRow = saved ?? { cursor: null, pass_started_at: null, last_completed_at: null };
  const report: ReconcileReport = { ran: false, pages: 0, checked: 0, fixed: 0, passCompleted: false };
  if (state.cursor === null) {
    // Daily: the next pass starts a day after the previous one started (not after it ended).
    const since = state.pass_started_at ?? state.last_completed_at;
    if (state.last_completed_at !== null && since !== null && now - since < RECONCILE_INTERVAL_MS) return report;
    state.pass_started_at = now;
  }
  report.ran = true;
  while (report.pages < pagesPerRun) {
    const raw = await stripe.subscriptions.list({ status: 'all', limit: pageSize, ...(state.cursor ? { starting_after: state.cursor } : {}) });
    const page = pageSchema.parse(raw);
    report.pages++;
    report.checked += page.data.length;
    report.fixed += await fixPage(scope, page.data);
    const last = page.data.at(-1);
    if (!page.has_more || !last) {
      state.cursor = null;
      state.last_completed_at = now;
      report.passCompleted = true;
      await saveState(db, now, state);
      break;
    }
    state.cursor = last.id;
    await saveState(db, now, state);
  }
  return report;
}

/** The cron job: nothing to reconcile without Stripe (development billing keeps its own state). */
export async function runStripeReconcile(env: Env, now: number): Promise<ReconcileReport | null> {
  const stripe = createStripeClient(env);
  if (!stripe) return null;
  const report = await reconcileWithStripe({ db: new Database(env.DB, breakerFor(env.DB), () => now), stripe, now, requestId: `cron-reconcile-${uuidv7(now)}` });
  if (report.ran) console.log(JSON.stringify({ level: 'info', event: 'billing_reconcile', ...report }));
  return report;
}
