// Development/test only: the per-phase CPU profile of the hot paths (scripts/profile-worker.mjs).
//
// workerd's clocks (Date.now, performance.now) stand still while JavaScript runs and advance only
// across I/O, so a phase cannot time itself inside the worker. Instead, POST /dev/profile runs
// one phase of the real request path (the same functions and schemas the routes use) `iterations`
// times inside one request, and the profiling script reads the workerd process's CPU time
// (/proc/<pid>/stat) before and after: (CPU of the request − CPU of the `none` phase) / iterations
// is the phase's cost. The `middleware-*` phases run the worker's real Hono app in-process (every
// middleware and the router, a trivial handler, no network) through `app.fetch`.
// Production never serves /dev/* (the guard of the development billing routes, mounted first).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { countHit } from '../http/rate-limit';
import { parseWith, readJson } from '../http/validation';
import { uuidv7 } from '../ids';
import { importSigningKey, signLicense, signingKeyOf } from '../license/signing';
import { licenseHash, type LicensePayload } from '../protocol/license';
import { validateUnifiedRequestSchema, type ValidateSuccess } from '../protocol/licensing';

export const PROFILE_PHASES = [
  'none',
  'json-parse',
  'zod-validate',
  'zod-heartbeat',
  'middleware-get',
  'middleware-post',
  'rate-limit',
  'request-id',
  'key-import',
  'sign',
  'license-hash',
  'json-out',
  'd1-select',
] as const;
export type ProfilePhase = (typeof PROFILE_PHASES)[number];

const profileRequestSchema = z.strictObject({
  phase: z.enum(PROFILE_PHASES),
  iterations: z.number().int().min(1).max(100_000),
});

const hex64 = (seed: string): string => seed.repeat(64).slice(0, 64);

/** What the agent sends (same shape and sizes as a real till's request). */
const device = {
  machineFingerprint: hex64('a1'),
  components: Object.fromEntries(['machineId', 'smbiosUuid', 'cpu', 'disk', 'nic0'].map((n, i) => [n, hex64(`${i}f`)])),
  name: 'Till profile',
  platform: 'linux',
  appVersion: '0.1.0',
};
const validateBody = JSON.stringify({
  operation: 'validate',
  credentials: { email: 'profile@example.com', token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' },
  device,
  heldLicense: hex64('b2'),
});
const heartbeatBody = JSON.stringify({
  operation: 'session',
  action: 'heartbeat',
  credentials: { sessionId: 'S'.repeat(43) },
  heldLicense: hex64('c3'),
});
const validateValue: unknown = JSON.parse(validateBody);
const heartbeatValue: unknown = JSON.parse(heartbeatBody);

const payload = (now: number): LicensePayload => ({
  v: 1,
  customerId: uuidv7(now),
  status: 'active',
  plan: 'standard',
  machineId: uuidv7(now),
  machineFingerprint: device.machineFingerprint,
  issuedAt: now,
  nextCheckAt: now + 86_400_000,
  offlineGraceUntil: now + 10 * 86_400_000,
  currentPeriodEnd: now + 30 * 86_400_000,
  maxMachines: 3,
  maxConcurrent: 1,
  sessionId: 'S'.repeat(43),
});

const answer = (now: number, license: string): ValidateSuccess => ({
  success: true,
  requestId: uuidv7(now),
  serverTime: now,
  validation: { valid: true, status: 'active' },
  subscription: { status: 'active', currentPeriodEnd: now + 30 * 86_400_000, cancelAtPeriodEnd: false, plan: 'standard' },
  machine: { id: uuidv7(now), matchedBy: 'fingerprint' },
  sessionState: 'live',
  caching: { strategy: 'standard', ttlSeconds: 86_400, nextCheckAt: now + 86_400_000 },
  license,
  session: { id: 'S'.repeat(43), heartbeatIntervalSeconds: 60, timeoutSeconds: 120 },
});

type Runner = (c: Context<AppEnv>, app: Hono<AppEnv>) => unknown;

// Every phase's result is kept in `sink`, so no work is dead code for the compiler.
let sink: unknown;

async function phaseRunner(phase: ProfilePhase, c: Context<AppEnv>): Promise<Runner> {
  const now = c.get('now')();
  switch (phase) {
    case 'none':
      return () => Promise.resolve(undefined);
    case 'json-parse':
      return () => Promise.resolve(JSON.parse(validateBody));
    case 'zod-validate':
      return () => Promise.resolve(parseWith(validateUnifiedRequestSchema, validateValue));
    case 'zod-heartbeat':
      return () => Promise.resolve(parseWith(validateUnifiedRequestSchema, heartbeatValue));
    case 'middleware-get':
      return (ctx, app) => app.fetch(new Request('http://profile.local/dev/profile/noop'), ctx.env, ctx.executionCtx);
    case 'middleware-post':
      return (ctx, app) =>
        app.fetch(
          new Request('http://profile.local/dev/profile/noop', { method: 'POST', headers: { 'content-type': 'application/json' }, body: heartbeatBody }),
          ctx.env,
          ctx.executionCtx,
        );
    case 'rate-limit':
      return (ctx) => countHit(ctx.env, now, 'session:ip', 'profile');
    case 'request-id':
      return () => Promise.resolve(uuidv7(now));
    case 'key-import':
      return (ctx) => importSigningKey(ctx.env.LICENSE_SIGNING_KEY, ctx.env.LICENSE_KEY_ID);
    case 'sign': {
      await signingKeyOf(c.env); // imported once, as on the request path
      const p = payload(now);
      return async (ctx) => JSON.stringify(await signLicense(ctx.env, p));
    }
    case 'license-hash': {
      const file = JSON.stringify(await signLicense(c.env, payload(now)));
      return () => licenseHash(file);
    }
    case 'json-out': {
      const a = answer(now, JSON.stringify(await signLicense(c.env, payload(now))));
      return (ctx) => Promise.resolve(ctx.json(a, 200));
    }
    case 'd1-select':
      return (ctx) => ctx.get('db').guard((d1) => d1.prepare('SELECT 1 AS ok').first());
  }
}

/** The /dev/profile routes; `app` is the worker's own app (for the middleware phases). */
export function devProfileRoutes(app: Hono<AppEnv>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  // The trivial handler the middleware phases reach through the whole chain.
  // (A POST gets its JSON body back: the tests check what the body limit hands the routes.)
  routes.on(['GET', 'POST'], '/dev/profile/noop', async (c) => (c.req.method === 'POST' ? c.json(await readJson(c, z.unknown())) : c.text('ok')));
  routes.post('/dev/profile', async (c) => {
    const { phase, iterations } = await readJson(c, profileRequestSchema);
    const run = await phaseRunner(phase, c);
    for (let i = 0; i < iterations; i++) sink = await run(c, app);
    return c.json({ phase, iterations, kind: typeof sink }, 200, { 'Cache-Control': 'no-store' });
  });
  return routes;
}
