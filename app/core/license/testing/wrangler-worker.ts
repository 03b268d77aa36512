/**
 * Fallback starter for the real worker, used only while W-A's scripts/lib/local-worker.ts is
 * not in the tree: `wrangler dev` (workerd) on a free 127.0.0.1 port with a fresh local D1
 * (migrations applied), a freshly generated Ed25519 signing key and development billing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalWorker } from './real-worker';

const workerDir = fileURLToPath(new URL('../../../../licensing-worker', import.meta.url));
const binDir = fileURLToPath(new URL('../../../../node_modules/.bin', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return typeof address === 'object' && address ? address.port : 0;
}

export async function startWranglerWorker(vars: Record<string, string> = {}): Promise<LocalWorker> {
  const persist = mkdtempSync(join(tmpdir(), 'pospal-worker-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = `test-${randomBytes(3).toString('hex')}`;
  const env = {
    ...process.env,
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CI: '1',
  };
  const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: workerDir, env, encoding: 'utf8' });
  if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed: ${migrate.stderr || migrate.stdout}`);
  const allVars: Record<string, string> = {
    LICENSE_SIGNING_KEY: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    LICENSE_KEY_ID: kid,
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
    PUBLIC_BASE_URL: url,
    ENVIRONMENT: 'development',
    ...vars,
  };
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persist, '--show-interactive-dev-session=false'];
  for (const [k, v] of Object.entries(allVars)) args.push('--var', `${k}:${v}`);
  const child = spawn('wrangler', args, { cwd: workerDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => { log += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { log += d.toString(); });
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', kill);

  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`wrangler dev did not start:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    kid,
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    async stop() {
      kill();
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      process.removeListener('exit', kill);
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
