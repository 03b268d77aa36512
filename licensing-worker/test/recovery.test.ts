// Issue 8 rules 4 and 6 (recover half): recovery is confirmed by an emailed link before the
// token rotates, and /recover answers a known and an unknown email alike, deferring its work.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createWorker } from '../src/index';
import type { Env } from '../src/env';
import { sha256Hex } from '../src/tokens';
import { emailsTo, makeDevice, seedCustomer, unique, uniqueIp, validateBody, workerWithClock } from './helpers';

type Worker = ReturnType<typeof workerWithClock>;

const linkIn = (text: string): { url: string; secret: string } => {
  const url = /http:\/\/worker\.test\/recover\/confirm\?t=[A-Za-z0-9_-]+/.exec(text)?.[0];
  if (!url) throw new Error('no confirmation link in the email');
  return { url, secret: new URL(url).searchParams.get('t')! };
};
const tokenIn = (text: string): string => {
  const token = /POS(-[0-9A-Z]{5}){4}/.exec(text)?.[0];
  if (!token) throw new Error('no token in the email');
  return token;
};
const confirm = (w: Worker, secret: string) =>
  w.post('/recover/confirm', `t=${encodeURIComponent(secret)}`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
const pendingHash = async (customerId: string) =>
  (await env.DB.prepare('SELECT next_token_hash FROM customers WHERE id = ?').bind(customerId).first<{ next_token_hash: string | null }>())?.next_token_hash;

describe('recovery needs the emailed confirmation', () => {
  it("attack: a stranger's /recover does not stop the shop's working token", async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    const till = await makeDevice('rec-attack');
    expect((await w.post('/validate-unified', validateBody(shop, till))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await w.post('/recover', { email: shop.email })).status).toBe(202);
    w.advance(2 * 60 * 60_000);
    expect((await w.post('/validate-unified', validateBody(shop, till))).status).toBe(200);
    expect(await emailsTo(shop.email, 'token_recovery')).toHaveLength(0);
  });

  it('rotates only on POST from the link page; the old token works until the new one is first used', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    const till = await makeDevice('rec-flow');
    expect((await w.post('/recover', { email: shop.email.toUpperCase() })).status).toBe(202);
    const [mail] = await emailsTo(shop.email, 'recovery_confirm');
    const { url, secret } = linkIn(mail!.text);

    // A mail scanner prefetching the link changes nothing.
    const page = await w.get(url.replace('http://worker.test', ''));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="/recover/confirm">');
    expect(await pendingHash(shop.id)).toBeNull();
    expect(await emailsTo(shop.email, 'token_recovery')).toHaveLength(0);

    const done = await confirm(w, secret);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Check your email');
    const [tokenMail] = await emailsTo(shop.email, 'token_recovery');
    const newToken = tokenIn(tokenMail!.text);
    expect(newToken).not.toBe(shop.token);

    // Both work until the new one is first used; then only the new one.
    expect((await w.post('/validate-unified', validateBody(shop, till))).status).toBe(200);
    expect((await w.post('/validate-unified', validateBody({ ...shop, token: newToken }, till))).status).toBe(200);
    expect((await w.post('/validate-unified', validateBody(shop, till))).status).toBe(401);
    expect((await w.post('/machines', { email: shop.email, token: shop.token })).status).toBe(401);
    expect((await w.post('/validate-unified', validateBody({ ...shop, token: newToken }, till))).status).toBe(200);
    expect((await w.post('/machines', { email: shop.email, token: newToken })).status).toBe(200);

    const audit = await env.DB.prepare('SELECT action, details FROM audit_log WHERE customer_id = ? ORDER BY id').bind(shop.id).all<{ action: string; details: string }>();
    expect(audit.results.map((a) => a.action)).toEqual(expect.arrayContaining(['recovery_requested', 'token_rotation_confirmed', 'token_rotated']));
    expect(JSON.stringify(audit.results)).not.toContain(newToken);
    expect(JSON.stringify(audit.results)).not.toContain(secret);
  });

  it('stores the link only hashed; the link works once and expires after an hour', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    await w.post('/recover', { email: shop.email });
    await w.post('/recover', { email: shop.email });
    const [first, second] = (await emailsTo(shop.email, 'recovery_confirm')).map((m) => linkIn(m.text).secret);
    const rows = await env.DB.prepare('SELECT id_hash FROM recovery_requests WHERE customer_id = ? ORDER BY created_at').bind(shop.id).all<{ id_hash: string }>();
    expect(rows.results.map((r) => r.id_hash).sort()).toEqual([await sha256Hex(first!), await sha256Hex(second!)].sort());

    expect((await confirm(w, first!)).status).toBe(200);
    expect((await confirm(w, first!)).status).toBe(400);
    expect(await emailsTo(shop.email, 'token_recovery')).toHaveLength(1);
    w.advance(60 * 60_000 + 1);
    const late = await confirm(w, second!);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
    expect((await confirm(w, 'A'.repeat(43))).status).toBe(400);
    expect(await emailsTo(shop.email, 'token_recovery')).toHaveLength(1);
  });

  it('the cron drops links a day after they expired', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    await w.post('/recover', { email: shop.email });
    const count = async () => (await env.DB.prepare('SELECT COUNT(*) AS n FROM recovery_requests WHERE customer_id = ?').bind(shop.id).first<{ n: number }>())?.n;
    w.advance(2 * 60 * 60_000);
    await w.scheduled();
    expect(await count()).toBe(1);
    w.advance(24 * 60 * 60_000);
    await w.scheduled();
    expect(await count()).toBe(0);
  });

  it('emails at most 3 links an hour per shop, answering 202 every time', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    for (let i = 0; i < 5; i++) expect((await w.post('/recover', { email: shop.email })).status).toBe(202);
    expect(await emailsTo(shop.email, 'recovery_confirm')).toHaveLength(3);
    w.advance(60 * 60_000 + 1);
    expect((await w.post('/recover', { email: shop.email })).status).toBe(202);
    expect(await emailsTo(shop.email, 'recovery_confirm')).toHaveLength(4);
  });

  it('limits /recover per address with the rate-limit binding: 429 with Retry-After 60', async () => {
    const w = workerWithClock();
    const ip = uniqueIp();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await w.post('/recover', { email: `${unique('rl')}@example.com` }, { ip });
      statuses.push(res.status);
      retryAfter ??= res.headers.get('Retry-After');
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(retryAfter).toBe('60');
  });
});

describe('/recover does not tell known from unknown emails', () => {
  /** Calls the worker with an execution context that only collects waitUntil promises. */
  async function recoverDeferred(email: string) {
    const deferred: Promise<unknown>[] = [];
    const state = { settledBeforeAnswer: false, answered: false };
    const waitUntil = (p: Promise<unknown>) => {
      deferred.push(p.finally(() => { if (!state.answered) state.settledBeforeAnswer = true; }));
    };
    const ctx = { waitUntil, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const req = new Request('http://worker.test/recover', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': uniqueIp() },
      body: JSON.stringify({ email }),
    });
    const res = await createWorker().fetch!(req as Request<unknown, IncomingRequestCfProperties>, env as Env, ctx);
    state.answered = true;
    return { res, deferred, state };
  }

  it('answers 202 with the same body and defers all email-dependent work', async () => {
    const shop = await seedCustomer();
    const stranger = `${unique('nobody')}@example.com`;
    const known = await recoverDeferred(shop.email);
    const unknown = await recoverDeferred(stranger);

    expect(known.res.status).toBe(202);
    expect(unknown.res.status).toBe(202);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: typeof b.requestId });
    expect(strip(await known.res.json())).toEqual(strip(await unknown.res.json()));
    // Both paths hand exactly one job to waitUntil, and answer before that job has finished.
    expect(known.deferred).toHaveLength(1);
    expect(unknown.deferred).toHaveLength(1);
    expect(known.state.settledBeforeAnswer).toBe(false);
    expect(unknown.state.settledBeforeAnswer).toBe(false);

    await Promise.all([...known.deferred, ...unknown.deferred]);
    expect(await emailsTo(shop.email, 'recovery_confirm')).toHaveLength(1);
    expect(await emailsTo(stranger)).toHaveLength(0);
  });
});
