// D1 access through the circuit breaker. Queries that hit the database go through here, so a
// failing D1 trips the breaker and clients get a fast 503 instead of hanging requests.
import type { Clock } from '../env';
import { ApiError } from '../http/errors';
import { CircuitBreaker, CircuitOpenError } from './breaker';

// One breaker per D1 binding per isolate (module state lives as long as the isolate).
const breakers = new WeakMap<D1Database, CircuitBreaker>();

export function breakerFor(d1: D1Database): CircuitBreaker {
  let b = breakers.get(d1);
  if (!b) {
    b = new CircuitBreaker();
    breakers.set(d1, b);
  }
  return b;
}

/** Constraint violations are answers from a healthy database, not outages. */
const isOutage = (e: unknown): boolean => !(e instanceof Error && /constraint/i.test(e.message));

export class Database {
  constructor(
    readonly d1: D1Database,
    readonly breaker: CircuitBreaker,
    private readonly now: Clock,
  ) {}

  prepare(sql: string): D1PreparedStatement {
    return this.d1.prepare(sql);
  }

  async guard<T>(op: (d1: D1Database) => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(this.now, () => op(this.d1), isOutage);
    } catch (e) {
      if (e instanceof CircuitOpenError) {
        throw new ApiError('SERVICE_UNAVAILABLE', 'The licensing database is temporarily unavailable.', {}, {
          'Retry-After': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))),
        });
      }
      throw e;
    }
  }

  first<T>(sql: string, ...params: unknown[]): Promise<T | null> {
    return this.guard((d1) => d1.prepare(sql).bind(...params).first<T>());
  }

  async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    const r = await this.guard((d1) => d1.prepare(sql).bind(...params).all<T>());
    return r.results;
  }

  run(sql: string, ...params: unknown[]): Promise<D1Result> {
    return this.guard((d1) => d1.prepare(sql).bind(...params).run());
  }

  /** Independent statements in one round trip (and one transaction). */
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    return this.guard((d1) => d1.batch<T>(statements));
  }
}
