// `npm run dev:worker` as a developer runs it (scripts/dev-worker.mjs: real wrangler dev,
// workerd, local D1 on 127.0.0.1): issue 8 rules 12 and 13.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, workerDir } from './local-worker';

/** What the app sends with /checkout: the SHA-256 of a claim secret it keeps (issue 8, rule 2). */
const CLAIM_HASH = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex');

const devWorkerScript = fileURLToPath(new URL('../dev-worker.mjs', import.meta.url));

/** The top-level [vars] of licensing-worker/wrangler.toml (what a deploy without --env uses). */
function topLevelVars(): Record<string, string> {
  const toml = readFileSync(join(workerDir, 'wrangler.toml'), 'utf8');
  const section = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? '';
  return Object.fromEntries([...section.matchAll(/^(\w+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('wrangler.toml', () => {
  it('the top-level environment (a deploy without --env production) is production-like, not development', () => {
    const vars = topLevelVars();
    expect(vars.ENVIRONMENT).toBeDefined();
    expect(['development', 'test']).not.toContain(vars.ENVIRONMENT);
  });
});

/** POSTs `totalBytes` chunked (no Content-Length), or with a declared Content-Length, and returns the answer. */
function postLarge(url: string, totalBytes: number, framing: 'chunked' | 'content-length'): Promise<{ status: number; body: string }> {
  const framingHeader = framing === 'chunked' ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(totalBytes) };
  return new Promise((resolve, reject) => {
    const req = request(`${url}/checkout`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...framingHeader } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before the whole body is written: that is fine.
    req.on('error', reject);
    const chunk = Buffer.alloc(8 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('npm run dev:worker (real wrangler dev)', () => {
  let child: ChildProcess;
  let url: string;
  let stateDir: string;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    stateDir = mkdtempSync(join(tmpdir(), 'pospal-dev-worker-'));
    child = spawn(process.execPath, [devWorkerScript], {
      env: { ...process.env, PORT: String(port), POSPAL_WORKER_STATE: stateDir, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true', NO_COLOR: '1' },
      detached: true, // its own process group: stopped with wrangler and workerd below
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + 110_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`dev-worker exited with ${child.exitCode}:\n${output}`);
      const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`dev-worker did not become healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 120_000);

  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('runs with ENVIRONMENT=development (passed with --var), so development billing and /dev/* exist', async () => {
    const health = (await (await fetch(`${url}/health`)).json()) as { system: { environment: string } };
    expect(health.system.environment).toBe('development');
    expect((await fetch(`${url}/dev/outbox`)).status).toBe(200);
    const checkout = await fetch(`${url}/checkout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'dev-worker@example.com', name: 'Dev', businessName: 'Dev Café', claimHash: CLAIM_HASH }),
    });
    expect(checkout.status).toBe(200);
    expect(((await checkout.json()) as { checkoutUrl: string }).checkoutUrl).toContain('/checkout/open/cs_dev_');
  });

  it.each(['chunked', 'content-length'] as const)('a %s body over 64 KiB is answered 413 and wrangler dev keeps serving the next request', async (framing) => {
    // A few rounds: whether the half-read body breaks the proxy depends on how much was in flight.
    for (let round = 0; round < 3; round++) {
      const big = await postLarge(url, 256 * 1024, framing);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ success: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
      await new Promise((r) => setTimeout(r, 500)); // a broken proxy shows itself on the next request, not at once
      expect(child.exitCode).toBeNull();
      const next = await fetch(`${url}/checkout`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: `after-413-${framing}-${round}@example.com`, name: 'Next', businessName: 'Next Café', claimHash: CLAIM_HASH }),
      });
      expect(next.status).toBe(200);
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
