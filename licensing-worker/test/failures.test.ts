// Issue 8 rule 5: failures are counted per (email, address) and per address; the right
// credentials are never refused because others guessed wrong.
import { describe, expect, it } from 'vitest';
import { makeDevice, post, seedCustomer, uniqueIp, validateBody } from './helpers';

const WRONG = 'POS-AAAAA-AAAAA-AAAAA-AAAAA';

describe('credential failures', () => {
  it('attack: 61 wrong tokens from random addresses do not lock the owner out', async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('fail-attack');
    for (let i = 0; i < 61; i++) {
      const res = await post('/validate-unified', validateBody({ ...shop, token: WRONG }, till), { ip: uniqueIp() });
      expect([401, 429]).toContain(res.status);
    }
    expect((await post('/validate-unified', validateBody(shop, till), { ip: '203.0.113.50' })).status).toBe(200);
  });
});
