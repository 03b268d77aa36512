// Issue 12 item 2: live sessions on one Durable Object per customer, in workerd with the real
// local D1. The object is the arbiter of the seat rule; D1 keeps the record.
import { env, evictDurableObject, listDurableObjectIds, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { d1Stats } from '../src/dev/d1-stats';
import { licenseHash, validateSuccessSchema } from '../src/protocol';
import { FLUSH_INTERVAL_MS } from '../src/sessions/seats';
import { deliverWebhook, invoiceEvent, subscribedCustomer } from './billing-helpers';
import { bearerBody, inSessionsObject, makeDevice, seedCustomer, sessionBody, sessionsStub, validateBody, workerWithClock, type SeededCustomer } from './helpers';

const FLEET_BATCHES = 50; // × 20 sessions
type Worker = ReturnType<typeof workerWithClock>;

async function startSession(w: Worker, customer: SeededCustomer, seed: string) {
  const res = await w.post('/validate-unified', sessionBody('start', customer, await makeDevice(seed)));
  expect(res.status).toBe(201);
  return validateSuccessSchema.parse(await res.json());
}

const d1Row = (customerId: string) =>
  env.DB.prepare('SELECT ended_at, end_reason, last_heartbeat_at FROM sessions WHERE customer_id = ? ORDER BY started_at DESC')
    .bind(customerId)
    .first<{ ended_at: number | null; end_reason: string | null; last_heartbeat_at: number }>();

/** Runs the object's alarm as if it fired at `at` (the object's clock is injected). */
async function alarmAt(customerId: string, at: number): Promise<boolean> {
  await inSessionsObject(customerId, (o) => {
    o.clock = () => at;
  });
  return runDurableObjectAlarm(sessionsStub(customerId));
}

describe('the seat race, inside the object', () => {
  it('50 concurrent starts from 50 machines for a one-seat customer: exactly one session', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const devices = await Promise.all(Array.from({ length: 50 }, (_, i) => makeDevice(`burst-${customer.id}-${i}`)));
    // Registered first (3 machines allowed by default would refuse the rest): the race is about the seat.
    await env.DB.prepare('UPDATE customers SET max_machines = 100 WHERE id = ?').bind(customer.id).run();
    for (const d of devices) expect((await w.post('/validate-unified', validateBody(customer, d))).status).toBe(200);
    const statuses = await Promise.all(devices.map(async (d) => (await w.post('/validate-unified', sessionBody('start', customer, d))).status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const open = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE customer_id = ? AND ended_at IS NULL').bind(customer.id).first<{ n: number }>();
    expect(open?.n).toBe(1);
    expect(await inSessionsObject(customer.id, (o) => o.view('nobody', w.now).othersLive)).toBe(1);
  });

  it('the session id routes to the customer\'s object and is stored only as a hash', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const { session } = await startSession(w, customer, 'route1');
    const route = env.SESSIONS.idFromName(customer.id).toString();
    expect(session!.id.startsWith(route)).toBe(true);
    expect(session!.id.length - route.length).toBeGreaterThanOrEqual(43); // ≥ 256 random bits after the route
    const ids = (await listDurableObjectIds(env.SESSIONS)).map((id) => id.toString());
    expect(ids).toContain(route);
    const stored = await env.DB.prepare('SELECT id_hash FROM sessions WHERE customer_id = ?').bind(customer.id).first<{ id_hash: string }>();
    expect(stored!.id_hash).not.toContain(session!.id.slice(route.length));
    // Another customer's route with this session's secret is no session at all.
    const other = await seedCustomer();
    const forged = env.SESSIONS.idFromName(other.id).toString() + session!.id.slice(route.length);
    expect((await w.post('/validate-unified', bearerBody('heartbeat', forged))).status).toBe(404);
  });
});

describe('D1 in the steady state', () => {
  it('a burst of heartbeats from 1,000 live sessions performs no D1 statement at all', { timeout: 300_000 }, async () => {
    const w = workerWithClock();
    const tills: Array<{ sessionId: string; held: string }> = [];
    // 50 shops of 20 tills each (every till its own seat): 50 objects, 1,000 live sessions.
    for (let batch = 0; batch < FLEET_BATCHES; batch++) {
      const customer = await seedCustomer({ maxConcurrent: 20, maxMachines: 20 });
      const started = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const s = await startSession(w, customer, `fleet-${customer.id}-${i}`);
          return { sessionId: s.session!.id, held: await licenseHash(s.license!) };
        }),
      );
      tills.push(...started);
    }
    w.advance(60_000);
    // Warm-up at the same clock: the console's request counters flush at most every 3 minutes.
    expect((await w.post('/validate-unified', { ...bearerBody('heartbeat', tills[0]!.sessionId), heldLicense: tills[0]!.held })).status).toBe(200);
    const before = d1Stats();
    for (let batch = 0; batch < FLEET_BATCHES; batch++) {
      const statuses = await Promise.all(
        tills.slice(batch * 20, batch * 20 + 20).map(async (t) => (await w.post('/validate-unified', { ...bearerBody('heartbeat', t.sessionId), heldLicense: t.held })).status),
      );
      expect(statuses).toEqual(Array(20).fill(200));
    }
    expect(d1Stats()).toEqual(before);
  });

  it('D1\'s last-seen and the object\'s storage are written by the alarm, at most once per flush interval, never by a heartbeat', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const started = await startSession(w, customer, 'seen1');
    const startedAt = w.now;
    for (let i = 0; i < 4; i++) {
      w.advance(60_000);
      expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200);
    }
    expect((await d1Row(customer.id))!.last_heartbeat_at).toBe(startedAt);
    // Nor did they write the object's storage: its snapshot is still the one the start wrote.
    expect(await inSessionsObject(customer.id, async (_o, state) => (await state.storage.get<{ persistedAt: number }>('state'))?.persistedAt)).toBe(startedAt);
    expect(await alarmAt(customer.id, startedAt + FLUSH_INTERVAL_MS)).toBe(true);
    expect(await d1Row(customer.id)).toMatchObject({ ended_at: null, last_heartbeat_at: w.now });
  });
});

describe('timeout by alarm', () => {
  it('the alarm ends a silent session with its D1 record (ended_at, timed_out, audited) and frees the seat', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const started = await startSession(w, customer, 'alarm1');
    w.advance(60_000);
    expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200);
    const lastCall = w.now;
    w.advance(FLUSH_INTERVAL_MS);
    expect(await alarmAt(customer.id, w.now)).toBe(true);
    expect(await d1Row(customer.id)).toEqual({ ended_at: w.now, end_reason: 'timed_out', last_heartbeat_at: lastCall });
    const audit = await env.DB.prepare(`SELECT count(*) AS n FROM audit_log WHERE customer_id = ? AND action = 'session_timed_out'`).bind(customer.id).first<{ n: number }>();
    expect(audit?.n).toBe(1);
    const late = await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id));
    expect(late.status).toBe(410);
    expect(((await late.json()) as { error: { reason: string } }).error.reason).toBe('timed_out');
    // Nothing left to watch: no further alarm.
    expect(await inSessionsObject(customer.id, (_o, state) => state.storage.getAlarm())).toBeNull();
  });
});

describe('an evicted object recovers its seats from its storage', () => {
  it('a live till keeps its session across an eviction, and the seat stays taken', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const started = await startSession(w, customer, 'evict1');
    w.advance(100_000);
    expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200); // in memory only
    await evictDurableObject(sessionsStub(customer.id));
    w.advance(100_000); // 200 s after the last stored call
    expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200);
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('evict2')))).status).toBe(409);
  });
});

describe('an evicted object does not hold a quit till\'s seat for long', () => {
  it('a seat presumed live after a reload is free again at most a flush interval plus a timeout after the snapshot', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    await startSession(w, customer, 'quit1'); // then the till quits without ending
    await evictDurableObject(sessionsStub(customer.id));
    w.advance(200_000);
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('quit2')))).status).toBe(409);
    w.advance(FLUSH_INTERVAL_MS);
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('quit2')))).status).toBe(201);
  });
});

describe('customer changes reach heartbeats (the object caches the customer)', () => {
  it('a billing webhook (payment failed) locks the next heartbeat at once', async () => {
    const w = workerWithClock();
    const sub = await subscribedCustomer('do-suspend', Math.floor(Date.now() / 1000) - 3600);
    const customer = (await env.DB.prepare('SELECT id FROM customers WHERE email = ?').bind(sub.email).first<{ id: string }>())!;
    const started = await startSession(w, { id: customer.id, email: sub.email, token: sub.token }, 'wh1');
    expect((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status).toBe(200);
    const failed = invoiceEvent('invoice.payment_failed', sub.ids, { createdS: Math.floor(Date.now() / 1000) - 100 });
    expect((await deliverWebhook(failed)).status).toBe(200);
    const res = await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { subscriptionStatus: string } }).error.subscriptionStatus).toBe('suspended');
  });

  it('a change nobody announced (written straight to D1) reaches heartbeats within 5 minutes', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const started = await startSession(w, customer, 'bound1');
    await env.DB.prepare(`UPDATE customers SET subscription_status = 'cancelled' WHERE id = ?`).bind(customer.id).run();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      w.advance(60_000);
      statuses.push((await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id))).status);
    }
    // The object's copy is re-read once it is 5 minutes old: the fifth heartbeat is locked.
    expect(statuses).toEqual([200, 200, 200, 200, 403]);
  });
});

describe('ending sessions through the object', () => {
  it('a deactivated machine\'s live session ends: its next heartbeat is 410 and the seat is free', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const started = await startSession(w, customer, 'deact1');
    const res = await w.post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: started.machine.id });
    expect(res.status).toBe(200);
    const beat = await w.post('/validate-unified', bearerBody('heartbeat', started.session!.id));
    expect(beat.status).toBe(410);
    expect((await w.post('/validate-unified', sessionBody('start', customer, await makeDevice('deact2')))).status).toBe(201);
  });
});
