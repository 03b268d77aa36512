import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { errorBodySchema, validateSuccessSchema, verifyLicenseFile } from '../src/protocol';
import { tellSessionsCustomerChanged } from '../src/sessions/route';
import { bearerBody, emailsTo, inSessionsObject, makeDevice, post, publishedKeys, seedCustomer, sessionBody, sessionsStub, workerWithClock } from './helpers';

async function start(customer: Awaited<ReturnType<typeof seedCustomer>>, seed: string, action: 'start' | 'takeover' = 'start') {
  const res = await post('/validate-unified', sessionBody(action, customer, await makeDevice(seed)));
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('device sessions', () => {
  it('starts a session (201) with an unguessable id, heartbeats it (200, signed license) and ends it', async () => {
    const customer = await seedCustomer();
    const { res, body } = await start(customer, 's1');
    expect(res.status).toBe(201);
    const started = validateSuccessSchema.parse(body);
    expect(started.session).toMatchObject({ heartbeatIntervalSeconds: 60, timeoutSeconds: 120 });
    const sessionId = started.session!.id;
    expect(sessionId.length).toBeGreaterThanOrEqual(43); // 256 random bits, base64url

    // Stored only as a hash.
    const stored = await env.DB.prepare('SELECT id_hash FROM sessions WHERE customer_id = ?').bind(customer.id).first<{ id_hash: string }>();
    expect(stored?.id_hash).not.toBe(sessionId);

    const beat = await post('/validate-unified', bearerBody('heartbeat', sessionId));
    expect(beat.status).toBe(200);
    const beatBody = validateSuccessSchema.parse(await beat.json());
    expect(beatBody.session?.id).toBe(sessionId);
    expect((await verifyLicenseFile(beatBody.license, await publishedKeys())).ok).toBe(true);

    const end = await post('/validate-unified', bearerBody('end', sessionId));
    expect(end.status).toBe(200);
    expect(await end.json()).toMatchObject({ success: true, session: { id: sessionId, ended: true } });

    const after = await post('/validate-unified', bearerBody('heartbeat', sessionId));
    expect(after.status).toBe(410);
    expect(errorBodySchema.parse(await after.json()).error).toMatchObject({ code: 'SESSION_ENDED', reason: 'ended' });
  });

  it('answers a second machine with 409 SESSION_CONFLICT naming the holder', async () => {
    const customer = await seedCustomer();
    expect((await start(customer, 'c1')).res.status).toBe(201);
    const { res, body } = await start(customer, 'c2');
    expect(res.status).toBe(409);
    const err = errorBodySchema.parse(body).error;
    expect(err.code).toBe('SESSION_CONFLICT');
    expect(err.holder).toMatchObject({ machineName: 'Till c1', platform: 'win32' });
  });

  it('lets the same machine restart its session (an app restart) without a conflict', async () => {
    const customer = await seedCustomer();
    const first = validateSuccessSchema.parse((await start(customer, 'r1')).body);
    const { res } = await start(customer, 'r1');
    expect(res.status).toBe(201);
    const old = await post('/validate-unified', bearerBody('heartbeat', first.session!.id));
    expect(old.status).toBe(410);
  });

  it('gives exactly one 201 when two machines race for the last seat', async () => {
    for (let round = 0; round < 5; round++) {
      const customer = await seedCustomer();
      const [a, b] = await Promise.all([makeDevice(`race${round}a`), makeDevice(`race${round}b`)]);
      // Register both machines first so the race is about the session only.
      await post('/validate-unified', { operation: 'validate', credentials: { email: customer.email, token: customer.token }, device: a });
      await post('/validate-unified', { operation: 'validate', credentials: { email: customer.email, token: customer.token }, device: b });
      const statuses = await Promise.all([a, b].map(async (d) => (await post('/validate-unified', sessionBody('start', customer, d))).status));
      expect(statuses.sort()).toEqual([201, 409]);
      const live = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE customer_id = ? AND ended_at IS NULL').bind(customer.id).first<{ n: number }>();
      expect(live?.n).toBe(1);
    }
  });

  it('takeover ends the old session: its next heartbeat gets 410 SESSION_ENDED taken_over, and the customer is emailed', async () => {
    const customer = await seedCustomer();
    const old = validateSuccessSchema.parse((await start(customer, 't1')).body);
    const { res, body } = await start(customer, 't2', 'takeover');
    expect(res.status).toBe(201);
    const fresh = validateSuccessSchema.parse(body);
    const oldBeat = await post('/validate-unified', bearerBody('heartbeat', old.session!.id));
    expect(oldBeat.status).toBe(410);
    expect(errorBodySchema.parse(await oldBeat.json()).error).toMatchObject({ code: 'SESSION_ENDED', reason: 'taken_over' });
    expect((await post('/validate-unified', bearerBody('heartbeat', fresh.session!.id))).status).toBe(200);
    const notices = await emailsTo(customer.email, 'session_taken_over');
    expect(notices).toHaveLength(1);
    const audit = await env.DB.prepare(`SELECT action FROM audit_log WHERE customer_id = ? AND action = 'session_taken_over'`).bind(customer.id).all();
    expect(audit.results).toHaveLength(1);
  });

  it('with max_concurrent 2, a takeover while a seat is free displaces nobody; with none free it ends the oldest', async () => {
    const customer = await seedCustomer({ maxConcurrent: 2 });
    const a = validateSuccessSchema.parse((await start(customer, 'mc1')).body);
    const b = validateSuccessSchema.parse((await start(customer, 'mc2', 'takeover')).body);
    expect((await post('/validate-unified', bearerBody('heartbeat', a.session!.id))).status).toBe(200);
    expect((await start(customer, 'mc3')).res.status).toBe(409);
    expect((await start(customer, 'mc3', 'takeover')).res.status).toBe(201);
    const oldest = await post('/validate-unified', bearerBody('heartbeat', a.session!.id));
    expect(errorBodySchema.parse(await oldest.json()).error.reason).toBe('taken_over');
    expect((await post('/validate-unified', bearerBody('heartbeat', b.session!.id))).status).toBe(200);
  });

  it('answers an unknown session with 404 SESSION_NOT_FOUND', async () => {
    const res = await post('/validate-unified', bearerBody('heartbeat', 'x'.repeat(43)));
    expect(res.status).toBe(404);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('SESSION_NOT_FOUND');
  });

  it('times a session out after 120 s without heartbeat (410 timed_out), freeing the seat', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const first = validateSuccessSchema.parse(await (await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('to1')))).json());
    w.advance(119_000);
    expect((await w.post('/validate-unified', bearerBody('heartbeat', first.session!.id))).status).toBe(200);
    // A second machine is refused while the first is live, accepted once it has gone silent.
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('to2')))).status).toBe(409);
    w.advance(121_000);
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('to2')))).status).toBe(201);
    const late = await w.post('/validate-unified', bearerBody('heartbeat', first.session!.id));
    expect(late.status).toBe(410);
    expect(errorBodySchema.parse(await late.json()).error.reason).toBe('timed_out');
  });

  it('the object\'s alarm (not the cron) ends sessions without a heartbeat for 120 s, with their D1 record', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('cron1')));
    w.advance(121_000);
    await w.scheduled();
    expect(await env.DB.prepare('SELECT ended_at FROM sessions WHERE customer_id = ?').bind(customer.id).first()).toEqual({ ended_at: null });
    await inSessionsObject(customer.id, (o) => {
      o.clock = () => w.now;
    });
    expect(await runDurableObjectAlarm(sessionsStub(customer.id))).toBe(true);
    const row = await env.DB.prepare('SELECT ended_at, end_reason FROM sessions WHERE customer_id = ?').bind(customer.id).first<{ ended_at: number; end_reason: string }>();
    expect(row).toMatchObject({ ended_at: w.now, end_reason: 'timed_out' });
  });

  it('locks a heartbeat at once when billing suspended the subscription meanwhile (403 with a suspended license)', async () => {
    const customer = await seedCustomer();
    const s = validateSuccessSchema.parse((await start(customer, 'sus1')).body);
    await env.DB.prepare(`UPDATE customers SET subscription_status = 'suspended' WHERE id = ?`).bind(customer.id).run();
    await tellSessionsCustomerChanged(env, customer.id); // what the billing handlers do after such a change
    const res = await post('/validate-unified', bearerBody('heartbeat', s.session!.id));
    expect(res.status).toBe(403);
    expect(errorBodySchema.parse(await res.json()).error.subscriptionStatus).toBe('suspended');
  });

  it('serves the legacy /session/* aliases', async () => {
    const customer = await seedCustomer();
    const device = await makeDevice('leg1');
    const started = await post('/session/start', { credentials: { email: customer.email, token: customer.token }, device });
    expect(started.status).toBe(201);
    const id = validateSuccessSchema.parse(await started.json()).session!.id;
    expect((await post('/session/heartbeat', { credentials: { sessionId: id } })).status).toBe(200);
    const other = await makeDevice('leg2');
    expect((await post('/session/takeover', { credentials: { email: customer.email, token: customer.token }, device: other })).status).toBe(201);
    expect((await post('/session/end', { credentials: { sessionId: id } })).status).toBe(410);
  });
});
