// The local worker as the app's integration tests use it: real wrangler dev + workerd + local D1.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSuccessSchema, verifyLicenseFile } from '../../licensing-worker/src/protocol';
import { backupWorkerDb } from '../backup-worker-db.mjs';
import { startLocalWorker, type LocalWorker } from './local-worker';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const components = { machineId: sha('lw:id'), cpu: sha('lw:cpu'), disk: sha('lw:disk') };
const device = { machineFingerprint: sha(Object.values(components).sort().join('|')), components, name: 'Test till', platform: 'linux', appVersion: '0.1.0' };

async function buyDevSubscription(base: string, email: string) {
  const claimSecret = randomBytes(32).toString('base64url');
  const checkout = await fetch(`${base}/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, name: 'Test', businessName: 'Test Café', claimHash: sha(claimSecret) }),
  });
  expect(checkout.status).toBe(200);
  const { sessionId } = (await checkout.json()) as { sessionId: string };
  const pay = await fetch(`${base}/dev/checkout/${sessionId}/pay`, { method: 'POST', redirect: 'manual' });
  expect(pay.status).toBe(303);
  const instant = await fetch(`${base}/validate-unified`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ operation: 'instant', credentials: { email, stripeSessionId: sessionId, claimSecret }, device }),
  });
  expect(instant.status).toBe(200);
  return validateSuccessSchema.parse(await instant.json());
}

describe('startLocalWorker', () => {
  const started: LocalWorker[] = [];
  afterAll(async () => {
    await Promise.all(started.map((w) => w.stop()));
  });

  it('starts a fresh worker on a free port whose licenses verify with the returned key, and stops it completely', async () => {
    const worker = await startLocalWorker();
    started.push(worker);
    expect(worker.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${worker.url}/health`);
    expect(health.status).toBe(200);
    const keys = (await (await fetch(`${worker.url}/.well-known/license-keys`)).json()) as { keys: Array<{ kid: string; publicKey: string }> };
    expect(keys.keys[0]).toMatchObject({ kid: worker.kid, publicKey: worker.publicKey });

    const answer = await buyDevSubscription(worker.url, 'local-worker@example.com');
    expect(answer.token).toMatch(/^POS(-[0-9A-Z]{5}){4}$/);
    const verified = await verifyLicenseFile(answer.license, [{ kid: worker.kid, publicKey: worker.publicKey }]);
    expect(verified.ok && verified.payload.machineFingerprint).toBe(device.machineFingerprint);
    const outbox = (await (await fetch(`${worker.url}/dev/outbox?to=local-worker@example.com`)).json()) as { emails: Array<{ template: string }> };
    expect(outbox.emails.map((e) => e.template)).toContain('welcome');

    await worker.stop();
    expect(existsSync(worker.persistDir)).toBe(false);
    await expect(fetch(`${worker.url}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  }, 240_000);

  it('keeps state in persistDir across restarts, and the backup script exports and verifies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pospal-lw-persist-'));
    const out = mkdtempSync(join(tmpdir(), 'pospal-lw-backup-'));
    try {
      const first = await startLocalWorker({ persistDir: dir });
      started.push(first);
      await buyDevSubscription(first.url, 'persist@example.com');
      await first.stop();

      const backup = backupWorkerDb({ persistDir: dir, outDir: out }) as { file: string; counts: Record<string, number> };
      expect(backup.file).toMatch(/pospal-licensing-\d{4}-\d{2}-\d{2}T[\d-]+Z\.sql$/);
      expect(backup.counts.customers).toBe(1);
      expect(readFileSync(backup.file, 'utf8')).toContain('persist@example.com');

      const second = await startLocalWorker({ persistDir: dir });
      started.push(second);
      const outbox = (await (await fetch(`${second.url}/dev/outbox?to=persist@example.com`)).json()) as { emails: unknown[] };
      expect(outbox.emails.length).toBeGreaterThan(0);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 400_000);
});
