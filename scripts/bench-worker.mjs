#!/usr/bin/env node
// `npm run bench:worker`: the local worker under `wrangler dev` (workerd + local D1), loaded with
// autocannon: GET /health (the baseline), operation validate of an existing customer on a known
// machine, and session heartbeat, in one run. Prints req/s, p50, p99 and the ratios to /health.
// Goals (issue #2): validate ≥ 50% of the baseline's req/s, p99 < 10 ms on loopback.
// Two passes per endpoint: throughput with BENCH_CONNECTIONS concurrent connections (default 10)
// and latency with one connection (no queueing behind other requests).
// Options: BENCH_DURATION (s per pass, default 10), BENCH_CONNECTIONS.
import { createHash, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { tsImport } from 'tsx/esm/api';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });

const sha = (s) => createHash('sha256').update(s).digest('hex');
const components = Object.fromEntries(['machineId', 'smbiosUuid', 'cpu', 'disk', 'nic0'].map((n) => [n, sha(`bench:${n}`)]));
const device = {
  machineFingerprint: sha(Object.values(components).sort().join('|')),
  components,
  name: 'Bench till',
  platform: process.platform,
  appVersion: '0.1.0',
};

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* a redirect or a page */
  }
  return { status: res.status, json };
}

/** A customer bought through development billing: checkout → Pay → instant activation. */
async function seedCustomer(base) {
  const email = `bench-${Date.now()}@example.com`;
  const claimSecret = randomBytes(32).toString('base64url');
  const checkout = await postJson(`${base}/checkout`, { email, name: 'Bench', businessName: 'Bench Café', claimHash: sha(claimSecret) });
  if (checkout.status !== 200) throw new Error(`checkout failed: ${checkout.status} ${JSON.stringify(checkout.json)}`);
  const pay = await fetch(`${base}/dev/checkout/${checkout.json.sessionId}/pay`, { method: 'POST', redirect: 'manual' });
  if (pay.status >= 400) throw new Error(`dev payment failed: ${pay.status}`);
  const instant = await postJson(`${base}/validate-unified`, { operation: 'instant', credentials: { email, stripeSessionId: checkout.json.sessionId, claimSecret }, device });
  if (instant.status !== 200 || !instant.json.token) throw new Error(`instant activation failed: ${instant.status} ${JSON.stringify(instant.json)}`);
  return { email, token: instant.json.token };
}

function run(name, opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration, ...opts }, (err, result) => {
      if (err) return reject(err);
      const non2xx = result.non2xx + result.errors + result.timeouts;
      resolve({ name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx });
    });
  });
}

async function main() {
  const { startLocalWorker } = await tsImport('./lib/local-worker.ts', import.meta.url);
  console.log('Starting the local worker (wrangler dev, local D1)…');
  const worker = await startLocalWorker({
    // The benchmark is one client hammering from one IP: lift the per-IP limits for it.
    vars: { RATE_LIMITS: 'validate:ip=1000000000/60,validate:credential=1000000000/60,session:ip=1000000000/60,checkout:ip=1000/60' },
  });
  try {
    const base = worker.url;
    const customer = await seedCustomer(base);
    const validateBody = JSON.stringify({ operation: 'validate', credentials: { email: customer.email, token: customer.token }, device });
    const check = await postJson(`${base}/validate-unified`, JSON.parse(validateBody));
    if (check.status !== 200) throw new Error(`validate failed: ${check.status}`);
    const session = await postJson(`${base}/validate-unified`, { operation: 'session', action: 'start', credentials: { email: customer.email, token: customer.token }, device });
    if (session.status !== 201) throw new Error(`session start failed: ${session.status} ${JSON.stringify(session.json)}`);
    const heartbeatBody = JSON.stringify({ operation: 'session', action: 'heartbeat', credentials: { sessionId: session.json.session.id } });
    const post = { method: 'POST', headers: { 'content-type': 'application/json' } };

    console.log(`Seeded ${customer.email} through development billing; ${duration}s per endpoint, ${connections} connections.`);
    await run('warm-up', { url: `${base}/validate-unified`, ...post, body: validateBody, duration: 2 });
    const endpoints = [
      ['GET /health (baseline)', { url: `${base}/health` }],
      ['validate (known machine)', { url: `${base}/validate-unified`, ...post, body: validateBody }],
      ['session heartbeat', { url: `${base}/validate-unified`, ...post, body: heartbeatBody }],
    ];
    const loaded = [];
    const single = [];
    for (const [name, opts] of endpoints) {
      loaded.push(await run(name, opts));
      single.push(await run(name, { ...opts, connections: 1 }));
    }
    const pad = (s, n) => String(s).padEnd(n);
    const padl = (s, n) => String(s).padStart(n);
    const table = (title, results) => {
      const baseline = results[0].rps;
      console.log(`\n${title}`);
      console.log(`${pad('endpoint', 28)}${padl('req/s', 10)}${padl('p50 ms', 9)}${padl('p99 ms', 9)}${padl('vs /health', 12)}${padl('non-2xx', 9)}`);
      for (const r of results) {
        console.log(`${pad(r.name, 28)}${padl(r.rps.toFixed(0), 10)}${padl(r.p50, 9)}${padl(r.p99, 9)}${padl(`${((r.rps / baseline) * 100).toFixed(0)}%`, 12)}${padl(r.non2xx, 9)}`);
      }
    };
    table(`Throughput, ${connections} connections:`, loaded);
    table('Latency, 1 connection:', single);
    const ok = (b) => (b ? 'met' : 'NOT met');
    console.log(
      `\nGoals: validate ≥ 50% of /health req/s: ${ok(loaded[1].rps >= loaded[0].rps / 2)}; ` +
        `validate p99 < 10 ms (1 connection): ${ok(single[1].p99 < 10)}; heartbeat p99 < 10 ms (1 connection): ${ok(single[2].p99 < 10)}`,
    );
    console.log(`Machine load average during the run: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
    if ([...loaded, ...single].some((r) => r.non2xx > 0)) console.log('Warning: some requests did not answer 2xx (see the non-2xx column).');
  } finally {
    await worker.stop();
  }
}

main().catch((e) => {
  console.error(`bench:worker failed: ${e?.stack ?? e}`);
  process.exit(1);
});
