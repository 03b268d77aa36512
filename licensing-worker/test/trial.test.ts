// Issue 13 §1: a free trial per computer, ever. Real D1 in workerd; the worker's clock injected.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAL_SECONDS } from '../src/trial/terms';
import { bearerBody, emailsTo, makeDevice, seedCustomer, unique, validateBody, workerWithClock, type ErrorJson } from './helpers';
import { DAY, claimPair, payloadOf, startedTrial, trialBody, trialEmail, trialRow } from './trial-helpers';

const credentialsOf = (email: string, token: string) => ({ email, token, id: '' });

describe('POST /trial/start', () => {
  it('creates a trial customer for this machine and answers the unlock token and a signed trial license', async () => {
    const w = workerWithClock();
    const email = trialEmail('trial-start');
    const device = await makeDevice(unique('t1'));
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, device)));
    const end = w.now + DEFAULT_TRIAL_SECONDS * 1000;
    expect(trial.trial.endsAt).toBe(end);
    expect(trial.token).toMatch(/^POS(-[0-9A-Z]{5}){4}$/);
    expect(trial.subscription).toMatchObject({ status: 'trial', currentPeriodEnd: end });
    const payload = await payloadOf(trial.license);
    expect(payload).toMatchObject({ status: 'trial', currentPeriodEnd: end, machineFingerprint: device.machineFingerprint, maxMachines: 1 });
    expect(await trialRow(email)).toMatchObject({ subscription_status: 'trial', current_period_end: end });
    // The token is machine-bound and works like a subscription's for this computer.
    const validated = await w.post('/validate-unified', validateBody(credentialsOf(email, trial.token), device));
    expect(validated.status).toBe(200);
    const welcome = await emailsTo(email, 'trial_welcome');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text).toContain(trial.token);
  });

  it('writes the welcome email in the language the app asked for', async () => {
    const w = workerWithClock();
    const email = trialEmail('trial-el');
    await startedTrial(await w.post('/trial/start', await trialBody(email, await makeDevice(unique('tel')), undefined, 'el')));
    expect((await emailsTo(email, 'trial_welcome'))[0]!.subject).toBe('Η δωρεάν δοκιμή του POSPal ξεκίνησε');
  });

  it('refuses an invalid body with the field paths', async () => {
    const w = workerWithClock();
    const res = await w.post('/trial/start', { email: 'not-an-email', device: { machineFingerprint: 'x' } });
    expect(res.status).toBe(400);
    const body = await res.json<ErrorJson>();
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect((body.error.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(expect.arrayContaining(['email', 'device.machineFingerprint', 'claimHash']));
  });
});

describe('one trial per computer, ever', () => {
  async function firstTrial(seed: string) {
    const w = workerWithClock();
    const device = await makeDevice(seed);
    const email = trialEmail('first');
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, device)));
    return { w, device, email, trial };
  }

  const expectTrialUsed = async (res: Response) => {
    expect(res.status).toBe(409);
    const body = await res.json<ErrorJson>();
    expect(body.error.code).toBe('TRIAL_USED');
    expect(body.error.message).toMatch(/Subscribe/);
  };

  it('refuses a second trial on the same machine with a different email', async () => {
    const { w, device } = await firstTrial(unique('same'));
    await expectTrialUsed(await w.post('/trial/start', await trialBody(trialEmail('second'), device)));
  });

  it('refuses a second trial after the app data was deleted (a fresh claim secret, same email)', async () => {
    const { w, device, email } = await firstTrial(unique('wiped'));
    const fresh = await claimPair();
    await expectTrialUsed(await w.post('/trial/start', await trialBody(email, device, fresh.hash)));
  });

  it('refuses a second trial when one network card changed (component majority)', async () => {
    const seed = unique('nic');
    const { w } = await firstTrial(seed);
    const changedNic = await makeDevice(seed, ['nic0']);
    await expectTrialUsed(await w.post('/trial/start', await trialBody(trialEmail('nic'), changedNic)));
  });

  it('gives a different computer its own trial (a minority of equal parts is not the same machine)', async () => {
    const seed = unique('other');
    const { w } = await firstTrial(seed);
    const mostlyNew = await makeDevice(seed, ['machineId', 'smbiosUuid', 'disk']);
    expect((await w.post('/trial/start', await trialBody(trialEmail('other'), mostlyNew))).status).toBe(201);
  });

  it('refuses a trial for an email that already has an account', async () => {
    const w = workerWithClock();
    const paid = await seedCustomer();
    await expectTrialUsed(await w.post('/trial/start', await trialBody(paid.email, await makeDevice(unique('paid-email')))));
  });

  it('never locks a paid subscription: a machine that had a trial activates a paid customer normally', async () => {
    const { w, device } = await firstTrial(unique('reinstall'));
    const paid = await seedCustomer();
    const res = await w.post('/validate-unified', validateBody(paid, device));
    expect(res.status).toBe(200);
    expect((await res.json<{ validation: { status: string } }>()).validation.status).toBe('active');
  });
});

describe('the trial length and the trial end', () => {
  it('comes from configuration (TRIAL_SECONDS) and GET /trial/terms says it', async () => {
    const w = workerWithClock(Date.now(), { TRIAL_SECONDS: '120' });
    const terms = await (await w.get('/trial/terms')).json<{ trial: { available: boolean; seconds: number; days: number } }>();
    expect(terms.trial).toEqual({ available: true, seconds: 120, days: 1 });
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(trialEmail('short'), await makeDevice(unique('short')))));
    expect(trial.trial.endsAt).toBe(w.now + 120_000);
    const defaults = await (await workerWithClock().get('/trial/terms')).json<{ trial: { seconds: number; days: number } }>();
    expect(defaults.trial).toMatchObject({ seconds: 14 * 86_400, days: 14 });
  });

  it('caps the offline grace a session earns at the trial end', async () => {
    const w = workerWithClock(Date.now(), { TRIAL_SECONDS: String(3 * 86_400) });
    const email = trialEmail('grace');
    const device = await makeDevice(unique('grace'));
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, device)));
    const started = await w.post('/validate-unified', { operation: 'session', action: 'start', credentials: { email, token: trial.token }, device });
    expect(started.status).toBe(201);
    const payload = await payloadOf((await started.json<{ license: string }>()).license);
    expect(payload.status).toBe('trial');
    expect(payload.offlineGraceUntil).toBe(trial.trial.endsAt);
    expect(payload.offlineGraceUntil).toBeLessThan(w.now + 10 * DAY);
  });

  it('after its end, validate and heartbeat answer it as expired (SUBSCRIPTION_INACTIVE with an expired license)', async () => {
    const w = workerWithClock(Date.now(), { TRIAL_SECONDS: '60' });
    const email = trialEmail('ended');
    const device = await makeDevice(unique('ended'));
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, device)));
    const started = await w.post('/validate-unified', { operation: 'session', action: 'start', credentials: { email, token: trial.token }, device });
    const sessionId = (await started.json<{ session: { id: string } }>()).session.id;
    w.advance(59_000);
    expect((await w.post('/validate-unified', bearerBody('heartbeat', sessionId))).status).toBe(200);
    w.advance(2_000);
    for (const body of [bearerBody('heartbeat', sessionId), validateBody(credentialsOf(email, trial.token), device)]) {
      const res = await w.post('/validate-unified', body);
      expect(res.status).toBe(403);
      const error = (await res.json<ErrorJson>()).error;
      expect(error).toMatchObject({ code: 'SUBSCRIPTION_INACTIVE', subscriptionStatus: 'expired' });
      expect((await payloadOf(error.license as string)).status).toBe('expired');
    }
    // A new session is refused too.
    const again = await w.post('/validate-unified', { operation: 'session', action: 'start', credentials: { email, token: trial.token }, device });
    expect(again.status).toBe(403);
  });

  it('is machine-bound: the trial token does not register a second computer', async () => {
    const w = workerWithClock();
    const email = trialEmail('bound');
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, await makeDevice(unique('bound-a')))));
    const res = await w.post('/validate-unified', validateBody(credentialsOf(email, trial.token), await makeDevice(unique('bound-b'))));
    expect(res.status).toBe(409);
    expect((await res.json<ErrorJson>()).error.code).toBe('MACHINE_LIMIT');
  });
});

describe('trial gates', () => {
  it('rate-limits trial starts per address', async () => {
    const w = workerWithClock(Date.now(), { RATE_LIMITS: 'trial:ip=2/60' });
    const ip = `10.200.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 2; i++) expect((await w.post('/trial/start', await trialBody(trialEmail('rl-ip'), await makeDevice(unique('rl-ip'))), { ip })).status).toBe(201);
    const third = await w.post('/trial/start', await trialBody(trialEmail('rl-ip'), await makeDevice(unique('rl-ip'))), { ip });
    expect(third.status).toBe(429);
    expect(third.headers.get('Retry-After')).toBeTruthy();
  });

  it('rate-limits trial starts per email', async () => {
    const w = workerWithClock(Date.now(), { RATE_LIMITS: 'trial:email=1/3600' });
    const email = trialEmail('rl-email');
    expect((await w.post('/trial/start', await trialBody(email, await makeDevice(unique('rl-email'))))).status).toBe(201);
    // The email is compared normalised: 429 before anything else is looked at.
    const second = await w.post('/trial/start', await trialBody(email.toUpperCase(), await makeDevice(unique('rl-email-2'))));
    expect(second.status).toBe(429);
  });

  it('is switched off by the operator\u2019s "trials" feature flag', async () => {
    const db = env.DB;
    await db.prepare(`INSERT INTO feature_flags (key, enabled, rollout_percent, description, updated_at) VALUES ('trials', 0, 100, 'test', ?)
      ON CONFLICT(key) DO UPDATE SET enabled = 0`).bind(Date.now()).run();
    try {
      const w = workerWithClock(Date.now() + 120_000); // past the flag cache of other tests
      const res = await w.post('/trial/start', await trialBody(trialEmail('flag'), await makeDevice(unique('flag'))));
      expect(res.status).toBe(403);
      expect((await res.json<ErrorJson>()).error.code).toBe('TRIAL_UNAVAILABLE');
      expect((await (await w.get('/trial/terms')).json<{ trial: { available: boolean } }>()).trial.available).toBe(false);
    } finally {
      await db.prepare(`DELETE FROM feature_flags WHERE key = 'trials'`).run();
      // Reload the isolate's flag cache (a minute per D1 binding) past the flag, for later tests.
      await workerWithClock(Date.now() + 240_000).get('/trial/terms');
    }
  });
});

describe('an ended trial and the QR menu', () => {
  const menu = { shopName: 'Trial café', currency: 'EUR', locale: 'en-IE', categories: [{ name: { en: 'Coffee' }, items: [{ name: { en: 'Espresso' }, priceCents: 220, available: true, allergens: [], dietary: [], optionGroups: [] }] }] };

  it('publishes during the trial; after its end the page says unavailable and publishing is refused', async () => {
    const w = workerWithClock(Date.now(), { TRIAL_SECONDS: '60' });
    const email = trialEmail('menu');
    const trial = await startedTrial(await w.post('/trial/start', await trialBody(email, await makeDevice(unique('menu')))));
    const slug = unique('trial-menu').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40).replace(/-+$/, '');
    expect((await w.post('/menu/publish', { email, token: trial.token, slug, menu })).status).toBe(200);
    expect(await (await w.get(`/m/${slug}`)).text()).toContain('Espresso');
    w.advance(61_000);
    expect(await (await w.get(`/m/${slug}`)).text()).not.toContain('Espresso');
    const refused = await w.post('/menu/publish', { email, token: trial.token, slug, menu });
    expect(refused.status).toBe(403);
    expect((await refused.json<ErrorJson>()).error).toMatchObject({ code: 'SUBSCRIPTION_INACTIVE', subscriptionStatus: 'expired' });
  });
});
