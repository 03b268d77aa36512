// GET /dev/d1-stats (development/test only): D1 statements and rows written since the isolate
// started, counted from D1's own answers (the benchmarks read it; scripts/bench-worker.mjs).
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { makeDevice, post, seedCustomer, validateBody } from './helpers';

const stats = async () => {
  const res = await SELF.fetch('http://worker.test/dev/d1-stats');
  expect(res.status).toBe(200);
  return (await res.json()) as { statements: number; rowsWritten: number };
};

describe('GET /dev/d1-stats', () => {
  it('counts the statements of each request and the rows they wrote', async () => {
    const customer = await seedCustomer();
    const device = await makeDevice('d1stats');
    const before = await stats();
    expect((await post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    const first = await stats();
    // A new machine: the read, then its row and the audit line written.
    expect(first.statements).toBeGreaterThan(before.statements + 1);
    expect(first.rowsWritten).toBeGreaterThan(before.rowsWritten);
    expect((await post('/validate-unified', validateBody(customer, device))).status).toBe(200);
    const second = await stats();
    // A known machine seen just now: one read, nothing written (the console's request counters
    // flush at most every few minutes per isolate).
    expect(second.statements - first.statements).toBe(1);
    expect(second.rowsWritten).toBe(first.rowsWritten);
  });
});
