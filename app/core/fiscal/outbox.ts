/**
 * The durable outbox: documents committed with the sale wait in fiscal_documents until AADE
 * has them. One sender at a time (per process; across processes a lease on the row) picks the
 * due documents in issue order, a receipt only once its slips are registered (it names their
 * marks), and:
 * - Success: registered, with AADE's mark, uid and QR url;
 * - AADE's duplicate answer (228: the previous attempt reached AADE but its answer was lost):
 *   the mark is recovered with RequestTransmittedDocs, never issued again;
 * - ValidationError / XMLSyntaxError: rejected, keeping AADE's code and message for the owner
 *   (the number stays: it is corrected and resent under it, fiscal.documents.resend);
 * - TechnicalError, offline, timeouts, HTTP errors: retried with exponential backoff and jitter,
 *   across restarts (the state and next attempt are in SQLite).
 * A slip voided before it ever reached AADE is sent first, then cancelled: numbers never skip.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import type { SecretStore } from '../secrets/secret-store';
import { PosError } from '../errors';
import { correlatedIdsOf, xmlDocumentOf } from './outgoing';
import { DUPLICATE_ERROR_CODE } from './response';
import type { AadeResponse } from './response';
import { fiscalActive, readCredentials } from './settings';
import type { FiscalSettings, MydataCredentials } from './settings';
import type { Transmitter } from './transmitter';
import { TransmitError } from './transmitter';
import { invoicesDocXml } from './xml';
import type { DocumentState } from './documents-view';

export interface OutboxDeps {
  db: () => Db;
  clock: Clock;
  secrets: SecretStore;
  /** The channel for these settings (the direct myDATA REST one unless a provider is added). */
  transmitter: (settings: FiscalSettings & { afm: string }, credentials: MydataCredentials) => Transmitter;
  random?: () => number;
  onChange?: (change: { id: string; state: DocumentState }) => void;
  /** Events by name with small details (ids, codes): never credentials. */
  log?: (event: string, details: Record<string, unknown>) => void;
  backoff?: { baseMs: number; capMs: number };
  /** How long a claimed document stays with its sender before another may take it (a crashed one). */
  leaseMs?: number;
}

export interface FiscalOutbox {
  /** Sends what is due now; resolves with how many documents changed state. */
  runOnce(): Promise<number>;
  kick(): void;
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

interface DueRow { id: string; state: DocumentState; mark: string | null; uid: string; issue_date: string; attempts: number; next_attempt_at: number; doc_type: string; number: number; total_cents: number }

const BATCH = 50;

export function createFiscalOutbox(deps: OutboxDeps): FiscalOutbox {
  const random = deps.random ?? Math.random;
  const { baseMs, capMs } = deps.backoff ?? { baseMs: 10_000, capMs: 30 * 60_000 };
  const leaseMs = deps.leaseMs ?? 2 * 60_000;
  const log = deps.log ?? (() => undefined);
  let running: Promise<number> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let kickTimer: ReturnType<typeof setTimeout> | null = null;

  const delayAfter = (attempts: number): number => {
    const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(exp * (0.5 + random() * 0.5));
  };

  function changed(db: Db, id: string): void {
    const r = sql(db, 'SELECT state FROM fiscal_documents WHERE id = ?').get(id) as { state: DocumentState } | undefined;
    if (r) deps.onChange?.({ id, state: r.state });
  }

  /** Only the documents of the environment in use: what was issued while testing never reaches production. */
  function due(db: Db, now: number, environment: string): DueRow[] {
    return sql(db, `SELECT id, state, mark, uid, issue_date, attempts, next_attempt_at, doc_type, number, total_cents FROM fiscal_documents
      WHERE state IN ('queued', 'sending', 'cancel_queued') AND next_attempt_at <= ? AND environment = ? ORDER BY created_at, rowid LIMIT ${BATCH}`).all(now, environment) as DueRow[];
  }

  /** A receipt or credit waits for the documents it names to be registered (their marks go in it). */
  function ready(db: Db, id: string): boolean {
    return correlatedIdsOf(db, id).every((cid) => {
      const r = sql(db, 'SELECT state FROM fiscal_documents WHERE id = ?').get(cid) as { state: DocumentState } | undefined;
      return r === undefined || r.state === 'registered' || r.state === 'cancelled' || r.state === 'cancel_queued';
    });
  }

  function claim(db: Db, row: DueRow, now: number): boolean {
    const next = row.state === 'cancel_queued' ? 'cancel_queued' : 'sending';
    return sql(db, 'UPDATE fiscal_documents SET state = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = ? AND next_attempt_at = ?')
      .run(next, now + leaseMs, now, row.id, row.state, row.next_attempt_at).changes === 1;
  }

  function retryLater(db: Db, id: string, state: 'queued' | 'cancel_queued', code: string, message: string): void {
    const now = deps.clock.now();
    const attempts = (sql(db, 'SELECT attempts FROM fiscal_documents WHERE id = ?').get(id) as { attempts: number }).attempts;
    sql(db, 'UPDATE fiscal_documents SET state = ?, error_code = ?, error_message = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?')
      .run(state, code, message.slice(0, 500), now + delayAfter(attempts), now, id);
  }

  function registered(db: Db, id: string, keepState: 'registered' | 'cancel_queued', r: { mark: string; uid: string | null; qrUrl: string | null; authenticationCode: string | null }): void {
    const now = deps.clock.now();
    sql(db, `UPDATE fiscal_documents SET state = ?, mark = ?, uid = COALESCE(?, uid), qr_url = ?, authentication_code = ?, registered_at = ?,
        error_code = NULL, error_message = NULL, next_attempt_at = ?, updated_at = ? WHERE id = ?`)
      .run(keepState, r.mark, r.uid, r.qrUrl, r.authenticationCode, now, now, now, id);
  }

  /** SendInvoices for one document; returns the mark, or null when it is not registered (yet). */
  async function send(db: Db, t: Transmitter, row: DueRow, cancelAfter: boolean): Promise<string | null> {
    const keep = cancelAfter ? 'cancel_queued' : 'registered';
    const back = cancelAfter ? 'cancel_queued' : 'queued';
    const xml = invoicesDocXml([xmlDocumentOf(db, row.id)]); // a document that cannot be built throws to the caller
    let answer: AadeResponse | undefined;
    try {
      [answer] = await t.send(xml);
    } catch (e) {
      const code = e instanceof TransmitError ? `${e.kind.toUpperCase()}${e.status ? `_${e.status}` : ''}` : 'ERROR';
      retryLater(db, row.id, back, code, (e as Error).message);
      log('fiscal_send_failed', { id: row.id, docType: row.doc_type, number: row.number, code });
      return null;
    }
    if (!answer || (answer.statusCode === 'Success' && !answer.invoiceMark)) {
      retryLater(db, row.id, back, 'ANSWER', 'myDATA answered without a mark for the document');
      return null;
    }
    if (answer.statusCode === 'Success' && answer.invoiceMark) {
      registered(db, row.id, keep, { mark: answer.invoiceMark, uid: answer.invoiceUid, qrUrl: answer.qrUrl, authenticationCode: answer.authenticationCode });
      log('fiscal_registered', { id: row.id, docType: row.doc_type, number: row.number, mark: answer.invoiceMark });
      return answer.invoiceMark;
    }
    if (answer.errors.some((e) => e.code === DUPLICATE_ERROR_CODE)) return recover(db, t, row, keep, back);
    const first = answer.errors[0];
    const code = first?.code ?? answer.statusCode;
    const message = answer.errors.map((e) => `${e.code}: ${e.message}`).join('; ') || answer.statusCode;
    if (answer.statusCode === 'TechnicalError') {
      retryLater(db, row.id, back, code, message);
      return null;
    }
    const now = deps.clock.now();
    // Not registered: nothing to cancel either, so a rejected slip of a voided order is simply cancelled here.
    sql(db, 'UPDATE fiscal_documents SET state = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?')
      .run(cancelAfter ? 'cancelled' : 'rejected', code, message.slice(0, 500), now, row.id);
    log('fiscal_rejected', { id: row.id, docType: row.doc_type, number: row.number, code });
    return null;
  }

  async function recover(db: Db, t: Transmitter, row: DueRow, keep: 'registered' | 'cancel_queued', back: 'queued' | 'cancel_queued'): Promise<string | null> {
    try {
      const found = await t.findRegistered(row.uid, row.issue_date);
      if (found && found.totalCents !== null && found.totalCents !== row.total_cents) {
        // Same series and number, other content (a database restored from an older backup reused
        // the number): this document is NOT the registered one; never take that mark.
        const now = deps.clock.now();
        sql(db, 'UPDATE fiscal_documents SET state = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?').run(
          keep === 'cancel_queued' ? 'cancelled' : 'rejected', DUPLICATE_ERROR_CODE,
          `myDATA already holds another document under this series and number (its mark ${found.mark}); issue it under a new series`, now, row.id,
        );
        log('fiscal_number_taken', { id: row.id, docType: row.doc_type, number: row.number, mark: found.mark });
        return null;
      }
      if (found) {
        registered(db, row.id, keep, { mark: found.mark, uid: found.uid, qrUrl: found.qrUrl, authenticationCode: found.authenticationCode });
        log('fiscal_recovered', { id: row.id, docType: row.doc_type, number: row.number, mark: found.mark });
        return found.mark;
      }
      retryLater(db, row.id, back, DUPLICATE_ERROR_CODE, 'myDATA says this document was already sent, but does not list it yet');
    } catch (e) {
      retryLater(db, row.id, back, 'RECOVER', (e as Error).message);
    }
    return null;
  }

  async function cancel(db: Db, t: Transmitter, id: string, mark: string): Promise<void> {
    let answer: AadeResponse;
    try {
      answer = await t.cancel(mark);
    } catch (e) {
      retryLater(db, id, 'cancel_queued', e instanceof TransmitError ? e.kind.toUpperCase() : 'ERROR', (e as Error).message);
      return;
    }
    if (answer.statusCode === 'Success') {
      const now = deps.clock.now();
      sql(db, 'UPDATE fiscal_documents SET state = ?, cancellation_mark = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?')
        .run('cancelled', answer.cancellationMark, now, id);
      log('fiscal_cancelled', { id, mark, cancellationMark: answer.cancellationMark });
      return;
    }
    retryLater(db, id, 'cancel_queued', answer.errors[0]?.code ?? answer.statusCode, answer.errors.map((e) => `${e.code}: ${e.message}`).join('; ') || answer.statusCode);
  }

  async function work(): Promise<number> {
    const db = deps.db();
    const settings = fiscalActive(db);
    if (!settings) return 0;
    const credentials = await readCredentials(deps.secrets);
    if (!credentials) return 0;
    const t = deps.transmitter(settings, credentials);
    let changes = 0;
    // Passes until nothing moves: a receipt waiting for its slips goes in the pass after them.
    for (let pass = 0, moved = 1; moved > 0 && pass < 5; pass++) {
      moved = 0;
      for (const row of due(db, deps.clock.now(), settings.environment)) {
        if (row.state !== 'cancel_queued' && !ready(db, row.id)) continue;
        if (!claim(db, row, deps.clock.now())) continue;
        try {
          if (row.state === 'cancel_queued') {
            const mark = row.mark ?? (await send(db, t, row, true));
            if (mark !== null) await cancel(db, t, row.id, mark);
          } else {
            await send(db, t, row, false);
          }
        } catch (e) {
          // The document could not even be built (a VAT rate myDATA does not know, a damaged
          // body): the owner sees why; the rest of the outbox goes on.
          const code = e instanceof PosError ? e.code : 'INTERNAL';
          sql(db, "UPDATE fiscal_documents SET state = CASE WHEN state = 'sending' THEN 'rejected' ELSE state END, error_code = ?, error_message = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")
            .run(code, (e as Error).message.slice(0, 500), deps.clock.now() + capMs, deps.clock.now(), row.id);
          log('fiscal_document_invalid', { id: row.id, docType: row.doc_type, number: row.number, code });
        }
        changed(db, row.id);
        moved++;
      }
      changes += moved;
    }
    return changes;
  }

  async function runOnce(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await work();
      } while (again);
      return total;
    })().finally(() => { running = null; });
    return running;
  }

  return {
    runOnce,
    kick() {
      if (kickTimer) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        runOnce().catch((e: unknown) => log('fiscal_outbox_error', { error: (e as Error).message }));
      }, 0);
    },
    start(pollMs = 15_000) {
      if (timer) return;
      timer = setInterval(() => this.kick(), pollMs);
      timer.unref?.();
      this.kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      await running?.catch(() => undefined);
    },
  };
}
