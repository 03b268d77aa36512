// Issue 12, item 1: no signature without need. A heartbeat (or validate) presenting the hash of
// the license it holds gets `licenseUnchanged` and nothing is signed, unless the license must
// change (status, period, session, carried grace) or the held one was issued over a day ago.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signatureCount } from '../src/license/signing';
import { tellSessionsCustomerChanged } from '../src/sessions/route';
import { licenseHash, validateSuccessSchema, verifyLicenseFile } from '../src/protocol';
import { bearerBody, makeDevice, publishedKeys, seedCustomer, sessionBody, validateBody, workerWithClock } from './helpers';

type Worker = ReturnType<typeof workerWithClock>;
const answer = async (res: Response) => {
  expect(res.status).toBeLessThan(300);
  return validateSuccessSchema.parse(await res.json());
};
const beat = async (w: Worker, sessionId: string, heldLicense?: string) =>
  answer(await w.post('/validate-unified', { ...bearerBody('heartbeat', sessionId), ...(heldLicense ? { heldLicense } : {}) }));

async function liveTill(w: Worker, seed: string) {
  const customer = await seedCustomer();
  const device = await makeDevice(seed);
  const started = await answer(await w.post('/validate-unified', sessionBody('start', customer, device)));
  // A new machine's start says "revalidate soon"; its first heartbeat's license is the steady one.
  const first = await beat(w, started.session!.id, await licenseHash(started.license!));
  return { customer, device, sessionId: started.session!.id, license: first.license! };
}

describe('no signature without need', () => {
  it('a steady-state heartbeat presenting its held license answers unchanged and signs nothing', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'steady1');
    w.advance(60_000);
    const first = await beat(w, till.sessionId, await licenseHash(till.license));
    // The held license still stands: nothing new.
    expect(first.licenseUnchanged).toBe(true);
    expect(first.license).toBeUndefined();
    expect(first.sessionState).toBe('live');
    const before = signatureCount();
    for (let i = 0; i < 5; i++) {
      w.advance(60_000);
      const b = await beat(w, till.sessionId, await licenseHash(till.license));
      expect(b).toMatchObject({ licenseUnchanged: true, session: { id: till.sessionId } });
    }
    expect(signatureCount()).toBe(before);
  });

  it('a heartbeat without a held license (an older agent) still gets a signed one', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'steady2');
    const before = signatureCount();
    const b = await beat(w, till.sessionId);
    expect((await verifyLicenseFile(b.license, await publishedKeys())).ok).toBe(true);
    expect(signatureCount()).toBe(before + 1);
  });

  it('an unknown hash is answered with a signed license', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'steady3');
    const b = await beat(w, till.sessionId, 'a'.repeat(64));
    expect(b.license).toBeDefined();
    expect(b.licenseUnchanged).toBeUndefined();
  });

  it('re-signs once the held license is a day old, so a live till keeps 9–10 days of grace', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'day1');
    // A validate's license carries the grace the last session call earned: the same all day.
    const v1 = await answer(await w.post('/validate-unified', validateBody(till.customer, till.device)));
    const hash = await licenseHash(v1.license!);
    const issuedAt = w.now;
    w.advance(24 * 3_600_000 - 1_000);
    const before = signatureCount();
    expect((await answer(await w.post('/validate-unified', { ...validateBody(till.customer, till.device), heldLicense: hash }))).licenseUnchanged).toBe(true);
    expect(signatureCount()).toBe(before);
    w.advance(issuedAt + 24 * 3_600_000 - w.now);
    const renewed = await answer(await w.post('/validate-unified', { ...validateBody(till.customer, till.device), heldLicense: hash }));
    expect(renewed.license).toBeDefined();
    expect(signatureCount()).toBe(before + 1);
    // A heartbeat's license a day old is re-signed the same way (its grace: 10 days from now).
    const t2 = await liveTill(w, 'day2');
    w.advance(60_000);
    expect((await beat(w, t2.sessionId, await licenseHash(t2.license))).licenseUnchanged).toBe(true);
  });

  it('re-signs when the subscription changed (period, status) and when the session is another', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'change1');
    await env.DB.prepare('UPDATE customers SET current_period_end = current_period_end + 86400000 WHERE id = ?').bind(till.customer.id).run();
    await tellSessionsCustomerChanged(env, till.customer.id); // as billing does after a change
    w.advance(60_000);
    const renewed = await beat(w, till.sessionId, await licenseHash(till.license));
    expect(renewed.license).toBeDefined();
    // A restart's new session: the old session's license does not stand for it.
    const restarted = await answer(await w.post('/validate-unified', sessionBody('start', till.customer, till.device)));
    const other = await beat(w, restarted.session!.id, await licenseHash(renewed.license!));
    expect(other.license).toBeDefined();
    // A suspension is always signed (403 with the suspended license).
    await env.DB.prepare(`UPDATE customers SET subscription_status = 'suspended' WHERE id = ?`).bind(till.customer.id).run();
    await tellSessionsCustomerChanged(env, till.customer.id);
    const suspended = await w.post('/validate-unified', { ...bearerBody('heartbeat', restarted.session!.id), heldLicense: await licenseHash(other.license!) });
    expect(suspended.status).toBe(403);
    expect(((await suspended.json()) as { error: { license?: string } }).error.license).toBeDefined();
  });

  it('validate: unchanged for the held license, re-signed once the carried grace changed (a takeover)', async () => {
    const w = workerWithClock();
    const till = await liveTill(w, 'val1');
    const v1 = await answer(await w.post('/validate-unified', validateBody(till.customer, till.device)));
    w.advance(60_000);
    const before = signatureCount();
    const v2 = await answer(await w.post('/validate-unified', { ...validateBody(till.customer, till.device), heldLicense: await licenseHash(v1.license!) }));
    expect(v2).toMatchObject({ licenseUnchanged: true, sessionState: 'live' });
    expect(signatureCount()).toBe(before);
    await answer(await w.post('/validate-unified', sessionBody('takeover', till.customer, await makeDevice('val2'))));
    const v3 = await answer(await w.post('/validate-unified', { ...validateBody(till.customer, till.device), heldLicense: await licenseHash(v1.license!) }));
    expect(v3.sessionState).toBe('taken_over');
    const check = await verifyLicenseFile(v3.license, await publishedKeys());
    expect(check.ok && check.payload.offlineGraceUntil).toBe(w.now);
  });
});
