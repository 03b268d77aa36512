import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { errorBodySchema, validateSuccessSchema } from '../src/protocol';
import { makeDevice, post, seedCustomer, unique, validateBody } from './helpers';

async function checkoutFor(customer: { id: string; email: string; token: string } | null, status: 'open' | 'completed', email: string) {
  const id = `cs_test_${unique('x').replace(/-/g, '_')}`;
  await env.DB.prepare('INSERT INTO checkout_sessions (id, email, status, customer_id, pending_token, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(id, email, status, customer?.id ?? null, customer?.token ?? null, Date.now())
    .run();
  return id;
}

const instant = (email: string, stripeSessionId: string, device: unknown) => ({ operation: 'instant', credentials: { email, stripeSessionId }, device });

describe('operation instant', () => {
  it('activates right after checkout and hands out the token once', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const device = await makeDevice('i1');
    const first = validateSuccessSchema.parse(await (await post('/validate-unified', instant(customer.email, cs, device))).json());
    expect(first.token).toBe(customer.token);
    expect(first.machine.matchedBy).toBe('new');
    const row = await env.DB.prepare('SELECT pending_token FROM checkout_sessions WHERE id = ?').bind(cs).first<{ pending_token: string | null }>();
    expect(row?.pending_token).toBeNull();

    const second = validateSuccessSchema.parse(await (await post('/validate-unified', instant(customer.email, cs, device))).json());
    expect(second.token).toBeUndefined();
    expect(second.machine).toEqual({ id: first.machine.id, matchedBy: 'fingerprint' });
    // The token it handed out works for normal validation.
    expect((await post('/validate-unified', validateBody({ ...customer, token: first.token! }, device))).status).toBe(200);
  });

  it('hands the token to exactly one of two concurrent first calls', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const device = await makeDevice('i5');
    const answers = await Promise.all([1, 2, 3].map(async () => validateSuccessSchema.parse(await (await post('/validate-unified', instant(customer.email, cs, device))).json())));
    expect(answers.filter((a) => a.token === customer.token)).toHaveLength(1);
  });

  it('answers a checkout that is not paid yet with a retryable 409 CHECKOUT_PENDING', async () => {
    const email = `${unique('p')}@example.com`;
    const cs = await checkoutFor(null, 'open', email);
    const res = await post('/validate-unified', instant(email, cs, await makeDevice('i2')));
    expect(res.status).toBe(409);
    expect(errorBodySchema.parse(await res.json()).error).toMatchObject({ code: 'CHECKOUT_PENDING', retryable: true });
  });

  it('answers another email or an unknown session id with 401', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    expect((await post('/validate-unified', instant('thief@example.com', cs, await makeDevice('i3')))).status).toBe(401);
    expect((await post('/validate-unified', instant(customer.email, 'cs_test_unknown_123', await makeDevice('i3')))).status).toBe(401);
  });

  it('serves the legacy /instant-validate alias', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const res = await post('/instant-validate', { email: customer.email, stripeSessionId: cs, ...(await makeDevice('i4')) });
    expect(res.status).toBe(200);
    expect(validateSuccessSchema.parse(await res.json()).token).toBe(customer.token);
  });
});
