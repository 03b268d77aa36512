import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../clock';
import { openDatabase, type Db } from '../db';
import { tempDir } from '../db/test-helpers';
import { DEFAULT_SETTINGS, type ShopSettings } from '../pos/settings/settings-schema';
import { cancelPrintJob, enqueuePrintJob, getPrintJob, listPrintJobs, PRINT_JOB_RETENTION_MS, PrintQueue, prunePrintJobs, retryDelayMs } from './print-queue';
import { sendToPrinter } from './tcp-printer';

/** A real TCP "printer" on 127.0.0.1 that keeps every connection's bytes. */
async function startPrinter(port = 0): Promise<{ server: Server; port: number; jobs: Buffer[]; close(): Promise<void> }> {
  const jobs: Buffer[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      socket.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, jobs, close: () => new Promise((r) => server.close(() => r())) };
}

async function waitFor(check: () => boolean, ms = 3_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let settings: ShopSettings;

function printerOn(port: number): ShopSettings {
  return {
    ...DEFAULT_SETTINGS,
    printers: [{ id: 'counter', name: 'Counter', host: '127.0.0.1', port, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true }],
  };
}

beforeEach(() => {
  tmp = tempDir('pospal-print-');
  clock = manualClock(Date.UTC(2026, 10, 20, 9, 0));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('sending to a TCP printer', () => {
  it('delivers the exact bytes to a listener on port 9100-style raw TCP', async () => {
    const printer = await startPrinter();
    const bytes = Buffer.from([0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x42, 0x03]);
    expect(await sendToPrinter({ host: '127.0.0.1', port: printer.port }, bytes)).toEqual({ ok: true });
    await waitFor(() => printer.jobs.length === 1);
    expect(printer.jobs[0]).toEqual(bytes);
    await printer.close();
  });

  it('reports PRINTER_OFFLINE for a closed port instead of throwing', async () => {
    const printer = await startPrinter();
    await printer.close();
    const result = await sendToPrinter({ host: '127.0.0.1', port: printer.port }, Buffer.from('x'));
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE' });
  });

  it('times out on a printer that accepts but never takes the data', async () => {
    const stalled = createServer((socket) => socket.pause());
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', () => r()));
    const address = stalled.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    // Far more than the socket buffers hold, so the write can only finish if someone reads.
    const result = await sendToPrinter({ host: '127.0.0.1', port: address.port }, Buffer.alloc(64 * 1024 * 1024), 300);
    expect(result).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE' });
    expect(result.ok ? '' : result.message).toMatch(/no answer within 300 ms/);
    stalled.close();
  });
});

describe('the print queue', () => {
  it('prints queued jobs in order and marks them printed', async () => {
    const printer = await startPrinter();
    settings = printerOn(printer.port);
    const queue = new PrintQueue({ db: () => db, clock, settings: () => settings });
    const a = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#1', payload: Buffer.from('first') });
    const b = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#2', payload: Buffer.from('second') });
    const pass = await queue.processDue();
    expect(pass.printed).toEqual([a.job.id, b.job.id]);
    await waitFor(() => printer.jobs.length === 2);
    expect(printer.jobs.map(String)).toEqual(['first', 'second']);
    expect(getPrintJob(db, a.job.id).status).toBe('printed');
    await printer.close();
  });

  it('queues an idempotency key once: a double click prints once', async () => {
    const printer = await startPrinter();
    settings = printerOn(printer.port);
    const queue = new PrintQueue({ db: () => db, clock, settings: () => settings });
    const first = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#1', payload: Buffer.from('once'), idempotencyKey: 'k1' });
    const second = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#1', payload: Buffer.from('once'), idempotencyKey: 'k1' });
    expect(second).toEqual({ job: first.job, duplicate: true });
    await queue.processDue();
    enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#1', payload: Buffer.from('once'), idempotencyKey: 'k1' });
    await queue.processDue();
    await new Promise((r) => setTimeout(r, 100));
    expect(printer.jobs.map(String)).toEqual(['once']);
    await printer.close();
  });

  it('keeps a job for an offline printer with PRINTER_OFFLINE and prints it when the printer comes up', async () => {
    const probe = await startPrinter();
    const port = probe.port;
    await probe.close();
    settings = printerOn(port);
    const updates: string[] = [];
    const queue = new PrintQueue({ db: () => db, clock, settings: () => settings, onJobUpdate: (j) => updates.push(`${j.status}:${j.lastErrorCode}`) });

    const { job } = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'kitchen', description: 'Table 4', payload: Buffer.from('ticket') });
    const later = enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'kitchen', description: 'Table 5', payload: Buffer.from('ticket 2') });
    const first = await queue.processDue();
    expect(first.failed).toEqual([{ id: job.id, code: 'PRINTER_OFFLINE' }]);
    const stored = getPrintJob(db, job.id);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastErrorCode: 'PRINTER_OFFLINE', nextAttemptAt: clock.now() + retryDelayMs(1) });
    // The later job waits behind the first: the kitchen gets tickets in order.
    expect(getPrintJob(db, later.job.id).attempts).toBe(0);

    // Not due yet: nothing is tried.
    expect(await queue.processDue()).toEqual({ printed: [], failed: [] });

    const printer = await startPrinter(port);
    clock.advance(retryDelayMs(1));
    const second = await queue.processDue();
    expect(second.printed).toEqual([job.id, later.job.id]);
    await waitFor(() => printer.jobs.length === 2);
    expect(printer.jobs.map(String)).toEqual(['ticket', 'ticket 2']);
    expect(getPrintJob(db, job.id)).toMatchObject({ status: 'printed', attempts: 2, lastErrorCode: null });
    expect(updates).toEqual(['pending:PRINTER_OFFLINE', 'printed:null', 'printed:null']);
    await printer.close();
  });

  it('survives a restart: a new queue over the same file prints what was pending', async () => {
    const probe = await startPrinter();
    const port = probe.port;
    await probe.close();
    settings = printerOn(port);
    enqueuePrintJob(db, clock, { printerId: 'counter', kind: 'receipt', description: '#9', payload: Buffer.from('kept') });
    await new PrintQueue({ db: () => db, clock, settings: () => settings }).processDue();
    db.close();
    db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
    const printer = await startPrinter(port);
    clock.advance(60_000);
    const pass = await new PrintQueue({ db: () => db, clock, settings: () => settings }).processDue();
    expect(pass.printed).toHaveLength(1);
    await waitFor(() => printer.jobs.length === 1);
    await printer.close();
  });

  it('grows the retry delay and caps it at a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it('reports PRINTER_NOT_FOUND for a job whose printer was removed from settings', async () => {
    settings = DEFAULT_SETTINGS;
    const { job } = enqueuePrintJob(db, clock, { printerId: 'gone', kind: 'receipt', description: '#1', payload: Buffer.from('x') });
    const pass = await new PrintQueue({ db: () => db, clock, settings: () => settings }).processDue();
    expect(pass.failed).toEqual([{ id: job.id, code: 'PRINTER_NOT_FOUND' }]);
  });

  it('drops printed and cancelled jobs after the retention period, never pending ones', () => {
    const kept = enqueuePrintJob(db, clock, { printerId: 'gone', kind: 'receipt', description: 'pending', payload: Buffer.from('x') });
    const cancelled = enqueuePrintJob(db, clock, { printerId: 'gone', kind: 'receipt', description: 'cancelled', payload: Buffer.from('x') });
    cancelPrintJob(db, cancelled.job.id);
    clock.advance(PRINT_JOB_RETENTION_MS - 1);
    expect(prunePrintJobs(db, clock)).toBe(0);
    clock.advance(2);
    expect(prunePrintJobs(db, clock)).toBe(1);
    expect(listPrintJobs(db, { limit: 10 }).map((j) => j.id)).toEqual([kept.job.id]);
  });
});
