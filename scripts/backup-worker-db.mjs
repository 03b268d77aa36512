#!/usr/bin/env node
// `npm run backup:worker`: exports the licensing worker's D1 database to a timestamped SQL file
// (backups/pospal-licensing-<UTC timestamp>.sql, gitignored) and verifies it by re-importing it
// into a scratch local database and comparing every table's row count with the source.
//
//   npm run backup:worker                          # the local development database
//   npm run backup:worker -- --remote              # production (wrangler must be logged in)
//   npm run backup:worker -- --persist-to <dir> --out <dir>
//   npm run backup:worker -- --remote --report https://licensing.pospal.app
//
// With --report <worker URL> (or POSPAL_ADMIN_URL) the verified result (or the failure) is
// reported to the console (POST /admin/api/backups), which shows the last verified backup and
// alerts the operators when it is more than a day old. Production authenticates through a
// Cloudflare Access service token (CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET, whose client
// id the worker knows as ADMIN_BACKUP_SERVICE_TOKEN_ID); a development worker through its
// development sign-in as POSPAL_ADMIN_EMAIL (default owner@pospal.local).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workerDir = join(root, 'licensing-worker');
const wranglerBin = join(root, 'node_modules/wrangler/bin/wrangler.js');

function wrangler(args) {
  const r = spawnSync(process.execPath, [wranglerBin, ...args], {
    cwd: workerDir,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Runs one query with --json and returns its rows. */
function query(target, sql) {
  const out = wrangler(['d1', 'execute', 'DB', ...target, '--json', '--command', sql]);
  const parsed = JSON.parse(out.slice(out.indexOf('[')));
  return parsed[0]?.results ?? [];
}

export function tableCounts(target) {
  const tables = query(target, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").map((r) => r.name);
  if (tables.length === 0) return {};
  // One row of scalar subqueries (D1 caps compound SELECTs at a few terms).
  const [row] = query(target, `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`);
  return { ...row };
}

export function backupWorkerDb({ remote = false, persistDir = join(workerDir, '.wrangler', 'state'), outDir = join(root, 'backups'), now = new Date() } = {}) {
  mkdirSync(outDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = resolve(outDir, `pospal-licensing-${stamp}.sql`);
  const source = remote ? ['--remote', '--env', 'production'] : ['--local', '--persist-to', persistDir];
  if (remote) {
    wrangler(['d1', 'export', 'DB', '--remote', '--env', 'production', '--output', file]);
  } else {
    // `d1 export --local` has no --persist-to: it reads <config dir>/.wrangler/state. Point a
    // copy of the config at the state directory through a symlink.
    const shim = mkdtempSync(join(tmpdir(), 'pospal-backup-config-'));
    try {
      copyFileSync(join(workerDir, 'wrangler.toml'), join(shim, 'wrangler.toml'));
      mkdirSync(join(shim, '.wrangler'));
      symlinkSync(resolve(persistDir), join(shim, '.wrangler', 'state'), 'dir');
      wrangler(['d1', 'export', 'DB', '--local', '--config', join(shim, 'wrangler.toml'), '--output', file]);
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), 'pospal-backup-verify-'));
  try {
    wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', scratch, '--yes', '--file', file]);
    const expected = tableCounts(source);
    const actual = tableCounts(['--local', '--persist-to', scratch]);
    const mismatches = Object.keys({ ...expected, ...actual }).filter((t) => expected[t] !== actual[t]);
    if (mismatches.length > 0) {
      throw new Error(`backup verification failed for ${mismatches.map((t) => `${t} (source ${expected[t]}, restored ${actual[t]})`).join(', ')}`);
    }
    return { file, bytes: statSync(file).size, counts: expected };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Reports a backup's outcome to the console. Returns the HTTP status; throws on refusal. */
export async function reportBackup(baseUrl, report, { env = process.env, fetchImpl = fetch } = {}) {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = { 'Content-Type': 'application/json' };
  if (env.CF_ACCESS_CLIENT_ID && env.CF_ACCESS_CLIENT_SECRET) {
    headers['CF-Access-Client-Id'] = env.CF_ACCESS_CLIENT_ID;
    headers['CF-Access-Client-Secret'] = env.CF_ACCESS_CLIENT_SECRET;
  } else {
    const email = env.POSPAL_ADMIN_EMAIL || 'owner@pospal.local';
    const signIn = await fetchImpl(`${base}/admin/dev/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ email }), redirect: 'manual' });
    if (signIn.status !== 200) throw new Error(`development sign-in at ${base} answered ${signIn.status} (production needs CF_ACCESS_CLIENT_ID/SECRET)`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const session = await fetchImpl(`${base}/admin/api/session`, { headers: { Cookie: cookie } });
    const { csrfToken } = await session.json();
    Object.assign(headers, { Cookie: `${cookie}; pospal_admin_csrf=${csrfToken}`, 'X-Admin-CSRF': csrfToken, Origin: base });
  }
  const res = await fetchImpl(`${base}/admin/api/backups`, { method: 'POST', headers, body: JSON.stringify(report) });
  if (res.status !== 201) throw new Error(`the console refused the backup report: ${res.status} ${await res.text()}`);
  return res.status;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const reportTo = opt('--report') ?? process.env.POSPAL_ADMIN_URL;
  let report;
  try {
    const result = backupWorkerDb({
      remote: args.includes('--remote'),
      ...(opt('--persist-to') ? { persistDir: resolve(opt('--persist-to')) } : {}),
      ...(opt('--out') ? { outDir: resolve(opt('--out')) } : {}),
    });
    console.log(`Backup written: ${result.file} (${result.bytes} bytes)`);
    console.log(`Verified by re-import into a scratch database: ${Object.entries(result.counts).map(([t, n]) => `${t}=${n}`).join(', ')}`);
    report = { verified: true, file: result.file, bytes: result.bytes, tables: result.counts };
  } catch (e) {
    console.error(`backup:worker failed: ${e.message}`);
    report = { verified: false, file: '(none)', bytes: 0, tables: {}, error: String(e.message).slice(0, 1900) };
    process.exitCode = 1;
  }
  if (reportTo) {
    try {
      await reportBackup(reportTo, report);
      console.log(`Reported to ${reportTo}/admin/api/backups`);
    } catch (e) {
      console.error(`backup:worker could not report: ${e.message}`);
      process.exitCode = 1;
    }
  } else {
    console.log('Not reported to the console (pass --report <worker URL> or set POSPAL_ADMIN_URL).');
  }
}
