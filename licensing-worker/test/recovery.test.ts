// Issue 8 rules 4 and 6 (recover half): recovery is confirmed by a link before the token rotates.
import { describe, expect, it } from 'vitest';
import { makeDevice, post, seedCustomer, validateBody } from './helpers';

describe('recovery needs the emailed confirmation', () => {
  it("attack: a stranger's /recover does not stop the shop's working token", async () => {
    const shop = await seedCustomer();
    const till = await makeDevice('rec-attack');
    expect((await post('/validate-unified', validateBody(shop, till))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post('/recover', { email: shop.email })).status).toBe(202);
    expect((await post('/validate-unified', validateBody(shop, till))).status).toBe(200);
  });
});
