// Customers and live device sessions for the worker benchmark, made through the worker's own
// flows: development checkout → Pay → instant activation → session start. One customer per till
// (one seat each), each till its own machine, as a fleet of independent shops.
import { createHash, randomBytes } from 'node:crypto';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface BenchDevice { machineFingerprint: string; components: Record<string, string>; name: string; platform: string; appVersion: string }

export function benchDevice(tag: string): BenchDevice {
  const components = Object.fromEntries(['machineId', 'smbiosUuid', 'cpu', 'disk', 'nic0'].map((n) => [n, sha(`bench:${tag}:${n}`)]));
  return { machineFingerprint: sha(Object.values(components).sort().join('|')), components, name: `Bench till ${tag}`, platform: process.platform, appVersion: '0.1.0' };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, json: null };
  }
}

export interface BenchCustomer { email: string; token: string; device: BenchDevice }

/** A customer bought through development billing, activated on its own machine. */
export async function seedCustomer(base: string, tag: string): Promise<BenchCustomer> {
  const email = `bench-${tag}-${Date.now()}@example.com`;
  const device = benchDevice(tag);
  const claimSecret = randomBytes(32).toString('base64url');
  const checkout = await postJson(`${base}/checkout`, { email, name: 'Bench', businessName: `Bench Café ${tag}`, claimHash: sha(claimSecret) });
  const sessionId = checkout.json?.sessionId;
  if (checkout.status !== 200 || typeof sessionId !== 'string') throw new Error(`checkout failed: ${checkout.status} ${JSON.stringify(checkout.json)}`);
  const pay = await fetch(`${base}/dev/checkout/${sessionId}/pay`, { method: 'POST', redirect: 'manual' });
  if (pay.status >= 400) throw new Error(`dev payment failed: ${pay.status}`);
  const instant = await postJson(`${base}/validate-unified`, { operation: 'instant', credentials: { email, stripeSessionId: sessionId, claimSecret }, device });
  const token = instant.json?.token;
  if (instant.status !== 200 || typeof token !== 'string') throw new Error(`instant activation failed: ${instant.status} ${JSON.stringify(instant.json)}`);
  return { email, token, device };
}

/** Starts the customer's device session; returns its id. */
export async function startSession(base: string, c: BenchCustomer): Promise<string> {
  const r = await postJson(`${base}/validate-unified`, { operation: 'session', action: 'start', credentials: { email: c.email, token: c.token }, device: c.device });
  const id = (r.json?.session as { id?: unknown } | undefined)?.id;
  if (r.status !== 201 || typeof id !== 'string') throw new Error(`session start failed: ${r.status} ${JSON.stringify(r.json)}`);
  return id;
}

async function inParallel(count: number, parallel: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
}

/** `count` live sessions, one customer (one seat, one machine) each, `parallel` at a time. */
export async function seedFleet(
  base: string,
  opts: { count: number; parallel: number; deadline?: number; onProgress?(done: number): void },
): Promise<{ ids: string[]; failures: number; lastFailure?: string }> {
  const ids: string[] = [];
  let failures = 0;
  let lastFailure: string | undefined;
  await inParallel(opts.count, opts.parallel, async (i) => {
    // A loaded machine makes some seeding calls fail (a 500 from a busy local D1): try again,
    // then count it; the bench prints how many sessions it really had.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (opts.deadline !== undefined && Date.now() > opts.deadline) return; // the budget is spent: the caller says so
      try {
        ids.push(await startSession(base, await seedCustomer(base, `f${i}a${attempt}`)));
        if (ids.length % 100 === 0) opts.onProgress?.(ids.length);
        return;
      } catch (e) {
        lastFailure = String(e);
      }
    }
    failures++;
  });
  return { ids, failures, ...(lastFailure === undefined ? {} : { lastFailure }) };
}

/** The answers the benchmark accepts: a healthy /health, a successful license answer. */
export function healthOk(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { status?: unknown }).status === 'healthy';
  } catch {
    return false;
  }
}

export function licenseAnswerOk(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { success?: unknown }).success === true;
  } catch {
    return false;
  }
}
