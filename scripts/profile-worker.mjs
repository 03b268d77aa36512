#!/usr/bin/env node
// `npm run profile:worker`: where the worker's CPU goes per request, for GET /health, validate
// and heartbeat, on the local worker under `wrangler dev` (workerd + local D1). Printed figures.
//
// Method. wrangler dev runs two workerd processes: a dev proxy on the public port, which forwards
// every request, and the runtime that runs the worker; the figures are the runtime's (the
// proxy's share is printed apart). workerd's clocks stand still while JavaScript runs (they advance only across I/O), so
// a phase cannot time itself with performance.now() inside the worker. Every figure here is the
// workerd process's own CPU time (user + system, /proc/<pid>/stat) read from outside:
//  1. whole requests: CPU over PROFILE_REQUESTS requests (autocannon, 10 connections) / requests,
//     median of PROFILE_REPEATS rounds in alternating order,
//     for /health, validate and heartbeat both in the steady state (the agent presents its held
//     license's hash: nothing is signed) and signing (no held license), and a trivial route
//     (GET /dev/profile/noop) for the bare cost of a request through workerd and the whole chain;
//  2. phases: POST /dev/profile {phase, iterations} (development only, src/dev/profile.ts) runs
//     one phase of the real request path (the routes' own schemas and functions) `iterations`
//     times inside one request; (CPU − CPU of the `none` phase) / iterations is the phase's cost.
//     Iterations are chosen so each measurement spends ≥ 300 ms (the clock tick is 10 ms); the
//     median of PROFILE_REPEATS runs is printed. `middleware-*` runs the worker's real Hono app
//     in-process through app.fetch (every middleware and the router, a trivial handler).
// Then each request's total is broken down: workerd's HTTP in/out (the noop over HTTP − the
// in-process chain), middleware + routing, body parse, zod, rate limit, signing (+ license hash),
// JSON out, one D1 round trip (/health − noop: a SELECT 1) and the rest (total − the parts: the
// handler's own logic, and validate's statement beyond a SELECT 1 or a heartbeat's call to its
// session's Durable Object). Local D1 runs
// inside workerd, so its SQLite work is in the totals (on Cloudflare it is on another machine).
// The machine may be shared: the load average is printed (CPU time, unlike latency, barely moves).
// Options (env): PROFILE_REQUESTS (default 500), PROFILE_REPEATS (default 5), PROFILE_ONLY
// (phase names, comma-separated: only those, e.g. to try a cut).
import { loadavg, cpus } from 'node:os';
import { createHash } from 'node:crypto';
import autocannon from 'autocannon';
import { tsImport } from 'tsx/esm/api';

const requests = Number(process.env.PROFILE_REQUESTS ?? 500);
const repeats = Math.max(1, Number(process.env.PROFILE_REPEATS ?? 5));
const TARGET_CPU_MS = 300;
/** PROFILE_ONLY=phase,phase: only those phases (no whole requests, no breakdown), for trying a cut. */
const only = process.env.PROFILE_ONLY?.split(',');
Object.assign(process.env, { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' });

const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`;
const sha = (s) => createHash('sha256').update(s).digest('hex');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = (ms) => (Number.isFinite(ms) ? `${(ms * 1000).toFixed(0)} µs` : 'n/a');

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 10, ...opts }, (err, r) => (err ? reject(err) : resolve({ total: r.requests.total, bad: r.non2xx + r.errors + r.timeouts })));
  });
}

async function main() {
  const lib = await tsImport('./lib/local-worker.ts', import.meta.url);
  const fleet = await tsImport('./lib/worker-fleet.ts', import.meta.url);
  const S = await tsImport('./lib/bench-stats.ts', import.meta.url);
  const { cpuMs, findDescendants, isDevProxy } = await tsImport('./lib/proc-cpu.ts', import.meta.url);

  console.log(`Starting the local worker (wrangler dev, local D1)… ${load()}`);
  const worker = await lib.startLocalWorker({
    vars: { RATE_LIMITS: 'validate:ip=1000000000/60,session:ip=1000000000/60,checkout:ip=1000000000/60' },
  });
  try {
    const base = worker.url;
    const pids = worker.pid === undefined ? [] : findDescendants(worker.pid, 'workerd');
    if (pids.length === 0) throw new Error('workerd process not found (Linux /proc needed)');
    // The worker's runtime only: wrangler's dev proxy (the other workerd) is a harness.
    const runtime = pids.filter((pid) => !isDevProxy(pid, worker.port));
    const proxy = pids.filter((pid) => isDevProxy(pid, worker.port));
    const cpu = () => runtime.reduce((a, pid) => a + cpuMs(pid), 0);
    const proxyCpu = () => proxy.reduce((a, pid) => a + cpuMs(pid), 0);

    const post = (body) => ({ url: `${base}/validate-unified`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const call = async (body, status = 200) => {
      const r = await fleet.postJson(`${base}/validate-unified`, body);
      if (r.status !== status) throw new Error(`${body.operation} ${body.action ?? ''}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    };
    /** The request as the agent sends it in the steady state: presenting its held license. */
    const steady = async (body) => {
      let heldLicense;
      for (let i = 0; i < 5; i++) {
        const answer = await call(heldLicense ? { ...body, heldLicense } : body);
        if (answer.licenseUnchanged === true) return { ...body, heldLicense };
        heldLicense = sha(answer.license);
      }
      throw new Error(`${body.operation}: the held license was never left unchanged`);
    };
    // Each endpoint is set up just before it is measured (a session times out after 120 s idle).
    const customer = async (tag) => {
      const c = await fleet.seedCustomer(base, tag);
      return { validate: { operation: 'validate', credentials: { email: c.email, token: c.token }, device: c.device }, c };
    };
    const heartbeatOf = async (tag) => {
      const { c } = await customer(tag);
      const started = await call({ operation: 'session', action: 'start', credentials: { email: c.email, token: c.token }, device: c.device }, 201);
      return { operation: 'session', action: 'heartbeat', credentials: { sessionId: started.session.id } };
    };
    const endpoints = [
      { name: 'GET /dev/profile/noop', prepare: async () => ({ url: `${base}/dev/profile/noop` }) },
      { name: 'GET /health', prepare: async () => ({ url: `${base}/health` }) },
      { name: 'validate (steady)', prepare: async () => post(await steady((await customer('pv1')).validate)) },
      { name: 'validate (signing)', prepare: async () => post((await customer('pv2')).validate) },
      { name: 'heartbeat (steady)', prepare: async () => post(await steady(await heartbeatOf('ph1'))) },
      { name: 'heartbeat (signing)', prepare: async () => post(await heartbeatOf('ph2')) },
    ];

    console.log(`\n1. Whole requests: workerd CPU over ${requests} requests, 10 connections, median of ${repeats} alternating rounds; ${load()}`);
    const totals = {};
    const proxied = {};
    if (!only) {
      for (const e of endpoints) {
        e.opts = await e.prepare();
        await cannon({ ...e.opts, amount: 200 }); // warm-up (JIT, caches)
      }
      // The measured sessions must not time out (120 s without a call) between their passes.
      const keepAlive = setInterval(() => {
        for (const e of endpoints) if (e.name.startsWith('heartbeat')) fetch(e.opts.url, { method: 'POST', headers: e.opts.headers, body: e.opts.body }).catch(() => {});
      }, 30_000);
      // Rounds in alternating order, the median per request: a shared machine's changing load
      // does not always fall on the same one.
      const runs = new Map(endpoints.map((e) => [e.name, []]));
      try {
        for (let r = 0; r < repeats; r++) {
          for (const e of r % 2 === 0 ? endpoints : [...endpoints].reverse()) {
            const c0 = cpu();
            const p0 = proxyCpu();
            const res = await cannon({ ...e.opts, amount: requests });
            if (res.bad > 0) throw new Error(`${e.name}: ${res.bad} requests did not answer 2xx`);
            runs.get(e.name).push({ cpu: (cpu() - c0) / res.total, proxy: (proxyCpu() - p0) / res.total });
          }
        }
      } finally {
        clearInterval(keepAlive);
      }
      for (const e of endpoints) {
        totals[e.name] = median(runs.get(e.name).map((x) => x.cpu));
        proxied[e.name] = median(runs.get(e.name).map((x) => x.proxy));
      }
    }
    const withProxy = (name) => totals[name] + proxied[name];
    console.log(S.table(['request', 'worker runtime CPU', 'vs /health', '+ dev proxy', 'vs /health'],
      endpoints.map((e) => [e.name, us(totals[e.name]), S.fmtRatio(S.ratio(totals[e.name], totals['GET /health'])), us(withProxy(e.name)), S.fmtRatio(S.ratio(withProxy(e.name), withProxy('GET /health')))])));
    console.log(`  (${runtime.length} runtime workerd, ${proxy.length} dev-proxy workerd: wrangler dev forwards every request through its own proxy; the figures below are the runtime's)`);

    console.log(`\n2. Phases: POST /dev/profile, ≥ ${TARGET_CPU_MS} ms of CPU per measurement, median of ${repeats}; ${load()}`);
    const runPhase = async (phase, iterations) => {
      const c0 = cpu();
      const res = await fetch(`${base}/dev/profile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phase, iterations }) });
      if (res.status !== 200) throw new Error(`/dev/profile ${phase}: ${res.status} ${await res.text()}`);
      await res.text();
      return cpu() - c0;
    };
    const allPhases = ['json-parse', 'zod-validate', 'zod-heartbeat', 'middleware-get', 'middleware-post', 'rate-limit', 'request-id', 'key-import', 'sign', 'license-hash', 'json-out', 'd1-select'];
    const phases = only ? allPhases.filter((ph) => only.includes(ph)) : allPhases;
    const cost = {};
    for (const phase of phases) {
      // Calibrate: enough iterations for TARGET_CPU_MS of CPU.
      let n = 50;
      for (;;) {
        const spent = (await runPhase(phase, n)) - (await runPhase('none', n));
        if (spent >= TARGET_CPU_MS || n >= 100_000) break;
        n = Math.min(100_000, Math.max(n * 2, Math.ceil((n * TARGET_CPU_MS * 1.2) / Math.max(spent, 5))));
      }
      const runs = [];
      for (let r = 0; r < repeats; r++) runs.push(((await runPhase(phase, n)) - (await runPhase('none', n))) / n);
      cost[phase] = Math.max(0, median(runs));
      console.log(`  ${phase.padEnd(16)} ${us(cost[phase]).padStart(8)}  (${n} iterations)`);
    }

    if (only) return;
    const p = cost;
    // The two I/O-bound parts come from whole requests over HTTP (a phase looped in one request
    // pays a full event-loop turn per await, which 10 concurrent connections share).
    const http = Math.max(0, totals['GET /dev/profile/noop'] - p['middleware-get']);
    const d1 = Math.max(0, totals['GET /health'] - totals['GET /dev/profile/noop'] - p['json-out']);
    console.log(`  workerd HTTP in/out (noop over HTTP − middleware-get): ${us(http)}; D1 SELECT 1 round trip (/health − noop − JSON out): ${us(d1)}`);
    const rows = [
      ['GET /health', { http, middleware: p['middleware-get'], d1, out: p['json-out'] }],
      ['validate (steady)', { http, middleware: p['middleware-post'], parse: p['json-parse'], zod: p['zod-validate'], limit: p['rate-limit'], d1, out: p['json-out'] }],
      ['validate (signing)', { http, middleware: p['middleware-post'], parse: p['json-parse'], zod: p['zod-validate'], limit: p['rate-limit'], sign: p.sign + p['license-hash'], d1, out: p['json-out'] }],
      // A heartbeat reads no D1 in the steady state: its session's Durable Object answers it.
      ['heartbeat (steady)', { http, middleware: p['middleware-post'], parse: p['json-parse'], zod: p['zod-heartbeat'], limit: p['rate-limit'], out: p['json-out'] }],
      ['heartbeat (signing)', { http, middleware: p['middleware-post'], parse: p['json-parse'], zod: p['zod-heartbeat'], limit: p['rate-limit'], sign: p.sign + p['license-hash'], out: p['json-out'] }],
    ];
    console.log('\n3. Breakdown per request ("rest" = total − the parts: the handler\'s own logic, and for validate its D1 statement beyond a SELECT 1, for a heartbeat the call to its session\'s Durable Object)');
    const cols = ['http', 'middleware', 'parse', 'zod', 'limit', 'sign', 'out', 'd1'];
    console.log(S.table(['request', 'total', 'workerd HTTP', 'middleware+routing', 'body parse', 'zod', 'rate limit', 'sign+hash', 'JSON out', 'D1 (1 statement)', 'rest'],
      rows.map(([name, parts]) => {
        const total = totals[name];
        const known = cols.reduce((a, k) => a + (parts[k] ?? 0), 0);
        return [name, us(total), ...cols.map((k) => (parts[k] === undefined ? '—' : us(parts[k]))), us(total - known)];
      })));
    const js = (name) => cols.filter((k) => !['http', 'd1'].includes(k)).reduce((a, k) => a + (rows.find((r) => r[0] === name)[1][k] ?? 0), 0);
    console.log(`  the worker's own JavaScript (middleware … JSON out): /health ${us(js('GET /health'))}, validate ${us(js('validate (steady)'))} steady / ${us(js('validate (signing)'))} signing, heartbeat ${us(js('heartbeat (steady)'))} steady / ${us(js('heartbeat (signing)'))} signing`);
    console.log(`  D1 SELECT 1 awaited in a loop inside one request: ${us(p['d1-select'])} each (a full event-loop turn per await)`);
    console.log(`  key import (once per isolate, cached): ${us(p['key-import'])}; request id (uuidv7): ${us(p['request-id'])}; ${load()}`);
  } finally {
    await worker.stop();
  }
}

main().catch((e) => {
  console.error(`profile:worker failed: ${e?.stack ?? e}`);
  process.exit(1);
});
