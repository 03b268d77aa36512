/**
 * Issue 9 rules 4 and 7 through the composition root (real HTTP server, real files): the data
 * folder is private, a token left in an old database moves to the secret store and never
 * reaches a screen, and the disk status (low, full) is what the UI is told.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPosPal } from './bootstrap';
import type { PosPal, StartOptions } from './bootstrap';
import { tempDir } from './core/db/test-helpers';
import { secretsFileOf } from './core/secrets/file-store';
import { databaseFrom005 } from './core/secrets/test-legacy';

const TOKEN = 'POS-LEAKY-TOKEN-QWERT-YUIOP';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let app: PosPal | null = null;
let tmp: ReturnType<typeof tempDir> | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  tmp?.cleanup();
  tmp = null;
});

async function start(prepare?: (dataDir: string) => void, extra: Partial<StartOptions> = {}) {
  tmp = tempDir('pospal-boot-secrets-');
  const dataDir = join(tmp.dir, 'data');
  prepare?.(dataDir);
  const env = { POSPAL_DATA_DIR: dataDir, POSPAL_LICENSE_URL: `http://127.0.0.1:${await closedPort()}` };
  app = await startPosPal({
    env, rendererDir: null, http: 'always', host: '127.0.0.1', port: 0, log: () => {},
    licenseClient: { maxRetries: 0, timeoutMs: 500 },
    fingerprint: { readComponents: async () => ({ machineId: 'boot-secrets-machine', cpuModel: 'test cpu' }) },
    ...extra,
  });
  return { a: app, dataDir };
}

async function call(a: PosPal, command: string, input: unknown = {}) {
  const res = await fetch(`${a.server!.url}/api/call/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${a.server!.localToken}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, text: await res.text() };
}

/** The first events the stream sends a screen that connects (license, disk). */
async function firstEvents(a: PosPal): Promise<string> {
  const ctl = new AbortController();
  const res = await fetch(`${a.server!.url}/api/events`, { headers: { authorization: `Bearer ${a.server!.localToken}` }, signal: ctl.signal });
  const reader = res.body!.getReader();
  let text = '';
  while (!(text.includes('event: license') && text.includes('event: disk'))) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  ctl.abort();
  return text;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [join(dir, e.name), ...walk(join(dir, e.name))] : [join(dir, e.name)]));
}

describe('secrets at rest through startPosPal (rule 4)', () => {
  it('a fresh data folder is 0700 and every file in it (database, WAL, devices, backups) is 0600', async () => {
    const { a, dataDir } = await start();
    await expect.poll(() => walk(dataDir).some((p) => p.includes(`${join('backups', 'pospal-')}`))).toBe(true);
    await call(a, 'demo.load');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const paths = walk(dataDir);
    expect(paths.map((p) => p.slice(dataDir.length + 1))).toEqual(expect.arrayContaining(['pospal.db', 'pospal.db-wal', 'devices.db', 'backups']));
    for (const p of paths) expect([p, statSync(p).mode & 0o777]).toEqual([p, statSync(p).isDirectory() ? 0o700 : 0o600]);
  });

  it('the token of an older database moves to the secret store and is in no answer, status or event a screen gets', async () => {
    const { a, dataDir } = await start((dir) => {
      const file = databaseFrom005(dir, TOKEN, Date.now());
      mkdirSync(join(dir, 'backups'));
      copyFileSync(file, join(dir, 'backups', 'pospal-2026-01-01.sqlite3')); // a backup from before the upgrade
    });
    for (const p of walk(dataDir).filter((f) => !f.endsWith('.json') && statSync(f).isFile())) expect([p, readFileSync(p).includes(Buffer.from(TOKEN))]).toEqual([p, false]);
    expect(readFileSync(secretsFileOf(dataDir), 'utf8')).toContain(TOKEN);
    expect(statSync(secretsFileOf(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'pospal.db')).includes(Buffer.from(TOKEN))).toBe(false);
    const answers = [
      await call(a, 'license.status'), await call(a, 'license.check'), await call(a, 'license.machines'),
      await call(a, 'license.portal'), await call(a, 'license.deactivate', { machineId: 'other' }), await call(a, 'license.takeOver'),
    ];
    for (const r of answers) expect(r.text).not.toContain(TOKEN);
    expect(answers[0]!.text).toContain('owner@cafe.example');
    expect(await firstEvents(a)).not.toContain(TOKEN);
  });
});

describe('disk space through startPosPal (rule 7)', () => {
  it('little free space at start is a "low" disk status, in the command and the first events', async () => {
    const { a } = await start(undefined, { disk: { statfs: async () => ({ bavail: 1000, bsize: 4096 }) } });
    await expect.poll(async () => JSON.parse((await call(a, 'system.disk')).text).result.low).toBe(true);
    expect(await firstEvents(a)).toMatch(/event: disk\ndata: \{[^\n]*"low":true/);
  });

  it('a write that fails for lack of space answers DISK_FULL and turns the status to full', async () => {
    const { a } = await start();
    a.api.db().pragma(`max_page_count = ${Number(a.api.db().pragma('page_count', { simple: true }))}`);
    const demo = await call(a, 'demo.load');
    expect(demo.status).toBe(503);
    expect(JSON.parse(demo.text).error.code).toBe('DISK_FULL');
    expect(JSON.parse((await call(a, 'system.disk')).text).result).toMatchObject({ full: true });
  });
});
