/**
 * Drives the local worker's development billing like a customer would: checkout → the dev
 * checkout page's Pay form (a signed checkout.session.completed through the real webhook
 * handler) → the welcome email in /dev/outbox, which holds the unlock token.
 */
import { checkoutResponseSchema } from 'licensing-worker/protocol';
import { z } from 'zod';
import { claimHashOf, newClaimSecret } from '../claim';

const outboxSchema = z.object({ emails: z.array(z.looseObject({ template: z.string(), text: z.string() })) });
const TOKEN_RE = /POS(-[0-9A-Z]{5}){4}/;

export interface DevPurchase {
  email: string;
  token: string;
  stripeSessionId: string;
}

/** Opens a checkout like the app does: a fresh claim secret, only its hash sent. */
export async function startDevCheckout(workerUrl: string, email: string): Promise<{ stripeSessionId: string; claimSecret: string }> {
  const claimSecret = newClaimSecret();
  const res = await fetch(`${workerUrl}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: 'Maria Test', businessName: 'Café Test', claimHash: claimHashOf(claimSecret) }),
  });
  if (res.status !== 200) throw new Error(`checkout: HTTP ${res.status} ${await res.text()}`);
  return { stripeSessionId: checkoutResponseSchema.parse(await res.json()).sessionId, claimSecret };
}

export async function payDevCheckout(workerUrl: string, stripeSessionId: string): Promise<void> {
  const res = await fetch(`${workerUrl}/dev/checkout/${stripeSessionId}/pay`, { method: 'POST', redirect: 'manual' });
  if (res.status !== 303) throw new Error(`pay: HTTP ${res.status} ${await res.text()}`);
}

export async function tokenFromOutbox(workerUrl: string, email: string): Promise<string> {
  const res = await fetch(`${workerUrl}/dev/outbox?to=${encodeURIComponent(email)}`);
  const outbox = outboxSchema.parse(await res.json());
  const welcome = outbox.emails.find((e) => e.template === 'welcome');
  const token = welcome ? TOKEN_RE.exec(welcome.text)?.[0] : undefined;
  if (!token) throw new Error(`no welcome email with a token for ${email}`);
  return token;
}

export async function buyDevSubscription(workerUrl: string, email: string): Promise<DevPurchase> {
  const { stripeSessionId } = await startDevCheckout(workerUrl, email);
  await payDevCheckout(workerUrl, stripeSessionId);
  return { email, token: await tokenFromOutbox(workerUrl, email), stripeSessionId };
}

export async function simulateBilling(workerUrl: string, email: string, event: 'payment_failed' | 'renewal' | 'cancel'): Promise<void> {
  const res = await fetch(`${workerUrl}/dev/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, event }),
  });
  if (res.status !== 200) throw new Error(`simulate ${event}: HTTP ${res.status} ${await res.text()}`);
}
