import { describe, expect, it } from 'vitest';
import { parseSseChunk, runEventStream } from './sse';
import type { SseEvent } from './sse';
import { createHttpClient } from './http-client';
import type { TokenStore } from './http-client';
import { createFormatters } from '../format';

describe('server-sent events parser', () => {
  it('yields complete events, keeps the unfinished tail, skips comments', () => {
    const { events, rest } = parseSseChunk(': keep-alive\n\nevent: license\ndata: {"state":"active"}\n\nevent: orders\ndata: {"id":"o1"}\n\nevent: pri');
    expect(events).toEqual([{ event: 'license', data: { state: 'active' } }, { event: 'orders', data: { id: 'o1' } }]);
    expect(rest).toBe('event: pri');
  });
  it('handles CRLF and multi-line data', () => {
    expect(parseSseChunk('event: x\r\ndata: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'x', data: 'a\nb' }]);
  });
});

describe('money formatting', () => {
  it('formats cents by locale and parses typed amounts to cents without floats', () => {
    const el = createFormatters('el-GR', 'EUR');
    expect(el.money(123456)).toMatch(/1\.234,56\s€/);
    expect(el.parseMoney('12,5')).toBe(1250);
    expect(el.parseMoney('0.07')).toBe(7);
    expect(el.parseMoney('1.234')).toBeNull();
    expect(el.parseMoney('abc')).toBeNull();
    expect(createFormatters('en-IE', 'EUR').money(350)).toBe('€3.50');
    expect(createFormatters('ja-JP', 'JPY').parseMoney('500')).toBe(500);
  });
});

/** A fetch that answers each connect from a script: a stream of chunks, or a status. */
function scriptedFetch(script: ({ chunks: string[]; keepOpen?: boolean } | { status: number })[]) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    const next = script.shift() ?? { chunks: [], keepOpen: true };
    if ('status' in next) return new Response(JSON.stringify({ ok: false }), { status: next.status });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of next.chunks) controller.enqueue(encoder.encode(c));
        if (!next.keepOpen) controller.close();
        init?.signal?.addEventListener('abort', () => { try { controller.error(new Error('aborted')); } catch { /* closed */ } });
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

const until = async (cond: () => boolean) => { for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2)); };

describe('event stream client (fetch, not EventSource)', () => {
  it('sends the device token in the Authorization header, never in the URL, and parses events split across chunks', async () => {
    const { fetchImpl, seen } = scriptedFetch([{ chunks: ['retry: 2000\n\nevent: lic', 'ense\ndata: {"state":"act', 'ive"}\n\n'], keepOpen: true }]);
    const events: SseEvent[] = [];
    const abort = new AbortController();
    const done = runEventStream({ url: 'http://till/api/events', headers: () => ({ authorization: 'Bearer dev-1' }), fetchImpl, signal: abort.signal, onEvent: (e) => events.push(e) });
    await until(() => events.length === 1);
    expect(events).toEqual([{ event: 'license', data: { state: 'active' } }]);
    expect(seen[0]!.url).toBe('http://till/api/events');
    expect(seen[0]!.url).not.toContain('token');
    expect(seen[0]!.headers.authorization).toBe('Bearer dev-1');
    abort.abort();
    await done;
  });

  it('reconnects after the stream ends or is refused, with the headers of that moment, until aborted', async () => {
    const { fetchImpl, seen } = scriptedFetch([
      { chunks: ['event: orders\ndata: {"id":"o1"}\n\n'] },
      { status: 401 },
      { chunks: ['event: orders\ndata: {"id":"o2"}\n\n'], keepOpen: true },
    ]);
    let token = 'old';
    const refused: number[] = [];
    const events: SseEvent[] = [];
    const abort = new AbortController();
    const done = runEventStream({
      url: '/api/events', headers: () => ({ authorization: `Bearer ${token}` }), fetchImpl, signal: abort.signal,
      onEvent: (e) => { events.push(e); token = 'new'; }, onRefused: (s) => refused.push(s), reconnectDelayMs: 1,
    });
    await until(() => events.length === 2);
    expect(events.map((e) => (e.data as { id: string }).id)).toEqual(['o1', 'o2']);
    expect(refused).toEqual([401]);
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer old', 'Bearer new', 'Bearer new']);
    abort.abort();
    await done;
    const connects = seen.length;
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.length).toBe(connects);
  });

  it('the HTTP client opens the stream with its stored device token in the header', async () => {
    const { fetchImpl, seen } = scriptedFetch([{ chunks: ['event: print\ndata: {"id":"j1"}\n\n'], keepOpen: true }]);
    const values = new Map<string, string>([['pospal.deviceToken', 'tablet-token']]);
    const store: TokenStore = { get: (k) => values.get(k) ?? null, set: (k, v) => { if (v === null) values.delete(k); else values.set(k, v); } };
    const client = createHttpClient({ baseUrl: 'http://192.168.1.20:4173', store, fetchImpl, reconnectDelayMs: 1 });
    const got: unknown[] = [];
    const off = client.on('print', (d) => got.push(d));
    await until(() => got.length === 1);
    expect(got).toEqual([{ id: 'j1' }]);
    expect(seen[0]).toMatchObject({ url: 'http://192.168.1.20:4173/api/events', headers: { authorization: 'Bearer tablet-token' } });
    expect(seen[0]!.url).not.toContain('tablet-token');
    off();
  });
});
