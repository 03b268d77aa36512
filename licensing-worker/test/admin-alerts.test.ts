// Cron alerts to the operators: each condition, what the email says, the link to the screen,
// and no repeat of a standing problem within 6 hours.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ALERT_RULES, runOperatorAlerts } from '../src/admin/alerts';
import type { AdminEnv } from '../src/admin/config';
import { runScheduled } from '../src/index';
import { fakeResendRequests, resendOverrides, uniqueEmail } from './billing-helpers';

const HOUR = 3_600_000;
let year = 2032;
/** Each test runs at its own future hour, so other tests' rows are outside its windows. */
const freshNow = () => Date.UTC(year++, 5, 1, 12, 0, 0);

const bindings = (extra: Partial<AdminEnv> = {}) => ({ ...env, OPERATOR_EMAIL: uniqueEmail('oncall'), OPERATOR_OWNER_EMAIL: '', ...extra }) as AdminEnv;
const alertsTo = (to: string) =>
  env.DB.prepare(`SELECT subject, text FROM email_log WHERE to_address = ? AND template = 'operator_alert' ORDER BY id`).bind(to).all<{ subject: string; text: string }>().then((r) => r.results);

async function reportBackup(at: number) {
  await env.DB.prepare(`INSERT INTO backup_reports (at, verified, file, bytes) VALUES (?, 1, 'b.sql', 1)`).bind(at).run();
}

describe('operator alerts', () => {
  it('webhook failures over the threshold in the last hour: one email saying what to do, linking Webhooks', async () => {
    const now = freshNow();
    const e = bindings();
    await reportBackup(now - HOUR);
    const insert = (i: number) => env.DB.prepare(`INSERT INTO webhook_events (id, type, created_s, status, payload, received_at, processed_at) VALUES (?, 'invoice.paid', 1, 'failed', '{}', ?, ?)`).bind(`evt_alert${now}_${i}`, now - 60_000, now - 60_000);
    await env.DB.batch(Array.from({ length: ALERT_RULES.webhookFailuresPerHour }, (_, i) => insert(i)));
    expect(await runOperatorAlerts(e, now)).not.toContain('webhook_failures'); // at the threshold: not yet
    await insert(99).run();
    expect(await runOperatorAlerts(e, now)).toContain('webhook_failures');
    const [mail] = await alertsTo(e.OPERATOR_EMAIL);
    expect(mail!.subject).toContain('Stripe webhooks failed');
    expect(mail!.text).toContain('What to do: Open Webhooks');
    expect(mail!.text).toContain(`${e.PUBLIC_BASE_URL}/admin/#/webhooks`);
    // Standing problem: not mailed again within 6 h, mailed again after.
    expect(await runOperatorAlerts(e, now + 5 * 60_000)).not.toContain('webhook_failures');
    await env.DB.prepare(`UPDATE webhook_events SET processed_at = ? WHERE id LIKE ?`).bind(now + 6 * HOUR, `evt_alert${now}_%`).run();
    await reportBackup(now + 6 * HOUR);
    expect(await runOperatorAlerts(e, now + 6 * HOUR + 1)).toContain('webhook_failures');
  });

  it('email failures and bounces alert; operator alerts themselves never count', async () => {
    const now = freshNow();
    const e = bindings();
    await reportBackup(now);
    await env.DB.prepare(`INSERT INTO email_log (at, to_address, template, subject, html, text, status) VALUES (?, 'x@example.test', 'operator_alert', 's', 'h', 't', 'failed')`).bind(now - 1000).run();
    expect(await runOperatorAlerts(e, now)).not.toContain('email_failures');
    await env.DB.prepare(`INSERT INTO email_log (at, to_address, template, subject, html, text, status, delivery_status, delivery_at) VALUES (?, 'x@example.test', 'payment_failed', 's', 'h', 't', 'sent', 'bounced', ?)`).bind(now - 5000, now - 1000).run();
    expect(await runOperatorAlerts(e, now)).toContain('email_failures');
    expect((await alertsTo(e.OPERATOR_EMAIL)).some((m) => m.text.includes('/admin/#/emails'))).toBe(true);
  });

  it('a validation error spike (server errors counted by the request counters) alerts', async () => {
    const now = freshNow();
    const e = bindings();
    await reportBackup(now);
    await env.DB.prepare(`INSERT INTO metric_counters (hour, name, count) VALUES (?, 'validate_error', ?)`).bind(Math.floor(now / HOUR) * HOUR, ALERT_RULES.validationErrorsPerTwoHours - 1).run();
    expect(await runOperatorAlerts(e, now)).not.toContain('validation_errors');
    await env.DB.prepare(`INSERT INTO metric_counters (hour, name, count) VALUES (?, 'heartbeat_error', 1)`).bind(Math.floor(now / HOUR) * HOUR).run();
    expect(await runOperatorAlerts(e, now)).toContain('validation_errors');
  });

  it('a verified backup older than a day (or none) alerts', async () => {
    const now = freshNow();
    const e = bindings();
    await reportBackup(now - 25 * HOUR);
    expect(await runOperatorAlerts(e, now)).toContain('backup_stale');
    const e2 = bindings();
    await reportBackup(now + HOUR);
    expect(await runOperatorAlerts(e2, now + 2 * HOUR)).not.toContain('backup_stale');
  });

  it('D1 failing (circuit open): the alert still goes out through Resend to the configured address', async () => {
    const now = freshNow();
    const broken = {
      prepare: () => {
        throw new Error('D1_ERROR: network connection lost');
      },
      batch: () => Promise.reject(new Error('D1_ERROR: network connection lost')),
    } as unknown as D1Database;
    const e = bindings({ DB: broken, ...resendOverrides() } as Partial<AdminEnv>);
    expect(await runOperatorAlerts(e, now)).toEqual(['circuit_open']);
    const sent = (await fakeResendRequests()).filter((r) => JSON.stringify(r.json).includes(e.OPERATOR_EMAIL));
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.json)).toContain('D1 down');
    expect(await runOperatorAlerts(e, now + 60_000)).toEqual([]); // remembered in the isolate
  });

  it('runs from the worker\'s cron', async () => {
    const now = freshNow();
    const e = bindings();
    await runScheduled(e, now); // no verified backup in this future: the stale-backup alert
    expect((await alertsTo(e.OPERATOR_EMAIL)).some((m) => m.subject.includes('backup'))).toBe(true);
  });
});
