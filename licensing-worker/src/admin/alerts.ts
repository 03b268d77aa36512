// Cron: emails the operators when something needs a person. Each alert says what happened,
// what to do, and links the console screen; a standing problem is re-sent at most every 6 h.
import { breakerFor, Database } from '../db/database';
import { sendEmail } from '../email';
import type { AdminEnv } from './config';
import { flushCounters } from './metrics';
import { errorText, logEvent } from '../log';

export const ALERT_RULES = {
  /** Failed Stripe webhooks in the last hour above this. */
  webhookFailuresPerHour: 3,
  /** Any failed or bounced email in the last hour. */
  emailFailuresPerHour: 1,
  /** 5xx answers of the licensing calls in the current and previous hour, at or above this. */
  validationErrorsPerTwoHours: 50,
  /** The last verified backup is older than this. */
  backupMaxAgeMs: 24 * 3_600_000,
  repeatAfterMs: 6 * 3_600_000,
} as const;

const HOUR = 3_600_000;

export interface Alert {
  key: string;
  title: string;
  whatHappened: string;
  whatToDo: string;
  /** Console path, e.g. /admin/#/webhooks */
  screen: string;
}

// When D1 itself is down we cannot de-duplicate through it: remember in the isolate.
const sentInMemory = new Map<string, number>();

async function detect(env: AdminEnv, db: Database, now: number): Promise<Alert[]> {
  const alerts: Alert[] = [];
  const breaker = breakerFor(env.DB).state(now);
  let counts: Record<string, number | null> | null = null;
  try {
    await flushCounters(env.DB, now);
    counts = await db.first<Record<string, number | null>>(
      `SELECT (SELECT COUNT(*) FROM webhook_events WHERE status = 'failed' AND COALESCE(processed_at, received_at) >= ?1) AS webhooks,
              (SELECT COUNT(*) FROM email_log WHERE template != 'operator_alert' AND COALESCE(delivery_at, at) >= ?1
                 AND (status = 'failed' OR delivery_status IN ('bounced', 'complained', 'failed'))) AS emails,
              (SELECT COALESCE(SUM(count), 0) FROM metric_counters WHERE hour >= ?2 AND name LIKE '%\\_error' ESCAPE '\\') AS errors,
              (SELECT MAX(at) FROM backup_reports WHERE verified = 1) AS backup_at`,
      now - HOUR,
      Math.floor(now / HOUR) * HOUR - HOUR,
    );
  } catch {
    counts = null;
  }
  if (breaker !== 'closed' || counts === null) {
    alerts.push({
      key: 'circuit_open',
      title: 'the D1 circuit breaker is open',
      whatHappened: 'The licensing database is failing; the worker answers 503 to validations. Tills keep selling on their offline grace (10 days).',
      whatToDo: 'Check the Cloudflare status page and the worker logs (wrangler tail); follow "D1 down" in docs/operations/incidents.md.',
      screen: '/admin/#/overview',
    });
    return alerts; // the other checks need the database
  }
  const n = (k: string) => Number(counts?.[k] ?? 0);
  if (n('webhooks') > ALERT_RULES.webhookFailuresPerHour) {
    alerts.push({
      key: 'webhook_failures',
      title: `${n('webhooks')} Stripe webhooks failed in the last hour`,
      whatHappened: 'Stripe events could not be applied; customers may be in the wrong subscription state. The cron retries them up to 8 times.',
      whatToDo: 'Open Webhooks, read the errors, fix the cause, then replay the failed events.',
      screen: '/admin/#/webhooks',
    });
  }
  if (n('emails') >= ALERT_RULES.emailFailuresPerHour) {
    alerts.push({
      key: 'email_failures',
      title: `${n('emails')} emails failed or bounced in the last hour`,
      whatHappened: 'Resend refused or bounced customer emails (welcome, payment failed, recovery).',
      whatToDo: 'Open Emails, check the errors and Resend\'s status; resend the ones that matter (token emails: use "send a new token").',
      screen: '/admin/#/emails',
    });
  }
  if (n('errors') >= ALERT_RULES.validationErrorsPerTwoHours) {
    alerts.push({
      key: 'validation_errors',
      title: `${n('errors')} licensing calls failed with a server error since the last hour began`,
      whatHappened: 'Validations, sessions or heartbeats are answering 5xx: tills fall back to offline grace.',
      whatToDo: 'Check the worker logs (wrangler tail) for the request ids; roll back the last deploy if it started then (docs/operations/deploying.md).',
      screen: '/admin/#/overview',
    });
  }
  const backupAt = counts.backup_at === null ? null : Number(counts.backup_at);
  if (backupAt === null || now - backupAt > ALERT_RULES.backupMaxAgeMs) {
    alerts.push({
      key: 'backup_stale',
      title: backupAt === null ? 'no verified backup has been reported' : 'the last verified backup is more than a day old',
      whatHappened: 'The scheduled `npm run backup:worker -- --remote` did not report a verified backup in the last 24 hours.',
      whatToDo: 'Run it by hand, look at its output, and fix the schedule (docs/operations/backups.md). D1 Time Travel still covers the last 30 days.',
      screen: '/admin/#/overview',
    });
  }
  return alerts;
}

async function recipients(env: AdminEnv, db: Database): Promise<string[]> {
  const list = new Set<string>([env.OPERATOR_EMAIL.toLowerCase()]);
  if (env.OPERATOR_OWNER_EMAIL) list.add(env.OPERATOR_OWNER_EMAIL.toLowerCase());
  try {
    for (const r of await db.all<{ email: string }>(`SELECT email FROM operators WHERE disabled_at IS NULL AND role IN ('owner', 'admin', 'support')`)) list.add(r.email);
  } catch {
    /* D1 down: the configured addresses still hear about it */
  }
  return [...list];
}

async function shouldSend(db: Database, alert: Alert, now: number): Promise<boolean> {
  try {
    const row = await db.first<{ key: string }>(
      `INSERT INTO operator_alerts (key, last_sent_at, last_detail) VALUES (?1, ?2, ?3)
       ON CONFLICT(key) DO UPDATE SET last_sent_at = excluded.last_sent_at, last_detail = excluded.last_detail
         WHERE operator_alerts.last_sent_at <= ?2 - ?4
       RETURNING key`,
      alert.key,
      now,
      alert.title,
      ALERT_RULES.repeatAfterMs,
    );
    return row !== null;
  } catch {
    const last = sentInMemory.get(alert.key);
    if (last !== undefined && now - last < ALERT_RULES.repeatAfterMs) return false;
    sentInMemory.set(alert.key, now);
    return true;
  }
}

/** Returns the keys of the alerts it emailed. */
export async function runOperatorAlerts(env: AdminEnv, now: number): Promise<string[]> {
  const db = new Database(env.DB, breakerFor(env.DB), () => now);
  const sent: string[] = [];
  const base = env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  for (const alert of await detect(env, db, now)) {
    if (!(await shouldSend(db, alert, now))) continue;
    for (const to of await recipients(env, db)) {
      await sendEmail(
        { env, now: () => now },
        { to, template: 'operator_alert', data: { title: alert.title, whatHappened: alert.whatHappened, whatToDo: alert.whatToDo, screen: `${base}${alert.screen}` } },
      ).catch((e: unknown) => logEvent('error', 'operator_alert_email_failed', { alert: alert.key, error: errorText(e) }));
    }
    logEvent('warn', 'operator_alert', { alert: alert.key, title: alert.title });
    sent.push(alert.key);
  }
  return sent;
}
