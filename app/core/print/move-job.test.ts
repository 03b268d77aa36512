/**
 * Issue 11 (6): a printer that fails is visible to the till: the jobs of a send can be watched
 * (PRINTER_OFFLINE while waiting), retried, or printed elsewhere. Real shop, real print queue,
 * a real TCP printer and a dead port.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { createTestShop, type TestShop } from '../api/test-shop';
import { inspectEscPos } from '../pos/receipts/escpos-inspect';
import { getSettings } from '../pos/settings/settings-store';
import { PrintQueue, type PrintJobView } from './print-queue';

interface LivePrinter { server: Server; port: number; jobs: Buffer[] }
async function livePrinter(): Promise<LivePrinter> {
  const jobs: Buffer[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => { jobs.push(Buffer.concat(chunks)); socket.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, jobs };
}
async function deadPort(): Promise<number> {
  const p = await livePrinter();
  await new Promise<void>((r) => p.server.close(() => r()));
  return p.port;
}

let shop: TestShop;
let bar: LivePrinter;
let queue: PrintQueue;
beforeEach(async () => {
  shop = await createTestShop();
  bar = await livePrinter();
  const printer = (id: string, port: number, station: string, codePage = 'cp737') => ({ id, name: `${id} printer`, host: '127.0.0.1', port, paper: 80, codePage, station, enabled: true });
  await shop.ok('settings.update', { language: 'en', printers: [printer('kitchen', await deadPort(), 'kitchen'), printer('bar', bar.port, 'bar', 'windows1253')] }, shop.owner);
  queue = new PrintQueue({ db: () => shop.db, clock: shop.clock, settings: () => getSettings(shop.db) });
});
afterEach(() => { bar.server.close(); shop.cleanup(); });

async function sendToast(): Promise<string[]> {
  const order = await shop.ok<{ id: string }>('order.create', {}, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, itemId: shop.items.toast, qty: 2 }, shop.cashier);
  const sent = await shop.ok<{ tickets: { printJobIds: string[] }[] }>('kitchen.send', { orderId: order.id, idempotencyKey: 'send-0001' }, shop.cashier);
  return sent.tickets.flatMap((t) => t.printJobIds);
}

describe('a failing printer at the till', () => {
  it('the send\'s jobs can be watched: still waiting, with the printer\'s error', async () => {
    const ids = await sendToast();
    expect(ids).toHaveLength(1);
    await queue.processDue();
    const [job] = await shop.ok<PrintJobView[]>('print.jobs', { ids }, shop.cashier);
    expect(job).toMatchObject({ printerId: 'kitchen', status: 'pending', attempts: 1, lastErrorCode: 'PRINTER_OFFLINE' });
  });

  it('"print elsewhere" cancels it on the dead printer and prints it on the other, laid out for that printer', async () => {
    const [id] = await sendToast();
    await queue.processDue();
    const moved = await shop.ok<PrintJobView>('print.move', { jobId: id, printerId: 'bar' }, shop.cashier);
    expect(moved).toMatchObject({ printerId: 'bar', kind: 'kitchen', status: 'pending' });
    await queue.processDue();
    const [old, now] = await shop.ok<PrintJobView[]>('print.jobs', { ids: [id, moved.id] }, shop.cashier);
    expect(old?.status).toBe('cancelled');
    expect(now?.status).toBe('printed');
    for (let i = 0; i < 100 && bar.jobs.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const text = inspectEscPos(bar.jobs[0] ?? Buffer.alloc(0), 'windows1253');
    expect(text).toContain('[CODEPAGE 47]');
    expect(text).toContain('2 x Toast');
    expect(text).not.toContain('REPRINT');
  });

  it('refuses to move a job that printed, or onto the same or an unknown printer', async () => {
    const [id] = await sendToast();
    expect((await shop.fail('print.move', { jobId: id, printerId: 'kitchen' }, shop.cashier)).code).toBe('CONFLICT');
    expect((await shop.fail('print.move', { jobId: id, printerId: 'nope' }, shop.cashier)).code).toBe('PRINTER_NOT_FOUND');
    const moved = await shop.ok<PrintJobView>('print.move', { jobId: id, printerId: 'bar' }, shop.cashier);
    await queue.processDue();
    expect((await shop.fail('print.move', { jobId: moved.id, printerId: 'kitchen' }, shop.cashier)).code).toBe('CONFLICT');
  });
});
