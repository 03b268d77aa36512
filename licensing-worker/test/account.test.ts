import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { errorBodySchema, listMachinesResponseSchema, validateSuccessSchema } from '../src/protocol';
import { makeDevice, post, seedCustomer, validateBody, workerWithClock } from './helpers';

// POST /recover and its confirmation: test/recovery.test.ts.

describe('POST /machines/deactivate', () => {
  it('frees a seat so a new machine fits', async () => {
    const customer = await seedCustomer({ maxMachines: 1 });
    const first = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, await makeDevice('d1')))).json());
    const refused = await post('/validate-unified', validateBody(customer, await makeDevice('d2')));
    expect(refused.status).toBe(409);
    const listed = errorBodySchema.parse(await refused.json()).error.machines!;
    expect(listed.map((m) => m.id)).toEqual([first.machine.id]);

    const res = await post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: first.machine.id });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, machineId: first.machine.id, deactivationsThisMonth: 1, deactivationsLimit: 10 });
    expect((await post('/validate-unified', validateBody(customer, await makeDevice('d2')))).status).toBe(200);
  });

  it('answers an unknown machine with 404 and a wrong token with 401', async () => {
    const customer = await seedCustomer();
    const unknown = await post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(errorBodySchema.parse(await unknown.json()).error.code).toBe('MACHINE_NOT_FOUND');
    const wrong = await post('/machines/deactivate', { email: customer.email, token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA', machineId: 'nope' });
    expect(wrong.status).toBe(401);
  });

  it('allows at most 10 deactivations a month (429 until next month)', async () => {
    const w = workerWithClock(Date.UTC(2026, 10, 15));
    const customer = await seedCustomer({ maxMachines: 20 });
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      const r = validateSuccessSchema.parse(await (await w.post('/validate-unified', validateBody(customer, await makeDevice(`lim${i}`)))).json());
      ids.push(r.machine.id);
    }
    for (let i = 0; i < 10; i++) expect((await w.post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: ids[i] })).status).toBe(200);
    const over = await w.post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: ids[10] });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBe((Date.UTC(2026, 11, 1) - w.now) / 1000);
    const still = await env.DB.prepare('SELECT deactivated_at FROM machines WHERE id = ?').bind(ids[10]).first<{ deactivated_at: number | null }>();
    expect(still?.deactivated_at).toBeNull();
    w.advance(17 * 86_400_000); // December
    expect((await w.post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: ids[10] })).status).toBe(200);
  });
});

describe('POST /machines', () => {
  it('lists the active computers and leaves deactivated ones out', async () => {
    const customer = await seedCustomer({ maxMachines: 3 });
    const a = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, await makeDevice('list-a')))).json());
    const b = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, await makeDevice('list-b')))).json());
    expect((await post('/machines/deactivate', { email: customer.email, token: customer.token, machineId: b.machine.id })).status).toBe(200);
    const res = await post('/machines', { email: customer.email, token: customer.token });
    expect(res.status).toBe(200);
    const body = listMachinesResponseSchema.parse(await res.json());
    expect(body.machines.map((m) => m.id)).toEqual([a.machine.id]);
    expect(body.machines[0]).toMatchObject({ platform: expect.any(String), appVersion: expect.any(String) });
    expect(body.machines[0]!.lastSeenAt).toBeGreaterThanOrEqual(body.machines[0]!.createdAt);
  });

  it('answers a wrong token with 401 and unknown fields with 400', async () => {
    const customer = await seedCustomer();
    const wrong = await post('/machines', { email: customer.email, token: 'POS-AAAAA-AAAAA-AAAAA-AAAAA' });
    expect(wrong.status).toBe(401);
    const extra = await post('/machines', { email: customer.email, token: customer.token, customerId: 'x' });
    expect(extra.status).toBe(400);
    expect(errorBodySchema.parse(await extra.json()).error.code).toBeTypeOf('string');
  });
});
