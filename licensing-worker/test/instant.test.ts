import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { randomSecret } from '../src/ids';
import { errorBodySchema, validateSuccessSchema } from '../src/protocol';
import { generateUnlockToken, hashToken, sha256Hex } from '../src/tokens';
import { makeDevice, post, seedCustomer, unique, validateBody, type SeededCustomer } from './helpers';

/** What the app keeps: a random claim secret; /checkout only ever sees its SHA-256. */
async function claimPair() {
  const secret = randomSecret(32);
  return { secret, hash: await sha256Hex(secret) };
}

async function checkoutFor(
  customer: SeededCustomer | null,
  status: 'open' | 'completed',
  email: string,
  options: { claimHash?: string | null; completedAt?: number } = {},
) {
  const id = `cs_test_${unique('x').replace(/-/g, '_')}`;
  const claim = await claimPair();
  const completedAt = status === 'completed' ? (options.completedAt ?? Date.now()) : null;
  await env.DB.prepare(
    'INSERT INTO checkout_sessions (id, email, status, customer_id, pending_token, claim_hash, created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(id, email, status, customer?.id ?? null, customer?.token ?? null, options.claimHash === undefined ? claim.hash : options.claimHash, Date.now(), completedAt)
    .run();
  return { id, secret: claim.secret };
}

const instant = (email: string, stripeSessionId: string, claimSecret: string | undefined, device: unknown) => ({
  operation: 'instant',
  credentials: claimSecret === undefined ? { email, stripeSessionId } : { email, stripeSessionId, claimSecret },
  device,
});

async function activeMachines(customerId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM machines WHERE customer_id = ? AND deactivated_at IS NULL').bind(customerId).first<{ n: number }>();
  return row?.n ?? 0;
}

async function errorOf(res: Response) {
  return { status: res.status, ...errorBodySchema.parse(await res.json()).error };
}

describe('operation instant: the claim secret', () => {
  it('activates with the secret whose hash /checkout received, and hands out the token once', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const device = await makeDevice('i1');
    const first = validateSuccessSchema.parse(await (await post('/validate-unified', instant(customer.email, cs.id, cs.secret, device))).json());
    expect(first.token).toBe(customer.token);
    expect(first.machine.matchedBy).toBe('new');
    const row = await env.DB.prepare('SELECT pending_token, claimed_at FROM checkout_sessions WHERE id = ?').bind(cs.id).first<{ pending_token: string | null; claimed_at: number | null }>();
    expect(row?.pending_token).toBeNull();
    expect(row?.claimed_at).toBeGreaterThan(0);
    // The token it handed out works for normal validation.
    expect((await post('/validate-unified', validateBody({ ...customer, token: first.token! }, device))).status).toBe(200);
  });

  it('a stranger with the email and session id (no secret, or a guessed one) gets nothing and fills no seat', async () => {
    const customer = await seedCustomer({ maxMachines: 3 });
    const cs = await checkoutFor(customer, 'completed', customer.email);
    for (const [i, secret] of [undefined, randomSecret(32), cs.secret.slice(0, -1) + (cs.secret.endsWith('A') ? 'B' : 'A')].entries()) {
      const res = await post('/validate-unified', instant(customer.email, cs.id, secret, await makeDevice(`stranger-${i}`)));
      expect(res.status).not.toBe(200);
      const err = await errorOf(res);
      expect(err.code).toBe(secret === undefined ? 'INVALID_REQUEST' : 'INVALID_CREDENTIALS');
      expect(JSON.stringify(err)).not.toContain(customer.token);
    }
    expect(await activeMachines(customer.id)).toBe(0);
    // The shop's own app still activates afterwards.
    expect((await post('/validate-unified', instant(customer.email, cs.id, cs.secret, await makeDevice('owner')))).status).toBe(200);
  });

  it('after the token was claimed, the secret registers no machine and issues no license: TOKEN_ALREADY_CLAIMED', async () => {
    const customer = await seedCustomer({ maxMachines: 3 });
    const cs = await checkoutFor(customer, 'completed', customer.email);
    expect((await post('/validate-unified', instant(customer.email, cs.id, cs.secret, await makeDevice('till')))).status).toBe(200);
    for (const seed of ['again-1', 'again-2', 'till']) {
      const res = await post('/validate-unified', instant(customer.email, cs.id, cs.secret, await makeDevice(seed)));
      const err = await errorOf(res);
      expect(err).toMatchObject({ status: 410, code: 'TOKEN_ALREADY_CLAIMED', retryable: false });
      expect(err.message).toMatch(/welcome email/);
      expect(err).not.toHaveProperty('license');
    }
    expect(await activeMachines(customer.id)).toBe(1);
  });

  it('after a token rotation (recovery), an unclaimed checkout no longer activates anything', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    // /recover (however it is confirmed) ends in a new token hash on the customer.
    await env.DB.prepare('UPDATE customers SET token_hash = ?, token_issued_at = ? WHERE id = ?').bind(await hashToken(generateUnlockToken()), Date.now(), customer.id).run();
    const err = await errorOf(await post('/validate-unified', instant(customer.email, cs.id, cs.secret, await makeDevice('after-recover'))));
    expect(err).toMatchObject({ status: 410, code: 'TOKEN_ALREADY_CLAIMED' });
    expect(await activeMachines(customer.id)).toBe(0);
  });

  it('works only within an hour of payment: CLAIM_EXPIRED afterwards, no machine', async () => {
    const customer = await seedCustomer();
    const late = await checkoutFor(customer, 'completed', customer.email, { completedAt: Date.now() - 61 * 60_000 });
    const err = await errorOf(await post('/validate-unified', instant(customer.email, late.id, late.secret, await makeDevice('late'))));
    expect(err).toMatchObject({ status: 410, code: 'CLAIM_EXPIRED', retryable: false });
    expect(err.message).toMatch(/welcome email/);
    expect(await activeMachines(customer.id)).toBe(0);
    const inTime = await checkoutFor(customer, 'completed', customer.email, { completedAt: Date.now() - 59 * 60_000 });
    expect((await post('/validate-unified', instant(customer.email, inTime.id, inTime.secret, await makeDevice('in-time')))).status).toBe(200);
  });

  it('a checkout recorded without a claim hash (before the claim secret existed) cannot be claimed', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email, { claimHash: null });
    expect(await errorOf(await post('/validate-unified', instant(customer.email, cs.id, cs.secret, await makeDevice('old'))))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('hands the token to exactly one of three concurrent first calls; the others are told it was claimed', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const device = await makeDevice('i5');
    const answers = await Promise.all([1, 2, 3].map(() => post('/validate-unified', instant(customer.email, cs.id, cs.secret, device))));
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, body: (await r.json()) as { token?: string; error?: { code: string } } })));
    expect(bodies.filter((b) => b.status === 200 && b.body.token === customer.token)).toHaveLength(1);
    expect(bodies.filter((b) => b.status === 410 && b.body.error?.code === 'TOKEN_ALREADY_CLAIMED')).toHaveLength(2);
  });

  it('answers a checkout that is not paid yet with a retryable 409 CHECKOUT_PENDING', async () => {
    const email = `${unique('p')}@example.com`;
    const cs = await checkoutFor(null, 'open', email);
    const err = await errorOf(await post('/validate-unified', instant(email, cs.id, cs.secret, await makeDevice('i2'))));
    expect(err).toMatchObject({ status: 409, code: 'CHECKOUT_PENDING', retryable: true });
  });

  it('answers another email or an unknown session id with 401', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    expect((await post('/validate-unified', instant('thief@example.com', cs.id, cs.secret, await makeDevice('i3')))).status).toBe(401);
    expect((await post('/validate-unified', instant(customer.email, 'cs_test_unknown_123', cs.secret, await makeDevice('i3')))).status).toBe(401);
  });

  it('serves the legacy /instant-validate alias, with the claim secret', async () => {
    const customer = await seedCustomer();
    const cs = await checkoutFor(customer, 'completed', customer.email);
    const device = await makeDevice('i4');
    expect((await post('/instant-validate', { email: customer.email, stripeSessionId: cs.id, ...device })).status).toBe(400);
    const res = await post('/instant-validate', { email: customer.email, stripeSessionId: cs.id, claimSecret: cs.secret, ...device });
    expect(res.status).toBe(200);
    expect(validateSuccessSchema.parse(await res.json()).token).toBe(customer.token);
    expect((await post('/instant-validate', { email: customer.email, stripeSessionId: cs.id, claimSecret: cs.secret, ...device })).status).toBe(410);
  });
});
