import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { verifyLicenseFile, validateSuccessSchema, errorBodySchema } from '../src/protocol';
import { emailsTo, makeDevice, post, publishedKeys, seedCustomer, validateBody, type ErrorJson } from './helpers';

describe('operation validate', () => {
  it('registers a new machine, then recognises it by fingerprint, with a license verifiable by the published key', async () => {
    const customer = await seedCustomer();
    const device = await makeDevice('a1');
    const first = await post('/validate-unified', validateBody(customer, device));
    expect(first.status).toBe(200);
    const body = validateSuccessSchema.parse(await first.json());
    expect(body.machine.matchedBy).toBe('new');
    expect(body.validation).toEqual({ valid: true, status: 'active' });
    expect(body.caching.strategy).toBe('revalidate');

    const verified = await verifyLicenseFile(body.license, await publishedKeys());
    expect(verified.ok).toBe(true);
    if (verified.ok) {
      expect(verified.payload).toMatchObject({ customerId: customer.id, machineId: body.machine.id, machineFingerprint: device.machineFingerprint, status: 'active' });
      expect(verified.payload.offlineGraceUntil).toBe(verified.payload.issuedAt); // a validate earns no grace (grace.test.ts)
    }

    const again = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, device))).json());
    expect(again.machine).toEqual({ id: body.machine.id, matchedBy: 'fingerprint' });
    expect(again.caching.strategy).toBe('standard');
    const audit = await env.DB.prepare(`SELECT action FROM audit_log WHERE customer_id = ?`).bind(customer.id).all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toContain('activation');
  });

  it('compares emails case-insensitively and accepts the token in lower case', async () => {
    const customer = await seedCustomer();
    const res = await post('/validate-unified', validateBody({ ...customer, email: customer.email.toUpperCase(), token: customer.token.toLowerCase() }, await makeDevice('case')));
    expect(res.status).toBe(200);
  });

  it('answers a wrong token or an unknown email with 401 INVALID_CREDENTIALS', async () => {
    const customer = await seedCustomer();
    const device = await makeDevice('a2');
    const wrong = await post('/validate-unified', validateBody({ ...customer, token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' }, device));
    expect(wrong.status).toBe(401);
    expect(errorBodySchema.parse(await wrong.json()).error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await post('/validate-unified', validateBody({ ...customer, email: 'nobody@example.com' }, device));
    expect(unknown.status).toBe(401);
  });

  it('answers a suspended subscription with 403 SUBSCRIPTION_INACTIVE, its status and a signed suspended license', async () => {
    const customer = await seedCustomer({ status: 'suspended' });
    const res = await post('/validate-unified', validateBody(customer, await makeDevice('s1')));
    expect(res.status).toBe(403);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('SUBSCRIPTION_INACTIVE');
    expect(body.error.subscriptionStatus).toBe('suspended');
    const verified = await verifyLicenseFile(body.error.license, await publishedKeys());
    expect(verified.ok && verified.payload.status).toBe('suspended');
    expect((body.error.caching as { strategy: string }).strategy).toBe('inactive');
  });

  it('matches a machine with one changed network card by its components and emails a notice', async () => {
    const customer = await seedCustomer();
    const original = await makeDevice('m1');
    const first = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, original))).json());
    const changedNic = await makeDevice('m1', ['nic0']);
    expect(changedNic.machineFingerprint).not.toBe(original.machineFingerprint);
    const res = await post('/validate-unified', validateBody(customer, changedNic));
    const body = validateSuccessSchema.parse(await res.json());
    expect(body.machine).toEqual({ id: first.machine.id, matchedBy: 'components' });
    expect(await emailsTo(customer.email, 'machine_changed')).toHaveLength(1);
    // From now on the new fingerprint is the machine's.
    const third = validateSuccessSchema.parse(await (await post('/validate-unified', validateBody(customer, changedNic))).json());
    expect(third.machine.matchedBy).toBe('fingerprint');
  });

  it('treats a machine with a minority of matching components as new', async () => {
    const customer = await seedCustomer();
    await post('/validate-unified', validateBody(customer, await makeDevice('m2')));
    const res = await post('/validate-unified', validateBody(customer, await makeDevice('m2', ['nic0', 'disk', 'cpu'])));
    expect(validateSuccessSchema.parse(await res.json()).machine.matchedBy).toBe('new');
  });

  it('refuses a machine over max_machines with 409 MACHINE_LIMIT and the registered machines', async () => {
    const customer = await seedCustomer({ maxMachines: 2 });
    for (const seed of ['l1', 'l2']) expect((await post('/validate-unified', validateBody(customer, await makeDevice(seed)))).status).toBe(200);
    const res = await post('/validate-unified', validateBody(customer, await makeDevice('l3')));
    expect(res.status).toBe(409);
    const body = errorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('MACHINE_LIMIT');
    expect(body.error.machines?.map((m) => m.name).sort()).toEqual(['Till l1', 'Till l2']);
  });

  it('lets exactly the seats available be taken when new machines race for the last one', async () => {
    const customer = await seedCustomer({ maxMachines: 1 });
    const results = await Promise.all(['r1', 'r2', 'r3'].map(async (s) => (await post('/validate-unified', validateBody(customer, await makeDevice(s)))).status));
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(2);
  });

  it('serves the legacy /validate alias', async () => {
    const customer = await seedCustomer();
    const device = await makeDevice('legacy');
    const res = await post('/validate', { email: customer.email, token: customer.token, ...device });
    expect(res.status).toBe(200);
    expect(validateSuccessSchema.parse(await res.json()).machine.matchedBy).toBe('new');
  });
});
