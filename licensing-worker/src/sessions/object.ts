// One Durable Object per customer: the strongly consistent arbiter of the seat rule (start,
// heartbeat, takeover, end, timeout by alarm). Live state is in memory; the object's storage gets
// a snapshot on every state change and at most every flush interval (so an evicted object
// recovers its seats); D1 gets the durable record (records.ts). A steady-state heartbeat does
// no I/O at all. README "Sessions on Durable Objects".
import { DurableObject } from 'cloudflare:workers';
import { breakerFor, Database } from '../db/database';
import { countingD1 } from '../dev/d1-stats';
import { isDevelopmentEnvironment, type Clock, type Env } from '../env';
import { shortRef, randomSecret } from '../ids';
import { errorText, logEvent } from '../log';
import { sha256Hex } from '../tokens';
import { explainFromD1, writeRecords, type DeadSession, type SessionRecord } from './d1-records';
import {
  claim,
  CUSTOMER_REFRESH_MS,
  emptyBook,
  endWhere,
  expire,
  FLUSH_INTERVAL_MS,
  recover,
  release,
  touch,
  viewOf,
  type EndedSession,
  type SeatBook,
  type SeatMachine,
  type SessionCustomer,
  type SessionView,
  type TouchResult,
} from './seats';

export interface StartRequest {
  customer: SessionCustomer;
  machine: SeatMachine;
  takeover: boolean;
  now: number;
  requestId: string;
}

export interface Holder {
  machineName: string;
  platform: string;
  lastHeartbeatAt: number;
}

export type StartOutcome =
  | { ok: true; sessionId: string; displaced: { machineName: string; platform: string } | null }
  | { ok: false; code: 'SESSION_CONFLICT'; holder: Holder | null }
  | { ok: false; code: 'UNAVAILABLE' };

export type HeartbeatOutcome = { ok: true; customer: SessionCustomer; machineId: string; fingerprint: string } | ({ ok: false } & DeadSession);
export type EndOutcome = { ok: true } | ({ ok: false } & DeadSession);

interface Snapshot {
  book: SeatBook;
  pending: SessionRecord[];
  customer: SessionCustomer | null;
  customerReadAt: number;
  persistedAt: number;
}

const STATE_KEY = 'state';

export class CustomerSessions extends DurableObject<Env> {
  /** The alarm's time source (requests bring the worker's clock); tests may replace it. */
  clock: Clock = Date.now;
  private book: SeatBook = emptyBook();
  private pending: SessionRecord[] = [];
  private customer: SessionCustomer | null = null;
  private customerReadAt = 0;
  /** Set when loaded from a snapshot: the first call applies the recovery rule with its own time. */
  private loadedFrom: number | null = null;
  /** When the stored snapshot was taken (the seat state's time). */
  private persistedAt = 0;
  private readonly db: Database;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Development and test count the object's D1 statements too (GET /dev/d1-stats).
    const d1 = isDevelopmentEnvironment(env) ? countingD1(env.DB) : env.DB;
    this.db = new Database(d1, breakerFor(d1), () => this.clock());
    void ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<Snapshot>(STATE_KEY);
      if (!saved) return;
      this.book = saved.book;
      this.pending = saved.pending;
      this.customer = saved.customer;
      this.customerReadAt = saved.customerReadAt;
      this.loadedFrom = saved.persistedAt;
      this.persistedAt = saved.persistedAt;
    });
  }

  async start(req: StartRequest): Promise<StartOutcome> {
    // Everything that awaits comes before the claim or after it, never between check and claim.
    const sessionId = this.ctx.id.toString() + randomSecret(32);
    const idHash = await sha256Hex(sessionId);
    this.settle(req.now);
    this.remember(req.customer, req.now);
    const result = claim(this.book, { idHash, ref: shortRef(), machine: req.machine, maxConcurrent: req.customer.maxConcurrent, takeover: req.takeover }, req.now);
    this.queueEnded(result.ended, req.requestId);
    if (!result.ok) {
      if (result.ended.length > 0) await this.saveAndWrite(req.now);
      const h = result.holder;
      return { ok: false, code: 'SESSION_CONFLICT', holder: h ? { machineName: h.machine.name, platform: h.machine.platform, lastHeartbeatAt: h.lastCallAt } : null };
    }
    const seat = result.seat;
    this.pending.push({ kind: 'started', idHash, ref: seat.ref, customerId: req.customer.id, machineId: req.machine.id, at: req.now, requestId: req.requestId, takeover: req.takeover });
    if (!(await this.saveAndWrite(req.now))) {
      // Without its D1 record the session would be invisible to validate and the console: give
      // the seat back (the ends stay queued for the alarm) and let the till retry.
      release(this.book, idHash);
      this.pending = this.pending.filter((r) => !(r.kind === 'started' && r.idHash === idHash));
      await this.persist(req.now);
      return { ok: false, code: 'UNAVAILABLE' };
    }
    const d = result.displaced;
    return { ok: true, sessionId, displaced: d ? { machineName: d.machine.name, platform: d.machine.platform } : null };
  }

  async heartbeat(idHash: string, now: number, requestId: string): Promise<HeartbeatOutcome> {
    this.settle(now);
    const touched = touch(this.book, idHash, now);
    if ('live' in touched) {
      const customer = await this.currentCustomer(now);
      if (!customer) return { ok: false, code: 'SESSION_NOT_FOUND' };
      return { ok: true, customer, machineId: touched.live.machine.id, fingerprint: touched.live.machine.fingerprint };
    }
    return { ok: false, ...(await this.dead(touched, idHash, now, requestId)) };
  }

  async end(idHash: string, now: number, requestId: string): Promise<EndOutcome> {
    this.settle(now);
    const ended = endWhere(this.book, (s) => s.idHash === idHash && s.liveUntil > now, now);
    if (ended.length > 0) {
      this.queueEnded(ended, requestId);
      await this.saveAndWrite(now);
      return { ok: true };
    }
    return { ok: false, ...(await this.dead(touch(this.book, idHash, now), idHash, now, requestId)) };
  }

  /** The console's "end session" (audited by the console) and a released machine's sessions. */
  async endWhere(which: { ref: string } | { machineId: string }, now: number, requestId: string, audit: boolean): Promise<number> {
    this.settle(now);
    const ended = endWhere(this.book, (s) => ('ref' in which ? s.ref === which.ref : s.machine.id === which.machineId), now);
    if (ended.length === 0) return 0;
    this.queueEnded(ended, requestId, audit);
    await this.saveAndWrite(now);
    return ended.length;
  }

  view(machineId: string, now: number): SessionView {
    this.settle(now);
    return viewOf(this.book, machineId, now);
  }

  /** Billing changed the customer: the next heartbeat reads it again (also after an eviction). */
  async customerChanged(): Promise<void> {
    this.customerReadAt = Number.NEGATIVE_INFINITY;
    if (this.customer) await this.persist(this.persistedAt);
  }

  /** Timeouts, the D1 last-seen flush, retries of unwritten records, the storage snapshot. */
  override async alarm(): Promise<void> {
    const now = this.clock();
    this.settle(now);
    this.queueEnded(expire(this.book, now), null);
    const seen = this.book.seats.filter((s) => s.lastCallAt > s.seenInD1).map((seat) => ({ seat, at: seat.lastCallAt }));
    this.pending = this.pending.filter((r) => r.kind !== 'seen');
    for (const { seat, at } of seen) this.pending.push({ kind: 'seen', idHash: seat.idHash, lastCallAt: at });
    if (await this.saveAndWrite(now, true)) for (const { seat, at } of seen) seat.seenInD1 = Math.max(seat.seenInD1, at);
  }

  // ---- internals ----

  private settle(now: number): void {
    if (this.loadedFrom === null) return;
    recover(this.book, this.loadedFrom, now);
    this.loadedFrom = null;
  }

  private remember(customer: SessionCustomer, now: number): void {
    this.customer = customer;
    this.customerReadAt = now;
  }

  private async currentCustomer(now: number): Promise<SessionCustomer | null> {
    if (this.customer && now - this.customerReadAt < CUSTOMER_REFRESH_MS) return this.customer;
    const id = this.customer?.id;
    if (!id) return null;
    const row = await this.db.first<SessionCustomer>(
      `SELECT id, subscription_status AS status, plan, current_period_end AS currentPeriodEnd, cancel_at_period_end AS cancelAtPeriodEnd,
              max_machines AS maxMachines, max_concurrent AS maxConcurrent, activated_at AS activatedAt
       FROM customers WHERE id = ?`,
      id,
    );
    if (row) this.remember(row, now);
    return this.customer;
  }

  private async dead(touched: TouchResult, idHash: string, now: number, requestId: string): Promise<DeadSession> {
    if ('timedOut' in touched) {
      // Silent past the timeout and not yet closed by the alarm: closed now.
      this.queueEnded([touched.timedOut], requestId);
      await this.saveAndWrite(now);
      return { code: 'SESSION_ENDED', reason: 'timed_out' };
    }
    if ('ended' in touched) return { code: 'SESSION_ENDED', reason: touched.ended.reason };
    if ('live' in touched) return { code: 'SESSION_ENDED', reason: 'ended' };
    return explainFromD1(this.db, idHash, now, requestId);
  }

  private queueEnded(ended: EndedSession[], requestId: string | null, audit = true): void {
    const customerId = this.customer?.id;
    if (!customerId) return;
    for (const e of ended) {
      this.pending.push({
        kind: 'ended',
        idHash: e.idHash,
        ref: e.ref,
        customerId,
        reason: e.reason,
        at: e.endedAt,
        lastCallAt: e.lastCallAt,
        requestId,
        audit,
        ...(e.byMachineId ? { byMachineId: e.byMachineId } : {}),
      });
    }
  }

  /**
   * Snapshot, then the pending D1 records in one batch (every batch carries everything still
   * pending, in order, so concurrent writers stay consistent); false when D1 could not take them
   * (they stay pending, in the snapshot, for the alarm).
   */
  private async saveAndWrite(now: number, fromAlarm = false): Promise<boolean> {
    await this.persist(now);
    const records = [...this.pending];
    let written = true;
    try {
      await writeRecords(this.db, records);
      this.pending = this.pending.filter((r) => !records.includes(r));
    } catch (e) {
      written = false;
      logEvent('error', 'session_records_failed', { records: records.length, error: errorText(e) });
    }
    if (!written) await this.persist(now);
    await this.scheduleAlarm(now, fromAlarm);
    return written;
  }

  private async persist(now: number): Promise<void> {
    this.persistedAt = now;
    const snapshot: Snapshot = { book: this.book, pending: this.pending, customer: this.customer, customerReadAt: this.customerReadAt, persistedAt: now };
    await this.ctx.storage.put(STATE_KEY, snapshot);
  }

  /** One alarm per flush interval while anything is live or unwritten; none when idle. */
  private async scheduleAlarm(now: number, fromAlarm: boolean): Promise<void> {
    if (this.book.seats.length === 0 && this.pending.length === 0) {
      if (!fromAlarm) await this.ctx.storage.deleteAlarm();
      return;
    }
    if (fromAlarm || (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + FLUSH_INTERVAL_MS);
  }
}
