// POST /webhooks/resend: Resend's delivery events (sent through Svix, signed as Svix documents:
// HMAC-SHA256 over "<svix-id>.<svix-timestamp>.<raw body>" with the base64 secret after
// "whsec_", header "v1,<base64> v1,<base64>…", 5 minute tolerance). Outside /admin because
// Resend cannot sign in through Cloudflare Access; the signature is its credential.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { ApiError } from '../http/errors';
import { constantTimeEqual } from '../tokens';
import type { AdminEnv } from './config';

export const SVIX_TOLERANCE_SECONDS = 300;

const b64ToBytes = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
const bytesToB64 = (bytes: ArrayBuffer): string => btoa(String.fromCharCode(...new Uint8Array(bytes)));

export async function svixSignature(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', b64ToBytes(secret.replace(/^whsec_/, '')), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return bytesToB64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${id}.${timestamp}.${body}`)));
}

export async function verifySvix(secret: string, headers: { id?: string; timestamp?: string; signature?: string }, body: string, nowMs: number): Promise<boolean> {
  const { id, timestamp, signature } = headers;
  if (!secret || !id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SVIX_TOLERANCE_SECONDS) return false;
  let expected: string;
  try {
    expected = await svixSignature(secret, id, timestamp, body);
  } catch {
    return false; // a malformed secret: nothing verifies
  }
  return signature.split(' ').some((part) => {
    const [version, sig] = part.split(',', 2);
    return version === 'v1' && sig !== undefined && constantTimeEqual(sig, expected);
  });
}

const eventSchema = z.looseObject({
  type: z.string().regex(/^email\.[a-z_]+$/),
  created_at: z.string().optional(),
  data: z.looseObject({ email_id: z.string().min(1).max(200) }),
});

/** Resend's event → our delivery_status (opened/clicked are not delivery and are ignored). */
const STATUS: Record<string, string> = {
  'email.sent': 'sent',
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'delayed',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.failed': 'failed',
};
/** A later state never goes back to an earlier one (events can arrive out of order). */
const RANK: Record<string, number> = { sent: 0, delayed: 1, delivered: 2, failed: 3, bounced: 3, complained: 4 };

export const resendWebhookRoutes = new Hono<AppEnv>();

resendWebhookRoutes.post('/webhooks/resend', async (c) => {
  const env = c.env as AdminEnv;
  const body = await c.req.text();
  const ok = await verifySvix(
    env.RESEND_WEBHOOK_SECRET ?? '',
    { id: c.req.header('svix-id'), timestamp: c.req.header('svix-timestamp'), signature: c.req.header('svix-signature') },
    body,
    c.get('now')(),
  );
  if (!ok) throw new ApiError('INVALID_REQUEST', 'The webhook signature is not valid.', { issues: [{ path: 'svix-signature', message: 'invalid signature' }] });
  let parsed: z.infer<typeof eventSchema>;
  try {
    parsed = eventSchema.parse(JSON.parse(body));
  } catch {
    throw new ApiError('INVALID_REQUEST', 'The event is not a Resend email event.', { issues: [] });
  }
  const status = STATUS[parsed.type];
  if (!status) return c.json({ received: true, ignored: parsed.type });
  const db = c.get('db');
  const now = c.get('now')();
  const result = await db.run(
    `UPDATE email_log SET delivery_status = ?1, delivery_at = ?2
     WHERE provider_id = ?3 AND (delivery_status IS NULL OR
       (CASE delivery_status WHEN 'sent' THEN 0 WHEN 'delayed' THEN 1 WHEN 'delivered' THEN 2 WHEN 'failed' THEN 3 WHEN 'bounced' THEN 3 WHEN 'complained' THEN 4 ELSE 0 END) <= ?4)`,
    status,
    now,
    parsed.data.email_id,
    RANK[status] ?? 0,
  );
  return c.json({ received: true, updated: result.meta.changes ?? 0 });
});
