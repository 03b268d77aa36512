// The free trial's endpoints: its terms (the app's "Try free for N days" reads them) and its start.
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { enforceAddressLimit } from '../http/rate-limit';
import { readJson } from '../http/validation';
import { trialStartRequestSchema } from '../protocol/trial';
import { startTrial } from './start';
import { trialTermsOf } from './terms';

export const trialRoutes = new Hono<AppEnv>();

trialRoutes.get('/trial/terms', async (c) => {
  const trial = await trialTermsOf(c.env, c.get('db'), c.get('now')());
  return c.json({ success: true as const, requestId: c.get('requestId'), trial }, 200);
});

trialRoutes.post('/trial/start', async (c) => {
  await enforceAddressLimit(c, 'trial:ip');
  const input = await readJson(c, trialStartRequestSchema);
  return c.json(await startTrial(c, input), 201);
});
