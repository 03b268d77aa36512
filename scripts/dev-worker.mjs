#!/usr/bin/env node
// `npm run dev:worker`: only the local licensing worker, as a developer runs it.
// First start generates licensing-worker/.dev.vars (webhook secret, Ed25519 signing key) and
// the public key file for the app; then the local D1 migrations are applied and
// `wrangler dev` serves on 127.0.0.1:${PORT:-8787} with development billing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devPublicKeyPath, devVarsPath, ensureDevVars, workerDir } from './dev-keys.mjs';

const wranglerBin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}
const persistDir = process.env.POSPAL_WORKER_STATE ?? join(workerDir, '.wrangler', 'state');
mkdirSync(persistDir, { recursive: true });

const { kid, publicKey, offlineKid, offlinePublicKey, created } = ensureDevVars();
console.log(created ? `Generated development secrets in ${devVarsPath}` : `Using development secrets from ${devVarsPath}`);
console.log(`License public key for the app: ${devPublicKeyPath} (POSPAL_LICENSE_KEYS=${kid}=${publicKey})`);
console.log(`Offline license files' key: POSPAL_OFFLINE_LICENSE_KEYS=${offlineKid}=${offlinePublicKey} (issue with npm run license:issue)`);

console.log('Applying D1 migrations to the local database…');
const migrate = spawnSync(process.execPath, [wranglerBin, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir], {
  cwd: workerDir,
  env: { ...env, CI: 'true' },
  stdio: 'inherit',
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const base = `http://127.0.0.1:${port}`;
// wrangler.toml's top-level environment is production-like: development is asked for explicitly.
const args = [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistDir, '--var', 'ENVIRONMENT:development', '--var', `PUBLIC_BASE_URL:${base}`];
if (process.env.RATE_LIMITS) args.push('--var', `RATE_LIMITS:${process.env.RATE_LIMITS}`);
const child = spawn(process.execPath, args, { cwd: workerDir, env, stdio: 'inherit' });

console.log(`
Licensing worker (development billing) starting at ${base}
  Buy a development subscription:
    curl -s -X POST ${base}/checkout -H 'Content-Type: application/json' \\
      -d '{"email":"you@example.com","name":"You","businessName":"Your Café","claimHash":"0000000000000000000000000000000000000000000000000000000000000000"}'
    then open the "checkoutUrl" it prints and press Pay (or POST it: ${base}/dev/checkout/<sessionId>/pay)
  The welcome email (with the unlock token):  ${base}/dev/outbox?to=you@example.com
  Simulate billing events:                   ${base}/dev/billing?email=you@example.com
  Health:                                    ${base}/health
`);

const stop = (signal) => {
  if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
