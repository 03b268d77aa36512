// Issue 12, item 3: the per-request CPU cuts that carry a rule, and the development profile
// endpoint (POST /dev/profile, read by scripts/profile-worker.mjs) running the real code paths.
import { describe, expect, it } from 'vitest';
import { PROFILE_PHASES } from '../src/dev/profile';
import { keyImportCount, signatureCount } from '../src/license/signing';
import { errorBodySchema, validateSuccessSchema } from '../src/protocol';
import { makeDevice, seedCustomer, validateBody, workerWithClock } from './helpers';

describe('the signing key is imported once per isolate', () => {
  it('many signing validates, one key import', async () => {
    const w = workerWithClock();
    const customer = await seedCustomer();
    const device = await makeDevice('cpu-key');
    // The first answer imports the key (unless an earlier test in this isolate did).
    expect((await w.post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    const imports = keyImportCount();
    const signed = signatureCount();
    expect(imports).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 5; i++) {
      const res = await w.post('/validate-unified', validateBody(customer, device));
      expect(validateSuccessSchema.parse(await res.json()).license).toBeDefined();
    }
    expect(signatureCount()).toBe(signed + 5);
    expect(keyImportCount()).toBe(imports);
  });
});

describe('POST /dev/profile (development only)', () => {
  const profile = (w: ReturnType<typeof workerWithClock>, body: unknown) => w.post('/dev/profile', body);

  it('runs every phase of the real request path', async () => {
    const w = workerWithClock(Date.now(), { ENVIRONMENT: 'development' });
    for (const phase of PROFILE_PHASES) {
      const res = await profile(w, { phase, iterations: 2 });
      expect(res.status, phase).toBe(200);
      expect(await res.json()).toMatchObject({ phase, iterations: 2 });
    }
    // The middleware phases' trivial route, through the whole chain.
    expect(await (await w.get('/dev/profile/noop')).text()).toBe('ok');
  });

  it('refuses an unknown phase or too many iterations with 400 INVALID_REQUEST', async () => {
    const w = workerWithClock(Date.now(), { ENVIRONMENT: 'development' });
    for (const body of [{ phase: 'rm -rf', iterations: 1 }, { phase: 'none', iterations: 1_000_000 }, { phase: 'none' }]) {
      const res = await profile(w, body);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('INVALID_REQUEST');
    }
  });
});
