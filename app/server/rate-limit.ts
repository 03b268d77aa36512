/**
 * Fixed-window failure counters keyed by client address, for pairing: only FAILED attempts
 * count, so guessing a 6-digit pairing code from the LAN becomes impractical. (PIN sign-in is
 * limited in SQLite by core, where each attempt is counted before its hash is checked: see
 * core/pos/staff/pin-attempts.ts. The pairing check is synchronous, so counting here is atomic.)
 */
import type { Clock } from '../core/clock';

export interface RateLimiterOptions {
  /** Failures allowed inside one window before the key is blocked. */
  maxFailures: number;
  windowMs: number;
  clock: Clock;
}

export interface RateLimiter {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  recordFailure(key: string): void;
  reset(key: string): void;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windows = new Map<string, { start: number; failures: number }>();

  function live(key: string): { start: number; failures: number } | undefined {
    const w = windows.get(key);
    if (w && options.clock.now() - w.start >= options.windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  }

  return {
    retryAfterMs(key) {
      const w = live(key);
      if (!w || w.failures < options.maxFailures) return 0;
      return Math.max(1, w.start + options.windowMs - options.clock.now());
    },
    recordFailure(key) {
      const w = live(key);
      if (w) w.failures += 1;
      else windows.set(key, { start: options.clock.now(), failures: 1 });
      // Bound memory against a flood of distinct keys: forget the oldest windows.
      if (windows.size > 10_000) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
