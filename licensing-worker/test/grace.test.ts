// Issue 8 rule 3: the right to sell offline is earned only by holding the session. Only session
// answers (start, heartbeat, takeover) extend offlineGraceUntil and name the session; validate
// answers carry what the machine's last session call earned, and report its session state.
import { describe, expect, it } from 'vitest';
import { validateSuccessSchema, verifyLicenseFile, type LicensePayload, type ValidateSuccess } from '../src/protocol';
import { bearerBody, makeDevice, publishedKeys, seedCustomer, sessionBody, validateBody, workerWithClock } from './helpers';

const DAY = 86_400_000;
const GRACE = 10 * DAY;

async function call(w: ReturnType<typeof workerWithClock>, body: unknown): Promise<{ answer: ValidateSuccess; payload: LicensePayload }> {
  const res = await w.post('/validate-unified', body);
  expect(res.status).toBeLessThan(300);
  const answer = validateSuccessSchema.parse(await res.json());
  const verified = await verifyLicenseFile(answer.license, await publishedKeys());
  if (!verified.ok) throw new Error(`license does not verify: ${verified.code}`);
  return { answer, payload: verified.payload };
}

describe('session-bound offline grace', () => {
  it('a validate never earns grace: a machine that never held a session gets none (offlineGraceUntil = issuedAt) and sessionState none', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const device = await makeDevice('g-never');
    for (let i = 0; i < 3; i++) {
      const { answer, payload } = await call(w, validateBody(customer, device));
      expect(answer.sessionState).toBe('none');
      expect(payload.offlineGraceUntil).toBe(payload.issuedAt);
      expect(payload.sessionId).toBeUndefined();
      w.advance(DAY);
    }
  });

  it('session answers extend the grace to 10 days from that call and name the session; later validates carry that grace, never more', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const device = await makeDevice('g-carry');
    const started = await call(w, sessionBody('start', customer, device));
    const sessionId = started.answer.session!.id;
    expect(started.payload).toMatchObject({ sessionId, offlineGraceUntil: w.now + GRACE });

    w.advance(30_000);
    const beat = await call(w, bearerBody('heartbeat', sessionId));
    const lastCall = w.now;
    expect(beat.payload).toMatchObject({ sessionId, offlineGraceUntil: lastCall + GRACE });

    // While the session lives, a validate says so and carries the same grace.
    w.advance(10_000);
    const live = await call(w, validateBody(customer, device));
    expect(live.answer.sessionState).toBe('live');
    expect(live.payload.offlineGraceUntil).toBe(lastCall + GRACE);
    expect(live.payload.sessionId).toBeUndefined();

    // The session calls stop (dropped by a proxy, or the network): validates keep succeeding but
    // the grace stays where the last heartbeat put it, until it runs out.
    for (const days of [1, 4, 11]) {
      w.advance(days * DAY);
      const later = await call(w, validateBody(customer, device));
      expect(later.answer.sessionState).toBe('none');
      expect(later.payload.offlineGraceUntil).toBe(lastCall + GRACE);
    }
    expect(w.now).toBeGreaterThan(lastCall + GRACE); // a validate cannot revive it
  });

  it('every heartbeat carries a fresh signed license, so a live till always holds 9–10 days of grace', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const started = await call(w, sessionBody('start', customer, await makeDevice('g-fresh')));
    const sessionId = started.answer.session!.id;
    for (let i = 0; i < 5; i++) {
      w.advance(60_000);
      const beat = await call(w, bearerBody('heartbeat', sessionId));
      expect(beat.payload.issuedAt).toBe(w.now);
      expect(beat.payload.offlineGraceUntil - w.now).toBe(GRACE);
      expect(beat.payload.sessionId).toBe(sessionId);
    }
  });

  it('a machine whose session was taken over is told so by validate, and its license carries no grace; the taker is live', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const first = await makeDevice('g-first');
    const second = await makeDevice('g-second');
    await call(w, sessionBody('start', customer, first));
    w.advance(5_000);
    const took = await call(w, sessionBody('takeover', customer, second));
    expect(took.payload).toMatchObject({ sessionId: took.answer.session!.id, offlineGraceUntil: w.now + GRACE });

    w.advance(5_000);
    const loser = await call(w, validateBody(customer, first));
    expect(loser.answer.sessionState).toBe('taken_over');
    expect(loser.payload.offlineGraceUntil).toBe(loser.payload.issuedAt);
    const winner = await call(w, validateBody(customer, second));
    expect(winner.answer.sessionState).toBe('live');

    // Roles swapped: the first takes it back; now the second is the one taken over.
    await call(w, sessionBody('takeover', customer, first));
    w.advance(5_000);
    expect((await call(w, validateBody(customer, second))).answer.sessionState).toBe('taken_over');
    expect((await call(w, validateBody(customer, first))).answer.sessionState).toBe('live');
  });
});

describe('a validate cannot keep a second till selling', () => {
  it('a machine whose session ended (quit, timeout) while another machine took the free seat gets no grace from validate', async () => {
    const w = workerWithClock(Date.now());
    const customer = await seedCustomer();
    const first = await makeDevice('g-quit-a');
    const second = await makeDevice('g-quit-b');
    const started = await call(w, sessionBody('start', customer, first));
    expect((await w.post('/validate-unified', bearerBody('end', started.answer.session!.id))).status).toBe(200);
    w.advance(1_000);
    const other = await call(w, sessionBody('start', customer, second)); // the seat was free: no takeover
    w.advance(1_000);
    const stale = await call(w, validateBody(customer, first));
    expect(stale.answer.sessionState).toBe('none');
    expect(stale.payload.offlineGraceUntil).toBe(stale.payload.issuedAt);

    // Once the other session is over, the first machine carries its own last grace again.
    expect((await w.post('/validate-unified', bearerBody('end', other.answer.session!.id))).status).toBe(200);
    const freed = await call(w, validateBody(customer, first));
    expect(freed.payload.offlineGraceUntil).toBe(started.payload.offlineGraceUntil);
  });
});
