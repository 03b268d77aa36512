// Log files a support person can read: rotated by size and by day, kept to a number, private
// (0700 folder, 0600 files) like the rest of the data folder, and never holding a secret.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { createAppLogs, logsDirOf } from './logger';
import { redact, redactText } from './redact';
import { rotatingFile } from './rotating-file';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pospal-logs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (p: string) => statSync(p).mode & 0o777;
const noon = (day: string) => new Date(`${day}T12:00:00`).getTime();

describe('rotating log file', () => {
  it('rotates when a line would pass maxBytes, keeping every line in order', () => {
    const dir = join(tmp(), 'logs');
    const clock = manualClock(noon('2026-03-10'));
    const f = rotatingFile({ dir, name: 'core', clock, maxBytes: 100, keep: 10 });
    for (let i = 0; i < 10; i++) f.append(`line ${i} ${'x'.repeat(30)}`);
    const files = readdirSync(dir).sort();
    expect(files).toContain('core.log');
    expect(files.filter((n) => n.startsWith('core.2026-03-10.'))).toHaveLength(4);
    for (const n of files) expect(statSync(join(dir, n)).size).toBeLessThanOrEqual(100);
    const archived = ['core.2026-03-10.1.log', 'core.2026-03-10.2.log', 'core.2026-03-10.3.log', 'core.2026-03-10.4.log', 'core.log'];
    const all = archived.map((n) => readFileSync(join(dir, n), 'utf8')).join('');
    expect(all.trim().split('\n').map((l) => l.split(' ')[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('starts a new file when the day changes, and keeps only the newest `keep` rotated files', () => {
    const dir = join(tmp(), 'logs');
    const clock = manualClock(noon('2026-03-10'));
    const f = rotatingFile({ dir, name: 'main', clock, keep: 2 });
    for (const day of ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']) {
      clock.set(noon(day));
      f.append(`on ${day}`);
    }
    expect(readdirSync(dir).sort()).toEqual(['main.2026-03-11.1.log', 'main.2026-03-12.1.log', 'main.log']);
    expect(readFileSync(join(dir, 'main.2026-03-12.1.log'), 'utf8')).toBe('on 2026-03-12\n');
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe('on 2026-03-13\n');
  });

  it('the logs folder is 0700 and every log file 0600, rotated ones too', () => {
    const dataDir = tmp();
    const clock = manualClock(noon('2026-03-10'));
    const logs = createAppLogs({ dataDir, clock, maxBytes: 120 });
    for (let i = 0; i < 5; i++) logs.server.info('request', { n: i, path: '/api/call' });
    logs.main.warn('started');
    const dir = logsDirOf(dataDir);
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(2);
    for (const n of files) expect(mode(join(dir, n))).toBe(0o600);
  });

  it('lines are readable: time, level, part, event, fields', () => {
    const dataDir = tmp();
    const logs = createAppLogs({ dataDir, clock: manualClock(Date.UTC(2026, 11, 1, 17, 20)) });
    logs.core.warn('backup_failed', { message: 'disk full' });
    expect(readFileSync(join(logsDirOf(dataDir), 'core.log'), 'utf8')).toBe('2026-12-01T17:20:00.000Z WARN  core   backup_failed {"message":"disk full"}\n');
  });
});

describe('log redaction', () => {
  const unlockToken = 'POS-7K2QM-9XW4B-ZT8RH-3NC5P';
  const bearer = 'a3F9c2VjcmV0LXRva2VuLXZhbHVlLTMyLWJ5dGVzLWxv'.slice(0, 43);
  const secrets = { unlockToken, claimSecret: 'Zq3-x_8yQ2mKp0Lr5vN7sT9wB1cD4eF6gH8jJ0kL2mN', sessionId: 'sess-abc-123', pin: '4821', deviceToken: 'dev-tok-999' };

  it('secret-named fields and secret-looking text never reach the file', () => {
    const dataDir = tmp();
    const logs = createAppLogs({ dataDir, clock: manualClock(noon('2026-03-10')) });
    logs.core.info('license.activate', { email: 'shop@example.com', token: unlockToken, nested: { pin: secrets.pin, sessionId: secrets.sessionId } });
    logs.server.warn('pairing', { deviceKey: 'k-1', headers: { authorization: `Bearer ${bearer}` }, url: `http://127.0.0.1:4173/#token=${bearer}` });
    logs.main.error(`activation failed for ${unlockToken} with claim ${secrets.claimSecret}`, { error: new Error(`bad session ${secrets.claimSecret}`) });
    logs.core.info('staff.login', { staffId: 's1', newPin: '9999', device_token: secrets.deviceToken, stripeSessionId: 'cs_test_a1B2c3' });
    const text = readdirSync(logsDirOf(dataDir)).map((n) => readFileSync(join(logsDirOf(dataDir), n), 'utf8')).join('');
    for (const s of [unlockToken, bearer, secrets.claimSecret, secrets.sessionId, secrets.pin, secrets.deviceToken, '9999', 'cs_test_a1B2c3']) expect(text).not.toContain(s);
    expect(text).toContain('shop@example.com');
    expect(text).toContain('[redacted]');
  });

  it('keeps what a support person needs (ids, codes, states, amounts)', () => {
    expect(redact({ orderId: '0195f3c2-aaaa-7bbb-8ccc-0123456789ab', code: 'DB_BUSY', state: 'active', totalCents: 1250, sessionHolder: { name: 'Till 2' } }))
      .toEqual({ orderId: '0195f3c2-aaaa-7bbb-8ccc-0123456789ab', code: 'DB_BUSY', state: 'active', totalCents: 1250, sessionHolder: { name: 'Till 2' } });
    expect(redactText(`token ${unlockToken.toLowerCase()}`)).toBe('token [redacted]');
  });
});
