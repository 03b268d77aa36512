// Open-loop load: requests start at their scheduled (Poisson) times whether or not earlier ones
// have answered, as independent tills do, and latency counts from the scheduled time, so a
// server (or a client) that falls behind shows as latency instead of silently sending less.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, poissonSchedule, type StepResult } from './bench-stats';

export interface OpenLoopRequest { method: 'GET' | 'POST'; path: string; body?: string }

export interface OpenLoopStep {
  base: string;
  ratePerSecond: number;
  durationMs: number;
  random: () => number;
  /** The request for the i-th arrival (e.g. the heartbeat of a random session of the fleet). */
  next(i: number): OpenLoopRequest;
  /** Checks an answer; false counts as an error. */
  check(status: number, body: string): boolean;
  /** Answers still outstanding this long after the step's end count as errors. */
  drainMs?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function send(base: URL, req: OpenLoopRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(
      { agent, host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export async function runOpenLoopStep(step: OpenLoopStep): Promise<StepResult> {
  const base = new URL(step.base);
  const schedule = poissonSchedule(step.ratePerSecond, step.durationMs, step.random);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const inflight = new Set<Promise<void>>();
  const start = performance.now();
  let i = 0;
  while (i < schedule.length) {
    const now = performance.now() - start;
    // Fire everything due (a late timer fires a burst: the lateness is counted in latency).
    while (i < schedule.length && (schedule[i] as number) <= now) {
      const scheduled = start + (schedule[i] as number);
      const p = send(base, step.next(i)).then(
        (res) => {
          latencies.push(performance.now() - scheduled);
          if (!step.check(res.status, res.body)) {
            errors++;
            firstError ??= `${res.status} ${res.body.slice(0, 160)}`;
          }
        },
        (e: unknown) => {
          latencies.push(performance.now() - scheduled);
          errors++;
          firstError ??= String(e);
        },
      );
      const tracked = p.finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      i++;
    }
    if (i < schedule.length) {
      const wait = Math.max(0, (schedule[i] as number) - (performance.now() - start));
      await new Promise((r) => setTimeout(r, Math.min(wait, 5)));
    }
  }
  const drainMs = step.drainMs ?? 5_000;
  const drained = await Promise.race([Promise.all(inflight).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), drainMs))]);
  const elapsedS = (performance.now() - start) / 1000;
  const lost = drained ? 0 : inflight.size;
  return {
    offeredPerSec: step.ratePerSecond,
    completedPerSec: latencies.length / Math.max(elapsedS, step.durationMs / 1000),
    p50: percentile(latencies, 0.5),
    // Answers that never came are the slowest of all: they weigh on p99 as infinitely late.
    p99: lost > 0 ? percentile([...latencies, ...Array<number>(lost).fill(Infinity)], 0.99) : percentile(latencies, 0.99),
    errors: errors + lost,
    sent: schedule.length,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

export function closeOpenLoopAgent(): void {
  agent.destroy();
}
