import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { uuidv7 } from '../db/uuid';
import { PosError } from '../errors';
import type { ShopSettings } from '../pos/settings/settings-schema';
import { findPrinter } from '../pos/settings/settings-store';
import { sendToPrinter, type SendToPrinter } from './tcp-printer';

/**
 * The persistent print queue. Printing never blocks taking orders: callers `enqueuePrintJob`
 * (a row in SQLite, inside their own transaction if they like) and return; the queue sends in the
 * background, one job at a time per printer, oldest first (a kitchen must get tickets in order).
 * A printer that is off keeps its jobs pending with `PRINTER_OFFLINE` and a growing retry delay;
 * they print as soon as it answers again, also after an app restart.
 */
export type PrintJobKind = 'receipt' | 'kitchen' | 'report' | 'test' | 'drawer';
export type PrintJobStatus = 'pending' | 'printed' | 'cancelled';

export interface EnqueueInput {
  printerId: string;
  kind: PrintJobKind;
  /** What is printed (order id, kitchen ticket id, 'z:12'): finds earlier prints, so reprints are marked. */
  ref?: string | null;
  description: string;
  payload: Uint8Array;
  /** Same key twice → the first job is returned and nothing new is queued. */
  idempotencyKey?: string | null;
}

export interface PrintJobView {
  id: string;
  printerId: string;
  kind: PrintJobKind;
  ref: string | null;
  description: string;
  status: PrintJobStatus;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  nextAttemptAt: number;
  createdAt: number;
  printedAt: number | null;
}

const VIEW_COLUMNS = `id, printer_id AS printerId, kind, ref, description, status, attempts, last_error_code AS lastErrorCode,
  last_error_message AS lastErrorMessage, next_attempt_at AS nextAttemptAt, created_at AS createdAt, printed_at AS printedAt`;

export function enqueuePrintJob(db: Db, clock: Clock, input: EnqueueInput): { job: PrintJobView; duplicate: boolean } {
  return db.transaction(() => {
    if (input.idempotencyKey) {
      const existing = db.prepare(`SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE idempotency_key = ?`).get(input.idempotencyKey) as PrintJobView | undefined;
      if (existing) return { job: existing, duplicate: true };
    }
    const id = uuidv7(clock);
    const now = clock.now();
    db.prepare(`INSERT INTO print_jobs (id, printer_id, kind, ref, description, payload, idempotency_key, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, input.printerId, input.kind, input.ref ?? null, input.description, Buffer.from(input.payload), input.idempotencyKey ?? null, now, now);
    return { job: getPrintJob(db, id), duplicate: false };
  })();
}

export function getPrintJob(db: Db, id: string): PrintJobView {
  const job = db.prepare(`SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE id = ?`).get(id) as PrintJobView | undefined;
  if (!job) throw new PosError('PRINT_JOB_NOT_FOUND', 'No such print job', { id });
  return job;
}

export function getPrintJobPayload(db: Db, id: string): Buffer {
  const row = db.prepare('SELECT payload FROM print_jobs WHERE id = ?').get(id) as { payload: Buffer } | undefined;
  if (!row) throw new PosError('PRINT_JOB_NOT_FOUND', 'No such print job', { id });
  return row.payload;
}

export function listPrintJobs(db: Db, query: { status?: PrintJobStatus | undefined; limit: number; ids?: string[] | undefined }): PrintJobView[] {
  if (query.ids) {
    const ids = query.ids.slice(0, query.limit);
    return ids.length === 0 ? [] : db.prepare(`SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE id IN (${ids.map(() => '?').join(', ')}) AND (? IS NULL OR status = ?)
      ORDER BY created_at, id`).all(...ids, query.status ?? null, query.status ?? null) as PrintJobView[];
  }
  return db.prepare(`SELECT ${VIEW_COLUMNS} FROM print_jobs WHERE (? IS NULL OR status = ?) ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(query.status ?? null, query.status ?? null, query.limit) as PrintJobView[];
}

/** Whether something with this ref was already queued (and not cancelled): the next print is a reprint. */
export function wasPrinted(db: Db, kind: PrintJobKind, ref: string): boolean {
  return db.prepare(`SELECT 1 FROM print_jobs WHERE ref = ? AND kind = ? AND status <> 'cancelled' LIMIT 1`).get(ref, kind) !== undefined;
}

/** Makes a pending job due now (the "retry" button). */
export function retryPrintJobNow(db: Db, clock: Clock, id: string): PrintJobView {
  const job = getPrintJob(db, id);
  if (job.status === 'pending') db.prepare('UPDATE print_jobs SET next_attempt_at = ? WHERE id = ?').run(clock.now(), id);
  return getPrintJob(db, id);
}

export function cancelPrintJob(db: Db, id: string): PrintJobView {
  getPrintJob(db, id);
  db.prepare(`UPDATE print_jobs SET status = 'cancelled' WHERE id = ? AND status = 'pending'`).run(id);
  return getPrintJob(db, id);
}

/** Printed and cancelled jobs (their bytes) are kept this long for "what was printed", then dropped. */
export const PRINT_JOB_RETENTION_MS = 30 * 86_400_000;

export function prunePrintJobs(db: Db, clock: Clock, retentionMs = PRINT_JOB_RETENTION_MS): number {
  return db.prepare(`DELETE FROM print_jobs WHERE status <> 'pending' AND created_at < ?`).run(clock.now() - retentionMs).changes;
}

/** 2 s, 4 s, 8 s … capped at a minute: a printer back on is noticed quickly, a dead one costs little. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempts - 1));
}

export interface PrintQueueDeps {
  db: () => Db;
  clock: Clock;
  settings: () => ShopSettings;
  send?: SendToPrinter;
  /** Called after each attempt (the server pushes it to screens as an event). */
  onJobUpdate?: (job: PrintJobView) => void;
}

export interface PassResult {
  printed: string[];
  failed: { id: string; code: string }[];
}

export class PrintQueue {
  private running: Promise<PassResult> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: PrintQueueDeps) {}

  /** Starts a pass in the background; never throws, never makes the caller wait. */
  kick(): void {
    void this.processDue().catch((e: unknown) => console.error('[print] queue pass failed', e));
  }

  /** Polls for due retries (after an app restart too). */
  start(intervalMs = 2_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass: for every printer, its oldest pending job if due, then the next, until one fails. */
  async processDue(): Promise<PassResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass();
    try {
      let result = await this.running;
      while (this.again) {
        this.again = false;
        this.running = this.pass();
        const next = await this.running;
        result = { printed: [...result.printed, ...next.printed], failed: [...result.failed, ...next.failed] };
      }
      return result;
    } finally {
      this.running = null;
    }
  }

  private async pass(): Promise<PassResult> {
    const db = this.deps.db();
    if (this.deps.clock.now() - this.lastPruneAt > 3_600_000) {
      this.lastPruneAt = this.deps.clock.now();
      prunePrintJobs(db, this.deps.clock);
    }
    const printerIds = (db.prepare(`SELECT DISTINCT printer_id AS id FROM print_jobs WHERE status = 'pending'`).all() as { id: string }[])
      .map((r) => r.id);
    const results = await Promise.all(printerIds.map((id) => this.drainPrinter(db, id)));
    return {
      printed: results.flatMap((r) => r.printed),
      failed: results.flatMap((r) => r.failed),
    };
  }

  private async drainPrinter(db: Db, printerId: string): Promise<PassResult> {
    const send = this.deps.send ?? sendToPrinter;
    const result: PassResult = { printed: [], failed: [] };
    for (;;) {
      const job = db.prepare(`SELECT id, attempts, next_attempt_at AS nextAttemptAt, payload FROM print_jobs
                              WHERE printer_id = ? AND status = 'pending' ORDER BY created_at, id LIMIT 1`)
        .get(printerId) as { id: string; attempts: number; nextAttemptAt: number; payload: Buffer } | undefined;
      if (!job || job.nextAttemptAt > this.deps.clock.now()) return result;
      const printer = findPrinter(this.deps.settings(), printerId);
      const outcome = !printer || !printer.enabled
        ? { ok: false as const, code: 'PRINTER_NOT_FOUND', message: `No enabled printer "${printerId}" in settings` }
        : await send({ host: printer.host, port: printer.port }, job.payload);
      const now = this.deps.clock.now();
      if (outcome.ok) {
        db.prepare(`UPDATE print_jobs SET status = 'printed', printed_at = ?, attempts = attempts + 1, last_error_code = NULL,
                    last_error_message = NULL WHERE id = ? AND status = 'pending'`).run(now, job.id);
        result.printed.push(job.id);
      } else {
        db.prepare(`UPDATE print_jobs SET attempts = attempts + 1, last_error_code = ?, last_error_message = ?, next_attempt_at = ?
                    WHERE id = ? AND status = 'pending'`).run(outcome.code, outcome.message, now + retryDelayMs(job.attempts + 1), job.id);
        result.failed.push({ id: job.id, code: outcome.code });
      }
      this.deps.onJobUpdate?.(getPrintJob(db, job.id));
      if (!outcome.ok) return result;
    }
  }
}
