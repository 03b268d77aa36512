#!/usr/bin/env node
// `npm run backup:worker`: exports the licensing worker's D1 database to a timestamped SQL file
// (backups/pospal-licensing-<UTC timestamp>.sql, gitignored) and verifies it by re-importing it
// into a scratch local database and comparing every table's row count with the source.
//
//   npm run backup:worker                          # the local development database
//   npm run backup:worker -- --remote              # production (wrangler must be logged in)
//   npm run backup:worker -- --persist-to <dir> --out <dir>
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  try {
    const result = backupWorkerDb({
      remote: args.includes('--remote'),
      ...(opt('--persist-to') ? { persistDir: resolve(opt('--persist-to')) } : {}),
      ...(opt('--out') ? { outDir: resolve(opt('--out')) } : {}),
    });
    console.log(`Backup written: ${result.file} (${result.bytes} bytes)`);
    console.log(`Verified by re-import into a scratch database: ${Object.entries(result.counts).map(([t, n]) => `${t}=${n}`).join(', ')}`);
  } catch (e) {
    console.error(`backup:worker failed: ${e.message}`);
    process.exit(1);
  }
}
