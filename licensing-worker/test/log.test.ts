// The worker's one logger: JSON lines with level and event, secrets replaced, and the
// scattered console.error calls go through it (a misconfigured worker logs config_invalid once).
import { afterEach, describe, expect, it } from 'vitest';
import type { Env } from '../src/env';
import { logEvent, setLogSink, type LogLevel } from '../src/log';
import { workerWithClock } from './helpers';

const lines: Array<{ level: LogLevel; line: string }> = [];
let restore = setLogSink((level, line) => lines.push({ level, line }));
afterEach(() => {
  lines.length = 0;
});

describe('worker logger', () => {
  it('writes one JSON object per line with level, event and fields, secrets redacted', () => {
    logEvent('warn', 'something', { requestId: 'r1', token: 'POS-AAAAA', sessionId: 's-123', claimSecret: 'c', nested: 1 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    const entry = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(entry).toEqual({ level: 'warn', event: 'something', requestId: 'r1', token: '[redacted]', sessionId: '[redacted]', claimSecret: '[redacted]', nested: 1 });
    expect(lines[0]!.line).not.toContain('POS-AAAAA');
  });

  it('a misconfigured worker logs config_invalid once (names only, no values), not per request', async () => {
    const w = workerWithClock(Date.now(), { STRIPE_WEBHOOK_SECRET: undefined } as unknown as Partial<Env>);
    await w.get('/health');
    await w.get('/health');
    const config = lines.map((l) => JSON.parse(l.line) as Record<string, unknown>).filter((e) => e.event === 'config_invalid');
    expect(config).toEqual([expect.objectContaining({ level: 'error', missing: ['STRIPE_WEBHOOK_SECRET'] })]);
    expect(lines.map((l) => l.line).join('\n')).not.toContain(w.env.LICENSE_SIGNING_KEY);
    restore();
    restore = () => {};
  });
});
