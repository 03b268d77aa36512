// Console actions through the whole worker inside workerd on the real local D1, with the
// Stripe SDK and Resend pointed at the local Stripe- and Resend-shaped servers.
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/ids';
import {
  emailsTo, fakeResendRequests, fakeStripeRequests, invoiceEvent, resendOverrides, stripeOverrides, subscribedCustomer, uniqueEmail,
} from './billing-helpers';
import { makeDevice, post } from './helpers';
import { accessNetwork, consoleHarness, makeKeySet, OWNER, seedOperator, signIn, TEAM, type AdminErrorJson, type Harness, type SignedIn } from './admin-helpers';

let h: Harness;
const as: Record<'viewer' | 'support' | 'admin' | 'owner', SignedIn> = {} as never;

beforeAll(async () => {
  const keys = await makeKeySet('actions-k1');
  h = consoleHarness({ network: accessNetwork({ [TEAM]: [keys] }), overrides: { ENVIRONMENT: 'production', ...stripeOverrides(), ...resendOverrides() } });
  for (const role of ['viewer', 'support', 'admin'] as const) as[role] = await signIn(h, keys, await seedOperator(role));
  as.owner = await signIn(h, keys, OWNER);
});

const codeOf = async (res: Response) => (await res.json<AdminErrorJson>()).error.code;

async function customerWithMachine(tag: string) {
  const sub = await subscribedCustomer(tag);
  const customer = (await env.DB.prepare('SELECT id FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ id: string }>())!;
  const machineId = uuidv7();
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO machines (id, customer_id, fingerprint, name, platform, created_at, last_seen_at) VALUES (?, ?, ?, 'FRONT-TILL', 'win32', ?, ?)`).bind(machineId, customer.id, `fp-${machineId}`, now, now),
    env.DB.prepare(`INSERT INTO sessions (id_hash, ref, customer_id, machine_id, started_at, last_heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)`).bind(`h-${machineId}`, `ref${machineId.slice(-8)}`, customer.id, machineId, now, now),
  ]);
  return { ...sub, customerId: customer.id, machineId, sessionRef: `ref${machineId.slice(-8)}` };
}

const auditRow = (action: string, customerId: string | null) =>
  env.DB.prepare(`SELECT operator, details FROM audit_log WHERE action = ? AND (customer_id = ? OR ? IS NULL) ORDER BY id DESC LIMIT 1`).bind(action, customerId, customerId).first<{ operator: string; details: string }>();

describe('customers', () => {
  it('searches by email or business and shows the page with tokens redacted', async () => {
    const c = await customerWithMachine('search');
    const found = await as.viewer.get(`/admin/api/customers?q=${encodeURIComponent(c.email.slice(0, 12))}`);
    expect(found.status).toBe(200);
    const { customers } = await found.json<{ customers: Array<{ id: string; token_hash?: string }> }>();
    expect(customers.map((x) => x.id)).toContain(c.customerId);
    expect(customers[0]).not.toHaveProperty('token_hash');
    const byBusiness = await (await as.viewer.get('/admin/api/customers?q=test%20caf')).json<{ customers: unknown[] }>();
    expect(byBusiness.customers.length).toBeGreaterThan(0);

    const page = await (await as.viewer.get(`/admin/api/customers/${c.customerId}`)).json<{ machines: unknown[]; sessions: Array<{ live: boolean }>; emails: Array<{ template: string; text: string }>; stripeUrl: string }>();
    expect(page.machines).toHaveLength(1);
    expect(page.sessions[0]!.live).toBe(true);
    expect(page.stripeUrl).toContain('dashboard.stripe.com/customers/');
    const welcome = page.emails.find((e) => e.template === 'welcome')!;
    expect(welcome.text).not.toContain(c.token);
    expect(welcome.text).not.toMatch(/POS(-[0-9A-Z]{5}){4}/);
  });

  it('support releases a machine: the seat is freed, its live session ends, the operator is audited; a viewer cannot', async () => {
    const c = await customerWithMachine('release');
    const path = `/admin/api/customers/${c.customerId}/machines/${c.machineId}/release`;
    const refused = await as.viewer.post(path, {});
    expect(refused.status).toBe(403);
    expect(await codeOf(refused)).toBe('ROLE_REQUIRED');
    expect((await env.DB.prepare('SELECT deactivated_at FROM machines WHERE id = ?').bind(c.machineId).first())!.deactivated_at).toBeNull();

    const res = await as.support.post(path, { note: 'customer replaced the PC' });
    expect(res.status).toBe(200);
    expect((await env.DB.prepare('SELECT deactivated_at FROM machines WHERE id = ?').bind(c.machineId).first<{ deactivated_at: number }>())!.deactivated_at).toBeGreaterThan(0);
    expect((await env.DB.prepare('SELECT end_reason FROM sessions WHERE machine_id = ?').bind(c.machineId).first())!.end_reason).toBe('ended');
    const audit = await auditRow('admin_machine_released', c.customerId);
    expect(audit?.operator).toBe(as.support.email);
    expect(JSON.parse(audit!.details)).toMatchObject({ machineId: c.machineId, role: 'support' });

    expect((await as.support.post(path, {})).status).toBe(404); // already released: nothing happens twice
  });

  it('support ends a session; another customer\'s session cannot be ended through this customer', async () => {
    const c = await customerWithMachine('endsession');
    const other = await customerWithMachine('endsession-other');
    expect((await as.support.post(`/admin/api/customers/${c.customerId}/sessions/${other.sessionRef}/end`)).status).toBe(404);
    expect((await as.viewer.post(`/admin/api/customers/${c.customerId}/sessions/${c.sessionRef}/end`)).status).toBe(403);
    const res = await as.support.post(`/admin/api/customers/${c.customerId}/sessions/${c.sessionRef}/end`);
    expect(res.status).toBe(200);
    expect((await env.DB.prepare('SELECT ended_at FROM sessions WHERE ref = ?').bind(c.sessionRef).first<{ ended_at: number | null }>())!.ended_at).not.toBeNull();
    expect((await auditRow('admin_session_ended', c.customerId))?.operator).toBe(as.support.email);
  });

  it('support ends a live session through the customer\'s sessions object: the till\'s next heartbeat is 410 ended, the seat is free', async () => {
    const sub = await subscribedCustomer('endlive');
    const credentials = { email: sub.email, token: sub.token };
    const started = await post('/validate-unified', { operation: 'session', action: 'start', credentials, device: await makeDevice('endlive-a') });
    expect(started.status).toBe(201);
    const sessionId = (await started.json<{ session: { id: string } }>()).session.id;
    const row = (await env.DB.prepare('SELECT s.ref, s.customer_id FROM sessions s JOIN customers c ON c.id = s.customer_id WHERE c.email = ?').bind(sub.email.toLowerCase()).first<{ ref: string; customer_id: string }>())!;
    expect((await as.support.post(`/admin/api/customers/${row.customer_id}/sessions/${row.ref}/end`)).status).toBe(200);
    const beat = await post('/validate-unified', { operation: 'session', action: 'heartbeat', credentials: { sessionId } });
    expect(beat.status).toBe(410);
    expect((await beat.json<AdminErrorJson>()).error).toMatchObject({ code: 'SESSION_ENDED', reason: 'ended' });
    expect((await post('/validate-unified', { operation: 'session', action: 'start', credentials, device: await makeDevice('endlive-b') })).status).toBe(201);
    expect((await auditRow('admin_session_ended', row.customer_id))?.operator).toBe(as.support.email);
  });

  it('exports customers as CSV without token hashes and with formula cells neutralised', async () => {
    const email = uniqueEmail('csv');
    await env.DB.prepare(`INSERT INTO customers (id, email, business_name, token_hash, token_issued_at, created_at, updated_at) VALUES (?, ?, '=HYPERLINK("x")', 'secret-hash-value', 1, 1, 1)`).bind(uuidv7(), email).run();
    const res = await as.viewer.get('/admin/api/customers.csv');
    expect(res.headers.get('Content-Type')).toContain('text/csv');
    const text = await res.text();
    expect(text).toContain(email);
    expect(text).not.toContain('secret-hash-value');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const audit = await as.viewer.get('/admin/api/audit.csv');
    expect((await audit.text()).split('\r\n')[0]).toBe('id,at,request_id,customer_id,action,details,operator');
  });
});

describe('webhooks', () => {
  it('an admin replays a failed event: fetched again from Stripe by id, run through the same handler', async () => {
    const sub = await subscribedCustomer('replay');
    await env.DB.prepare(`UPDATE customers SET subscription_status = 'suspended' WHERE email = ?`).bind(sub.email.toLowerCase()).run();
    const event = invoiceEvent('invoice.paid', sub.ids);
    const full = { object: 'event', livemode: false, ...event };
    await env.DB.prepare(`INSERT INTO webhook_events (id, type, created_s, status, attempts, last_error, payload, received_at) VALUES (?, ?, ?, 'failed', 3, 'Error: D1 hiccup', '{}', ?)`)
      .bind(event.id, event.type, event.created, Date.now())
      .run();
    await fetch(`http://127.0.0.1:${inject('fakeStripePort')}/__fake/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(full) });

    const failedList = await (await as.viewer.get('/admin/api/webhooks?status=failed')).json<{ events: Array<{ id: string }> }>();
    expect(failedList.events.map((e) => e.id)).toContain(event.id);
    expect((await as.support.post(`/admin/api/webhooks/${event.id}/replay`)).status).toBe(403);

    const res = await as.admin.post(`/admin/api/webhooks/${event.id}/replay`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'applied' });
    expect((await fakeStripeRequests()).some((r) => r.method === 'GET' && r.path === `/v1/events/${event.id}`)).toBe(true);
    const customer = await env.DB.prepare('SELECT subscription_status FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ subscription_status: string }>();
    expect(customer?.subscription_status).toBe('active'); // the replayed invoice.paid reactivated it
    expect((await auditRow('admin_webhook_replayed', null))?.operator).toBe(as.admin.email);
    // Applied now: a second replay is refused.
    expect(await codeOf(await as.admin.post(`/admin/api/webhooks/${event.id}/replay`))).toBe('CONFLICT');
  });

  it('refuses a replay Stripe cannot answer (event unknown to Stripe) and leaves it failed', async () => {
    const id = `evt_gone${Date.now()}`;
    await env.DB.prepare(`INSERT INTO webhook_events (id, type, created_s, status, payload, received_at) VALUES (?, 'invoice.paid', 1, 'failed', '{}', ?)`).bind(id, Date.now()).run();
    const res = await as.admin.post(`/admin/api/webhooks/${id}/replay`);
    expect(res.status).toBe(502);
    expect((await env.DB.prepare('SELECT status FROM webhook_events WHERE id = ?').bind(id).first())!.status).toBe('failed');
  });
});

describe('emails', () => {
  it('never resends an email that carried a token; resends others through Resend, audited', async () => {
    const sub = await subscribedCustomer('resend');
    const welcome = (await env.DB.prepare(`SELECT id FROM email_log WHERE to_address = ? AND template = 'welcome'`).bind(sub.email.toLowerCase()).first<{ id: number }>())!;
    const refused = await as.support.post(`/admin/api/emails/${welcome.id}/resend`);
    expect(refused.status).toBe(409);
    expect(await codeOf(refused)).toBe('EMAIL_CARRIES_TOKEN');
    expect((await fakeResendRequests()).filter((r) => JSON.stringify(r.json).includes(sub.token))).toHaveLength(0);
    // A recovery link (one-time credential) is not resendable either, nor any copy with a redaction.
    const linkMail = await env.DB.prepare(
      `INSERT INTO email_log (at, to_address, template, subject, html, text, status) VALUES (?, ?, 'subscription_cancelled', 's', '<a href="[redacted]">portal</a>', 'Manage billing: [redacted]', 'sent') RETURNING id`,
    ).bind(Date.now(), sub.email.toLowerCase()).first<{ id: number }>();
    expect(await codeOf(await as.support.post(`/admin/api/emails/${linkMail!.id}/resend`))).toBe('EMAIL_CARRIES_TOKEN');

    const customerId = (await env.DB.prepare('SELECT id FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ id: string }>())!.id;
    const logged = await env.DB.prepare(
      `INSERT INTO email_log (at, customer_id, to_address, template, subject, html, text, status) VALUES (?, ?, ?, 'payment_failed', 'Payment failed', '<p>x</p>', 'Your payment failed', 'failed') RETURNING id`,
    ).bind(Date.now(), customerId, sub.email.toLowerCase()).first<{ id: number }>();
    expect((await as.viewer.post(`/admin/api/emails/${logged!.id}/resend`)).status).toBe(403);
    const res = await as.support.post(`/admin/api/emails/${logged!.id}/resend`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'sent' });
    const sent = (await fakeResendRequests()).filter((r) => JSON.stringify(r.json).includes('Your payment failed'));
    expect(sent.length).toBeGreaterThan(0);
    expect((await auditRow('admin_email_resent', customerId))?.operator).toBe(as.support.email);
  });
});

async function refundRequest(tag: string, stripeCustomer?: string) {
  const sub = await subscribedCustomer(tag);
  const customer = (await env.DB.prepare('SELECT id, stripe_customer_id, stripe_subscription_id FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ id: string; stripe_customer_id: string; stripe_subscription_id: string }>())!;
  if (stripeCustomer) await env.DB.prepare('UPDATE customers SET stripe_customer_id = ? WHERE id = ?').bind(stripeCustomer, customer.id).run();
  const id = uuidv7();
  await env.DB.prepare(`INSERT INTO refund_requests (id, customer_id, reason, status, created_at) VALUES (?, ?, 'Closed the café', 'open', ?)`).bind(id, customer.id, Date.now()).run();
  return { id, sub, customer };
}

describe('refund requests', () => {
  it('an admin approves in full: the latest paid invoice is refunded through Stripe, the subscription is not cancelled, the customer is emailed', async () => {
    const r = await refundRequest('refund-full');
    expect((await as.support.post(`/admin/api/refund-requests/${r.id}/approve`, {})).status).toBe(403);
    const res = await as.admin.post(`/admin/api/refund-requests/${r.id}/approve`, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'approved', amountCents: 2000, subscriptionCancelled: false });
    const calls = await fakeStripeRequests();
    const refund = calls.filter((q) => q.method === 'POST' && q.path === '/v1/refunds').find((q) => q.form['metadata[refundRequestId]'] === r.id)!;
    expect(refund.form).toMatchObject({ payment_intent: `pi_in_paid_${r.customer.stripe_customer_id}`, amount: '2000', reason: 'requested_by_customer' });
    expect(calls.some((q) => q.method === 'DELETE' && q.path === `/v1/subscriptions/${r.customer.stripe_subscription_id}`)).toBe(false);
    expect((await emailsTo(r.sub.email)).map((e) => e.template)).toContain('refund_approved');
    expect((await auditRow('admin_refund_approved', r.customer.id))?.operator).toBe(as.admin.email);
    // Decided once: a second approval (double click, second operator) refunds nothing.
    expect(await codeOf(await as.admin.post(`/admin/api/refund-requests/${r.id}/approve`, {}))).toBe('CONFLICT');
  });

  it('approves a partial amount and cancels only when asked; refuses more than was paid', async () => {
    const r = await refundRequest('refund-part');
    const over = await as.admin.post(`/admin/api/refund-requests/${r.id}/approve`, { amountCents: 2001 });
    expect(over.status).toBe(400);
    expect((await env.DB.prepare('SELECT status FROM refund_requests WHERE id = ?').bind(r.id).first())!.status).toBe('open');
    const res = await as.admin.post(`/admin/api/refund-requests/${r.id}/approve`, { amountCents: 750, cancelSubscription: true });
    expect(await res.json()).toMatchObject({ amountCents: 750, subscriptionCancelled: true });
    const calls = await fakeStripeRequests();
    expect(calls.some((q) => q.method === 'DELETE' && q.path === `/v1/subscriptions/${r.customer.stripe_subscription_id}`)).toBe(true);
    expect((await env.DB.prepare('SELECT refund_amount_cents FROM refund_requests WHERE id = ?').bind(r.id).first())!.refund_amount_cents).toBe(750);
  });

  it('a customer without a paid invoice: nothing refunded, the request stays open', async () => {
    const r = await refundRequest('refund-none', `cus_noinvoice${Date.now()}`);
    const res = await as.admin.post(`/admin/api/refund-requests/${r.id}/approve`, {});
    expect(res.status).toBe(409);
    expect((await env.DB.prepare('SELECT status FROM refund_requests WHERE id = ?').bind(r.id).first())!.status).toBe('open');
  });

  it('declines with a reason, emailed to the customer', async () => {
    const r = await refundRequest('refund-decline');
    expect((await as.admin.post(`/admin/api/refund-requests/${r.id}/decline`, {})).status).toBe(400);
    const res = await as.admin.post(`/admin/api/refund-requests/${r.id}/decline`, { reason: 'Outside the 14-day window.' });
    expect(res.status).toBe(200);
    const mail = (await emailsTo(r.sub.email)).find((e) => e.template === 'refund_declined');
    expect(mail?.text).toContain('Outside the 14-day window.');
    const open = await (await as.viewer.get('/admin/api/refund-requests?status=open')).json<{ requests: Array<{ id: string }> }>();
    expect(open.requests.map((x) => x.id)).not.toContain(r.id);
  });
});

describe('token actions', () => {
  const validate = (email: string, token: string, device: Awaited<ReturnType<typeof makeDevice>>) =>
    h.call('/validate-unified', { method: 'POST', json: { operation: 'validate', credentials: { email, token }, device } });

  it('an admin rotates the token: emailed to the customer, the old one works until the new one is first used', async () => {
    const sub = await subscribedCustomer('rotate');
    const customerId = (await env.DB.prepare('SELECT id FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ id: string }>())!.id;
    const device = await makeDevice(`rotate-${customerId}`);
    expect((await as.support.post(`/admin/api/customers/${customerId}/token/rotate`)).status).toBe(403);
    const res = await as.admin.post(`/admin/api/customers/${customerId}/token/rotate`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const sent = (await fakeResendRequests()).filter((r) => JSON.stringify(r.json).includes(sub.email.toLowerCase()) && JSON.stringify(r.json).includes('new POSPal unlock token'));
    const newToken = /POS(-[0-9A-Z]{5}){4}/.exec(JSON.stringify(sent.at(-1)?.json ?? ''))?.[0];
    expect(newToken).toBeTruthy();
    expect(body).not.toContain(newToken!); // the operator never sees it
    expect((await validate(sub.email, sub.token, device)).status).toBe(200); // mid-service: still unlocked
    expect((await validate(sub.email, newToken!, device)).status).toBe(200); // first use promotes it
    expect((await validate(sub.email, sub.token, device)).status).toBe(401);
    expect((await auditRow('admin_token_rotated', customerId))?.operator).toBe(as.admin.email);
  });

  it('support sends a new token through the recovery confirmation: a link is emailed, no token is issued yet', async () => {
    const sub = await subscribedCustomer('sendnew');
    const customerId = (await env.DB.prepare('SELECT id FROM customers WHERE email = ?').bind(sub.email.toLowerCase()).first<{ id: string }>())!.id;
    expect((await as.viewer.post(`/admin/api/customers/${customerId}/token/send-new`)).status).toBe(403);
    const res = await as.support.post(`/admin/api/customers/${customerId}/token/send-new`);
    expect(res.status).toBe(200);
    expect((await emailsTo(sub.email)).map((e) => e.template)).toContain('recovery_confirm');
    const row = await env.DB.prepare('SELECT next_token_hash FROM customers WHERE id = ?').bind(customerId).first<{ next_token_hash: string | null }>();
    expect(row?.next_token_hash).toBeNull();
    expect((await auditRow('admin_recovery_link_sent', customerId))?.operator).toBe(as.support.email);
  });
});
