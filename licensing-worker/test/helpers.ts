// Test helpers: seed customers straight into the local D1, build devices, call the worker.
import { createExecutionContext, env, runInDurableObject, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { createWorker } from '../src/index';
import type { Env } from '../src/env';
import { uuidv7 } from '../src/ids';
import type { DeviceInput } from '../src/protocol/licensing';
import type { CustomerSessions } from '../src/sessions/object';
import { generateUnlockToken, hashToken, sha256Hex } from '../src/tokens';

let counter = 0;
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
export const uniqueIp = (): string => `10.${(counter++ % 250) + 1}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

export interface SeededCustomer {
  id: string;
  email: string;
  token: string;
}

export async function seedCustomer(
  overrides: Partial<{ email: string; status: string; maxMachines: number; maxConcurrent: number; activatedAt: number | null; name: string }> = {},
): Promise<SeededCustomer> {
  const id = uuidv7();
  const email = overrides.email ?? `${unique('shop')}@example.com`;
  const token = generateUnlockToken();
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO customers (id, email, name, token_hash, token_issued_at, subscription_status, max_machines, max_concurrent, activated_at, current_period_end, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      email.toLowerCase(),
      overrides.name ?? 'Café Test',
      await hashToken(token),
      now,
      overrides.status ?? 'active',
      overrides.maxMachines ?? 3,
      overrides.maxConcurrent ?? 1,
      overrides.activatedAt === undefined ? null : overrides.activatedAt,
      now + 30 * 86_400_000,
      now,
      now,
    )
    .run();
  return { id, email, token };
}

/** A device with 5 hashed components; `changed` replaces the named components' hashes. */
export async function makeDevice(seed: string, changed: string[] = [], extra: Partial<DeviceInput> = {}): Promise<DeviceInput & { components: Record<string, string> }> {
  const names = ['machineId', 'smbiosUuid', 'cpu', 'disk', 'nic0'];
  const components: Record<string, string> = {};
  for (const n of names) components[n] = await sha256Hex(`${seed}:${n}${changed.includes(n) ? ':new' : ''}`);
  const machineFingerprint = await sha256Hex(Object.values(components).sort().join('|'));
  return { machineFingerprint, components, name: `Till ${seed}`, platform: 'win32', appVersion: '0.1.0', ...extra };
}

export interface CallOptions {
  ip?: string;
  headers?: Record<string, string>;
}

export async function post(path: string, body: unknown, opts: CallOptions = {}): Promise<Response> {
  return SELF.fetch(`http://worker.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': opts.ip ?? uniqueIp(), ...opts.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A worker with its own clock (and optional env overrides), called in-process. */
export function workerWithClock(start = Date.now(), envOverrides: Partial<Env> = {}) {
  let now = start;
  const worker = createWorker({ now: () => now });
  const testEnv = { ...env, ...envOverrides } as Env;
  return {
    advance(ms: number) {
      now += ms;
    },
    get now() {
      return now;
    },
    env: testEnv,
    async post(path: string, body: unknown, opts: CallOptions = {}): Promise<Response> {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(
        new Request(`http://worker.test${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': opts.ip ?? uniqueIp(), ...opts.headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }) as Request<unknown, IncomingRequestCfProperties>,
        testEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    },
    async get(path: string): Promise<Response> {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(new Request(`http://worker.test${path}`) as Request<unknown, IncomingRequestCfProperties>, testEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
    async scheduled(): Promise<void> {
      const ctx = createExecutionContext();
      await worker.scheduled!({ scheduledTime: now, cron: '*/5 * * * *', noRetry() {} }, testEnv, ctx);
      await waitOnExecutionContext(ctx);
    },
  };
}

export interface ErrorJson {
  success: false;
  requestId: string;
  error: { code: string; message: string; retryable: boolean; [k: string]: unknown };
}

export const validateBody = (c: SeededCustomer, device: DeviceInput) => ({ operation: 'validate', credentials: { email: c.email, token: c.token }, device });
export const sessionBody = (action: 'start' | 'takeover', c: SeededCustomer, device: DeviceInput) => ({ operation: 'session', action, credentials: { email: c.email, token: c.token }, device });
export const bearerBody = (action: 'heartbeat' | 'end', sessionId: string) => ({ operation: 'session', action, credentials: { sessionId } });

export async function emailsTo(address: string, template?: string): Promise<Array<{ template: string; subject: string; text: string }>> {
  // email_log has the unlock token redacted; the test environment keeps the full copy in dev_outbox.
  const r = await env.DB.prepare(
    `SELECT e.template, e.subject, COALESCE(d.text, e.text) AS text FROM email_log e LEFT JOIN dev_outbox d ON d.email_log_id = e.id
     WHERE e.to_address = ? ${template ? 'AND e.template = ?' : ''} ORDER BY e.id`,
  )
    .bind(...(template ? [address.toLowerCase(), template] : [address.toLowerCase()]))
    .all<{ template: string; subject: string; text: string }>();
  return r.results;
}

export async function publishedKeys(): Promise<Array<{ kid: string; publicKey: string }>> {
  const res = await SELF.fetch('http://worker.test/.well-known/license-keys');
  return (await res.json<{ keys: Array<{ kid: string; publicKey: string }> }>()).keys;
}

/** The customer's sessions Durable Object (the route a session id carries). */
export const sessionsStub = (customerId: string) => env.SESSIONS.get(env.SESSIONS.idFromName(customerId));

/** Runs `fn` inside the customer's sessions object (to inject its alarm clock, or look at it). */
export function inSessionsObject<R>(customerId: string, fn: (o: CustomerSessions, state: DurableObjectState) => R | Promise<R>): Promise<R> {
  // The pool types instances as DurableObject<Cloudflare.Env>, whose env has the test bindings too.
  return runInDurableObject(sessionsStub(customerId), (o, state) => fn(o as unknown as CustomerSessions, state));
}
