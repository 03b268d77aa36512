// Issue 8 rule 5: wrong credentials are counted per (email, address) in D1 and per address with
// the rate-limit binding, only after the credential was checked: the right credentials are never
// refused because others guessed wrong for that email.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../src/protocol';
import { PAIR_FAILURE_LIMIT } from '../src/http/credential-failures';
import { ADDRESS_LIMITS } from '../src/http/rate-limit';
import { makeDevice, post, seedCustomer, sessionBody, unique, uniqueIp, validateBody, workerWithClock } from './helpers';

const WRONG = 'POS-AAAAA-AAAAA-AAAAA-AAAAA';
const failureRows = async (email: string) =>
  (await env.DB.prepare('SELECT address, failures FROM credential_failures WHERE email = ?').bind(email).all<{ address: string; failures: number }>()).results;

describe('credential failures', () => {
  it('attack: 61 wrong tokens from random addresses do not lock the owner out', async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('fail-attack');
    for (let i = 0; i < 61; i++) {
      const res = await post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip: uniqueIp() });
      expect(res.status).toBe(401);
    }
    expect((await post('/validate-unified', validateBody(shop, till), { ip: uniqueIp() })).status).toBe(200);
    expect((await post('/validate-unified', sessionBody('start', shop, till), { ip: uniqueIp() })).status).toBe(201);
    expect((await post('/machines', { email: shop.email, token: shop.token }, { ip: uniqueIp() })).status).toBe(200);
  });

  it('limits wrong tokens per (email, address): 429 with Retry-After; the right token still passes', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    const till = await makeDevice('fail-pair');
    const ip = uniqueIp();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i <= PAIR_FAILURE_LIMIT.limit; i++) {
      const res = await w.post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([...Array<number>(PAIR_FAILURE_LIMIT.limit).fill(401), 429]);
    expect(errorBodySchema.parse(await limited!.json()).error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(Number(limited!.headers.get('Retry-After'))).toBe(PAIR_FAILURE_LIMIT.windowSeconds);
    // The credential is checked first: the right token from the same address is answered.
    expect((await w.post('/validate-unified', validateBody(shop, till), { ip })).status).toBe(200);
    // Another address guessing for that email starts from zero; the window passes.
    expect((await w.post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip: uniqueIp() })).status).toBe(401);
    w.advance(PAIR_FAILURE_LIMIT.windowSeconds * 1000);
    expect((await w.post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip })).status).toBe(401);
  });

  it('counts failures only: a right validate writes no counter, a wrong one writes one row', async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('fail-write');
    const ip = uniqueIp();
    expect((await post('/validate-unified', validateBody(shop, till), { ip })).status).toBe(200);
    expect(await failureRows(shop.email)).toEqual([]);
    expect((await post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip })).status).toBe(401);
    expect(await failureRows(shop.email)).toEqual([{ address: ip, failures: 1 }]);
  });

  it('limits wrong credentials per address across emails (binding, Retry-After = its period)', async () => {
    const ip = uniqueIp();
    const { limit, windowSeconds } = ADDRESS_LIMITS['failures:ip'];
    const till = await makeDevice('fail-ip');
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= limit; i++) {
      last = await post('/validate-unified', validateBody({ id: 'x', email: `${unique('guess')}@example.com`, token: WRONG }, till), { ip });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array<number>(limit).fill(401), 429]);
    expect(last!.headers.get('Retry-After')).toBe(String(windowSeconds));
  });

  it('counts wrong tokens on session start and the account endpoints against the same (email, address)', async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('fail-account');
    const ip = uniqueIp();
    const wrong = { email: shop.email, token: WRONG };
    const calls: Array<() => Promise<Response>> = [
      () => post('/validate-unified', sessionBody('start', { ...shop, token: WRONG }, till), { ip }),
      () => post('/validate-unified', sessionBody('takeover', { ...shop, token: WRONG }, till), { ip }),
      () => post('/machines', wrong, { ip }),
      () => post('/machines/deactivate', { ...wrong, machineId: 'm1' }, { ip }),
      () => post('/portal', wrong, { ip }),
      () => post('/refund-request', { ...wrong, reason: 'Closing the shop' }, { ip }),
    ];
    const statuses: number[] = [];
    for (let i = 0; i <= PAIR_FAILURE_LIMIT.limit; i++) statuses.push((await calls[i % calls.length]!()).status);
    expect(statuses).toEqual([...Array<number>(PAIR_FAILURE_LIMIT.limit).fill(401), 429]);
    expect((await failureRows(shop.email))[0]?.failures).toBe(PAIR_FAILURE_LIMIT.limit + 1);
    // Right credentials from that address are still answered.
    expect((await post('/machines', { email: shop.email, token: shop.token }, { ip })).status).toBe(200);
    expect((await post('/portal', { email: shop.email, token: shop.token }, { ip })).status).toBe(200);
  });

  it('the (email, address) limit can be overridden for tests, never in production', async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('fail-override');
    const statuses = async (w: ReturnType<typeof workerWithClock>, ip: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await w.post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip })).status);
      return out;
    };
    expect(await statuses(workerWithClock(Date.now(), { RATE_LIMITS: 'failures:pair=2/60' }), uniqueIp())).toEqual([401, 401, 429]);
    expect(await statuses(workerWithClock(Date.now(), { RATE_LIMITS: 'failures:pair=2/60', ENVIRONMENT: 'production' }), uniqueIp())).toEqual([401, 401, 401]);
  });

  it('the cron forgets failure windows that ended', async () => {
    const w = workerWithClock();
    const shop = await seedCustomer();
    const till = await makeDevice('fail-prune');
    expect((await w.post('/validate-unified', validateBody({ ...shop, token: WRONG }, till))).status).toBe(401);
    await w.scheduled();
    expect(await failureRows(shop.email)).toHaveLength(1);
    w.advance(PAIR_FAILURE_LIMIT.windowSeconds * 1000);
    await w.scheduled();
    expect(await failureRows(shop.email)).toEqual([]);
  });
});
