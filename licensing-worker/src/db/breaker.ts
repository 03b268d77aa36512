// Circuit breaker around D1: after 5 consecutive failures the circuit opens and requests fail
// fast with 503; after 30 s one trial request is let through (half-open) and decides.
import type { Clock } from '../env';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  failureThreshold?: number;
  resetAfterMs?: number;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('database circuit open');
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  readonly failureThreshold: number;
  readonly resetAfterMs: number;

  constructor(options: BreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 30_000;
  }

  state(now: number): BreakerState {
    if (this.openedAt === null) return 'closed';
    return now - this.openedAt >= this.resetAfterMs ? 'half_open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  async run<T>(now: Clock, op: () => Promise<T>, countsAsFailure: (e: unknown) => boolean = () => true): Promise<T> {
    const state = this.state(now());
    if (state === 'open' || (state === 'half_open' && this.trialInFlight)) {
      throw new CircuitOpenError(Math.max(0, this.resetAfterMs - (now() - (this.openedAt ?? now()))));
    }
    const trial = state === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await op();
      this.failures = 0;
      this.openedAt = null;
      return result;
    } catch (e) {
      if (countsAsFailure(e)) {
        this.failures++;
        if (trial || this.failures >= this.failureThreshold) this.openedAt = now();
      } else if (trial) {
        // The database answered (e.g. a constraint error): it is reachable.
        this.failures = 0;
        this.openedAt = null;
      }
      throw e;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }
}
