// A simulated tablet for the day-of-service benchmark: talks to the app's real HTTP server as
// the renderer does (Bearer device token, X-Staff-Session after PIN sign-in), times each call by
// operation, and keeps an SSE listener open on /api/events counting what arrives.
import { performance } from 'node:perf_hooks';

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export class Tablet {
  readonly timings = new Map<string, number[]>();
  readonly events = new Map<string, number>();
  errors = 0;
  staffToken: string | null = null;
  private sse: AbortController | null = null;

  constructor(readonly base: string, readonly deviceToken: string, readonly name: string) {}

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', authorization: `Bearer ${this.deviceToken}`, ...(this.staffToken ? { 'x-staff-session': this.staffToken } : {}) };
  }

  async raw<T>(path: string, body: unknown): Promise<Envelope<T>> {
    const res = await fetch(`${this.base}${path}`, { method: 'POST', headers: this.headers(), body: JSON.stringify(body) });
    return (await res.json()) as Envelope<T>;
  }

  /** One timed call; throws on a refusal (the day must go through). */
  async call<T>(command: string, input: unknown, op = command): Promise<T> {
    const t = performance.now();
    const r = await this.raw<T>(`/api/call/${command}`, input);
    const took = performance.now() - t;
    (this.timings.get(op) ?? this.timings.set(op, []).get(op)!).push(took);
    if (!r.ok) {
      this.errors++;
      throw new Error(`${this.name} ${command}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? "")}`);
    }
    return r.result;
  }

  async signIn(staffId: string, pin: string): Promise<void> {
    const r = await this.raw<{ token: string }>('/api/auth/pin', { staffId, pin });
    if (!r.ok) throw new Error(`${this.name} PIN sign-in: ${r.error.code} ${r.error.message}`);
    this.staffToken = r.result.token;
  }

  /** Opens the events stream (as the renderer reads it, with fetch) and counts events by name. */
  async listen(): Promise<void> {
    this.sse = new AbortController();
    const res = await fetch(`${this.base}/api/events`, { headers: { authorization: `Bearer ${this.deviceToken}` }, signal: this.sse.signal });
    if (!res.ok || !res.body) throw new Error(`${this.name} events: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          const lines = buf.split('\n');
          buf = lines.pop() ?? '';
          for (const l of lines) if (l.startsWith('event: ')) this.events.set(l.slice(7), (this.events.get(l.slice(7)) ?? 0) + 1);
        }
      } catch {
        /* aborted at the end of the day */
      }
    })();
  }

  close(): void {
    this.sse?.abort();
  }
}

/** Pairs a tablet through the real flow: a code issued on the main computer, POST /api/pair. */
export async function pairTablet(base: string, main: Tablet, name: string): Promise<Tablet> {
  const { code } = await main.call<{ code: string }>('device.pairingCode', {});
  const res = await fetch(`${base}/api/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName: name }) });
  const r = (await res.json()) as Envelope<{ deviceToken: string }>;
  if (!r.ok) throw new Error(`pairing ${name}: ${r.error.code} ${r.error.message}`);
  return new Tablet(base, r.result.deviceToken, name);
}
