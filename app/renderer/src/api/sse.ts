/** A small server-sent-events parser: complete events out, the unfinished tail kept. */
export interface SseEvent { event: string; data: unknown }

export function parseSseChunk(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const normalized = buffer.replace(/\r\n/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // keep-alive comment
      const idx = line.indexOf(':');
      const field = idx === -1 ? line : line.slice(0, idx);
      const value = idx === -1 ? '' : line.slice(idx + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) continue;
    const text = data.join('\n');
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* plain text data */ }
    events.push({ event, data: parsed });
  }
  return { events, rest };
}

export interface EventStreamOptions {
  url: string;
  /** Read before every (re)connect, so a new device token after pairing is used at once. */
  headers: () => Record<string, string>;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  onEvent: (event: SseEvent) => void;
  /** Wait before reconnecting after the stream ended or failed (the server says `retry: 2000`). */
  reconnectDelayMs?: number;
  /** Called with the status when the server refused the stream (401 after a revoked tablet, …). */
  onRefused?: (status: number) => void;
}

/**
 * Reads a server-sent-events stream with fetch() and a streaming body reader, not EventSource:
 * EventSource cannot send the Authorization header, and a token in the URL ends up in logs.
 * Reconnects by itself until `signal` aborts.
 */
export async function runEventStream(opts: EventStreamOptions): Promise<void> {
  const delay = opts.reconnectDelayMs ?? 2000;
  const { signal } = opts;
  while (!signal.aborted) {
    try {
      const res = await opts.fetchImpl(opts.url, { headers: { accept: 'text/event-stream', ...opts.headers() }, signal, cache: 'no-store' });
      if (!res.ok || !res.body) {
        opts.onRefused?.(res.status);
        throw new Error(`events ${res.status}`);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const parsed = parseSseChunk(buffer);
        buffer = parsed.rest;
        for (const ev of parsed.events) opts.onEvent(ev);
      }
    } catch {
      if (signal.aborted) return;
    }
    await sleep(delay, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
