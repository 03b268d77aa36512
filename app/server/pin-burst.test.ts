/**
 * Issue 9 rule 1 (critical): 200 concurrent PIN guesses from one paired tablet. Real server,
 * real SQLite file, core's real scrypt check; the verifier is wrapped (not replaced) so the test
 * can count the checks that ran and hold the first one while the rest of the burst arrives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from '../core/pos/staff/pin-attempts';
import { staffLoginCommand } from '../core/pos/staff/commands';
import { verifyPin } from '../core/pos/staff/pin';
import type { PinVerifier } from '../core/pos/staff/staff';
import { startTestServer } from './test-server';
import type { TestServer } from './test-server';

const OWNER_PIN = '4826';
const BURST = 200;
let t: TestServer;
afterEach(async () => { await t.stop(); });

/** The real verifier, counted; with `holdUntilAnswered`, every check waits until all other requests of the burst have their answer. */
function observedVerifier() {
  const state = { checks: 0, held: 0, answered: 0, countedBeforeCheck: true, gate: null as null | { total: number; open: () => void; opened: Promise<void> } };
  const maybeOpen = () => { if (state.gate && state.held + state.answered >= state.gate.total) state.gate.open(); };
  const verify: PinVerifier = async (pin, stored) => {
    state.checks += 1;
    // The attempt is already in the database, in flight, before the hash is computed.
    const inFlight = t.db.prepare('SELECT COUNT(*) AS n FROM pin_attempts WHERE outcome IS NULL').get() as { n: number };
    if (inFlight.n < 1) state.countedBeforeCheck = false;
    if (state.gate) {
      state.held += 1;
      maybeOpen();
      await state.gate.opened;
      state.held -= 1;
    }
    return verifyPin(pin, stored);
  };
  return {
    state, verify,
    holdUntilAnswered(total: number) {
      let open = () => {};
      const opened = new Promise<void>((resolve) => { open = resolve; });
      state.gate = { total, open, opened };
    },
    answered() { state.answered += 1; maybeOpen(); },
  };
}

async function setUp(observed: ReturnType<typeof observedVerifier>) {
  t = await startTestServer({ commands: { 'staff.login': staffLoginCommand(observed.verify) } });
  const owner = await t.addStaff('Olga', 'owner', OWNER_PIN);
  const tablet = await t.pairTablet(owner, OWNER_PIN);
  observed.state.checks = 0;
  return { owner, tablet };
}

function guesses(n: number, rightAt: number | null): string[] {
  const pins: string[] = [];
  for (let i = 0; pins.length < n; i++) if (String(1000 + i) !== OWNER_PIN) pins.push(String(1000 + i));
  if (rightAt !== null) pins[rightAt] = OWNER_PIN;
  return pins;
}

const checksInDb = (staffId: string) =>
  (t.db.prepare("SELECT COUNT(*) AS n FROM pin_attempts WHERE staff_id = ? AND outcome IN ('ok', 'wrong')").get(staffId) as { n: number }).n;
const failures = (staffId: string) => (t.db.prepare('SELECT failed_attempts AS n FROM staff WHERE id = ?').get(staffId) as { n: number }).n;

for (const route of ['/api/auth/pin', '/api/call/staff.login'] as const) {
  describe(`PIN burst through ${route}`, () => {
    async function burst(observed: ReturnType<typeof observedVerifier>, staffId: string, tablet: Record<string, string>) {
      observed.state.checks = 0;
      observed.holdUntilAnswered(BURST);
      return Promise.all(guesses(BURST, BURST / 2).map(async (pin) => {
        const a = await t.post(route, { staffId, pin }, tablet);
        observed.answered();
        return a;
      }));
    }

    it(`${BURST} concurrent guesses from one tablet: one check in flight, the rest refused PIN_CHECK_BUSY (retryable), the right PIN among them included`, async () => {
      const observed = observedVerifier();
      const { owner, tablet } = await setUp(observed);
      const answers = await burst(observed, owner, tablet);
      expect(observed.state.checks).toBe(1);
      expect(observed.state.countedBeforeCheck).toBe(true);
      expect(answers.filter((a) => a.body.ok)).toEqual([]);
      const busy = answers.filter((a) => a.body.error?.code === 'PIN_CHECK_BUSY');
      expect(busy).toHaveLength(BURST - 1);
      expect(busy[0]!.status).toBe(429);
      expect(busy[0]!.body.error?.details?.retryAfterSeconds).toBe(1);
      expect(answers[BURST / 2]!.body.error?.code).toBe('PIN_CHECK_BUSY');
      expect(answers.filter((a) => a.body.error?.code === 'PIN_INVALID')).toHaveLength(1);
    });

    it(`${BURST} concurrent guesses once one more wrong PIN trips the lockout: the right PIN inside the burst gets no session, and the count is kept`, async () => {
      const observed = observedVerifier();
      const { owner, tablet } = await setUp(observed);
      // Earlier typos on the main computer: one more wrong PIN trips the lockout.
      for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) {
        expect((await t.post(route, { staffId: owner, pin: '0000' }, t.local())).body.error?.code).toBe('PIN_INVALID');
      }
      const answers = await burst(observed, owner, tablet);
      expect(observed.state.checks).toBe(1);
      expect(answers.filter((a) => a.body.ok)).toEqual([]);
      expect(['PIN_CHECK_BUSY', 'STAFF_LOCKED']).toContain(answers[BURST / 2]!.body.error?.code);
      expect(answers.filter((a) => a.body.error?.code === 'PIN_INVALID')).toEqual([]);
      for (const a of answers) expect(['PIN_CHECK_BUSY', 'STAFF_LOCKED']).toContain(a.body.error?.code);

      // The lockout tripped and kept its count; the right PIN now is refused too, unchecked.
      expect(failures(owner)).toBe(MAX_FAILED_ATTEMPTS);
      const late = await t.post(route, { staffId: owner, pin: OWNER_PIN }, tablet);
      expect(late.status).toBe(423);
      expect(late.body.error?.code).toBe('STAFF_LOCKED');
      expect(observed.state.checks).toBe(1);
      expect(checksInDb(owner)).toBe(MAX_FAILED_ATTEMPTS + 1 /* the owner's sign-in for pairing */);
    });

    it(`${BURST} concurrent wrong guesses, unhindered: at most the allowed number of checks run`, async () => {
      const observed = observedVerifier();
      const { owner, tablet } = await setUp(observed);
      const before = checksInDb(owner);
      const answers = await Promise.all(guesses(BURST, null).map((pin) => t.post(route, { staffId: owner, pin }, tablet)));
      expect(answers.filter((a) => a.body.ok)).toEqual([]);
      expect(observed.state.checks).toBeGreaterThanOrEqual(1);
      expect(observed.state.checks).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
      expect(checksInDb(owner) - before).toBe(observed.state.checks);
      expect(observed.state.countedBeforeCheck).toBe(true);
      const codes = new Set(answers.map((a) => a.body.error?.code));
      for (const c of codes) expect(['PIN_INVALID', 'PIN_CHECK_BUSY', 'STAFF_LOCKED', 'RATE_LIMITED']).toContain(c);
    });
  });
}

describe('staff.login through the API is the same door as /api/auth/pin', () => {
  it('returns a session like sign-in, counts against the same limits, and the device is not the client\'s to choose', async () => {
    const observed = observedVerifier();
    const { owner, tablet } = await setUp(observed);
    const ok = await t.post('/api/call/staff.login', { staffId: owner, pin: OWNER_PIN }, tablet);
    expect(ok.body).toMatchObject({ ok: true, result: { token: expect.any(String), staff: { id: owner, role: 'owner' } } });
    const spoof = await t.post('/api/call/staff.login', { staffId: owner, pin: '0000', deviceKey: 'another-device' }, tablet);
    expect(spoof.body.error?.code).toBe('VALIDATION_FAILED');
    // Wrong PINs through both routes add up on this device: the sixth is refused before any check.
    const other = await t.addStaff('Nikos', 'cashier', '7777');
    for (let i = 0; i < 5; i++) {
      const route = i % 2 === 0 ? '/api/auth/pin' : '/api/call/staff.login';
      expect((await t.post(route, { staffId: i < 3 ? owner : other, pin: '0000' }, tablet)).body.error?.code).toBe('PIN_INVALID');
    }
    const checks = observed.state.checks;
    const limited = await t.post('/api/call/staff.login', { staffId: other, pin: '7777' }, tablet);
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(limited.body.error?.details?.retryAfterSeconds)).toBeGreaterThan(0);
    expect(observed.state.checks).toBe(checks);
    // Another device is not slowed down by this one.
    expect((await t.post('/api/auth/pin', { staffId: other, pin: '7777' }, t.local())).body.ok).toBe(true);
    expect(LOCKOUT_MS).toBeGreaterThan(0);
  });
});
