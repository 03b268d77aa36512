// Issue 8, rule 11: email_log keeps every rendered email, but never the unlock token (tokens
// are stored only as hashes). Development billing's /dev/outbox still shows it, from a
// development-only table that is never written in a production-like environment.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sendEmail } from '../src/email';
import { callWorker, checkoutCompleted, deliverWebhook, testEnv, tokenIn, uniqueEmail } from './billing-helpers';

const emailLogRows = async (to: string) =>
  (await env.DB.prepare('SELECT * FROM email_log WHERE to_address = ?').bind(to.toLowerCase()).all<Record<string, unknown>>()).results;

/** True when any column of any row contains the secret. */
const anyColumnContains = (rows: Array<Record<string, unknown>>, secret: string) =>
  rows.some((row) => Object.values(row).some((v) => typeof v === 'string' && v.includes(secret)));

async function outboxText(to: string): Promise<string> {
  const res = await callWorker(`/dev/outbox?to=${encodeURIComponent(to)}`);
  const body = (await res.json()) as { emails: Array<{ text: string; html: string }> };
  return body.emails.map((e) => `${e.text}\n${e.html}`).join('\n');
}

describe('email_log never stores the unlock token', () => {
  it('after a welcome email (checkout webhook) no row of email_log contains the token in any column; /dev/outbox shows it', async () => {
    const email = uniqueEmail('redact-welcome');
    const { event, sessionId } = checkoutCompleted(email);
    expect((await deliverWebhook(event)).status).toBe(200);
    const pending = await env.DB.prepare('SELECT pending_token FROM checkout_sessions WHERE id = ?').bind(sessionId).first<{ pending_token: string }>();
    const token = pending!.pending_token;
    expect(token).toMatch(/^POS-/);
    const rows = await emailLogRows(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: 'welcome' });
    expect(anyColumnContains(rows, token)).toBe(false);
    expect(String(rows[0]!.text)).toContain('[redacted]');
    expect(tokenIn(await outboxText(email))).toBe(token);
  });

  it('after a recovery email no row of email_log contains the token, in production nothing else keeps it either', async () => {
    const token = 'POS-ABCDE-FGHJK-LMNPQ-RSTUV';
    const devEmail = uniqueEmail('redact-recovery');
    await sendEmail({ env: testEnv() }, { to: devEmail, template: 'token_recovery', data: { name: 'Owner', token } });
    expect(anyColumnContains(await emailLogRows(devEmail), token)).toBe(false);
    expect(await outboxText(devEmail)).toContain(token);

    const prodEmail = uniqueEmail('redact-prod');
    const outcome = await sendEmail({ env: testEnv({ ENVIRONMENT: 'production' }) }, { to: prodEmail, template: 'token_recovery', data: { token } });
    const rows = await emailLogRows(prodEmail);
    expect(rows).toHaveLength(1);
    expect(anyColumnContains(rows, token)).toBe(false);
    const devCopy = await env.DB.prepare('SELECT COUNT(*) AS n FROM dev_outbox WHERE email_log_id = ?').bind(outcome.id).first<{ n: number }>();
    expect(devCopy?.n).toBe(0);
  });
});
