// The overview's numbers, each from one statement over existing tables (one D1 batch).
import { MONTHLY_PLAN } from '../billing/plan';
import type { Database } from '../db/database';
import { D1_LIVE_WINDOW_MS } from '../license/sessions';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Overview {
  subscriptions: { active: number; trial: number; suspended: number; cancelled: number };
  mrrCents: number;
  currency: string;
  newCustomers: { week: number; month: number };
  cancelled: { week: number; month: number };
  /** Cancelled in the last 30 days / (active now + cancelled in the last 30 days). */
  churnMonth: number;
  liveSessions: number;
  failed24h: { webhooks: number; emails: number };
  perHour: Array<{ hour: number; validate: number; heartbeat: number; errors: number }>;
  signupsPerDay: Array<{ day: number; count: number }>;
  lastVerifiedBackup: { at: number; file: string; bytes: number } | null;
  lastBackupReport: { at: number; verified: boolean; error: string | null } | null;
  timeTravelWindowDays: number;
}

export async function computeOverview(db: Database, now: number): Promise<Overview> {
  const n = <T>(r: D1Result<T> | undefined) => (r?.results[0] ?? {}) as T;
  const [subs, newer, cancelled, live, failed, perHour, signups, verified, last] = await db.batch<Record<string, number | string | null>>([
    db.prepare(
      `SELECT COALESCE(SUM(subscription_status = 'active'), 0) AS active, COALESCE(SUM(subscription_status = 'trial'), 0) AS trial,
              COALESCE(SUM(subscription_status = 'suspended'), 0) AS suspended, COALESCE(SUM(subscription_status = 'cancelled'), 0) AS cancelled
       FROM customers`,
    ),
    db.prepare(`SELECT COALESCE(SUM(created_at >= ?1), 0) AS week, COUNT(*) AS month FROM customers WHERE created_at >= ?2`).bind(now - 7 * DAY, now - 30 * DAY),
    db
      .prepare(`SELECT COUNT(DISTINCT CASE WHEN at >= ?1 THEN customer_id END) AS week, COUNT(DISTINCT customer_id) AS month FROM audit_log WHERE action = 'subscription_cancelled' AND at >= ?2`)
      .bind(now - 7 * DAY, now - 30 * DAY),
    db.prepare(`SELECT COUNT(*) AS live FROM sessions WHERE ended_at IS NULL AND last_heartbeat_at > ?`).bind(now - D1_LIVE_WINDOW_MS), // D1's last-seen lags up to one flush
    db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM webhook_events WHERE status = 'failed' AND received_at >= ?1) AS webhooks,
                (SELECT COUNT(*) FROM email_log WHERE at >= ?1 AND (status = 'failed' OR delivery_status IN ('bounced', 'complained', 'failed'))) AS emails`,
      )
      .bind(now - DAY),
    db
      .prepare(
        `SELECT hour, SUM(CASE WHEN name = 'validate' THEN count ELSE 0 END) AS validate, SUM(CASE WHEN name = 'heartbeat' THEN count ELSE 0 END) AS heartbeat,
                SUM(CASE WHEN name LIKE '%_error' THEN count ELSE 0 END) AS errors
         FROM metric_counters WHERE hour >= ? GROUP BY hour ORDER BY hour`,
      )
      .bind(Math.floor((now - 24 * HOUR) / HOUR) * HOUR),
    db.prepare(`SELECT (created_at / 86400000) * 86400000 AS day, COUNT(*) AS count FROM customers WHERE created_at >= ? GROUP BY day ORDER BY day`).bind(now - 30 * DAY),
    db.prepare(`SELECT at, file, bytes FROM backup_reports WHERE verified = 1 ORDER BY at DESC LIMIT 1`),
    db.prepare(`SELECT at, verified, error FROM backup_reports ORDER BY at DESC LIMIT 1`),
  ]);
  const s = n(subs) as Record<string, number>;
  const cm = n(cancelled) as Record<string, number>;
  const active = Number(s.active ?? 0);
  const lastRow = last?.results[0];
  const verifiedRow = verified?.results[0];
  return {
    subscriptions: { active, trial: Number(s.trial ?? 0), suspended: Number(s.suspended ?? 0), cancelled: Number(s.cancelled ?? 0) },
    mrrCents: active * MONTHLY_PLAN.amountCents,
    currency: MONTHLY_PLAN.currency,
    newCustomers: { week: Number(n(newer).week ?? 0), month: Number(n(newer).month ?? 0) },
    cancelled: { week: Number(cm.week ?? 0), month: Number(cm.month ?? 0) },
    churnMonth: active + Number(cm.month ?? 0) > 0 ? Number(cm.month ?? 0) / (active + Number(cm.month ?? 0)) : 0,
    liveSessions: Number(n(live).live ?? 0),
    failed24h: { webhooks: Number(n(failed).webhooks ?? 0), emails: Number(n(failed).emails ?? 0) },
    perHour: (perHour?.results ?? []).map((r) => ({ hour: Number(r.hour), validate: Number(r.validate), heartbeat: Number(r.heartbeat), errors: Number(r.errors) })),
    signupsPerDay: (signups?.results ?? []).map((r) => ({ day: Number(r.day), count: Number(r.count) })),
    lastVerifiedBackup: verifiedRow ? { at: Number(verifiedRow.at), file: String(verifiedRow.file), bytes: Number(verifiedRow.bytes) } : null,
    lastBackupReport: lastRow ? { at: Number(lastRow.at), verified: Number(lastRow.verified) === 1, error: (lastRow.error as string | null) ?? null } : null,
    timeTravelWindowDays: 30,
  };
}
