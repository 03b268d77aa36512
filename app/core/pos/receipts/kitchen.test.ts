import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { manualClock, type ManualClock } from '../../clock';
import { openDatabase, type Db } from '../../db';
import { tempDir } from '../../db/test-helpers';
import { PrintQueue } from '../../print/print-queue';
import { DEFAULT_SETTINGS, type ShopSettings } from '../settings/settings-schema';
import { insertCategory, insertSale, insertStaff } from '../shifts/test-ledger';
import { inspectEscPos } from './escpos-inspect';
import { listKitchenTickets, reprintKitchenTicket, sendOrderToKitchen } from './kitchen-tickets';
import { customerReceiptHtml, printCustomerReceipt } from './print-receipt';

interface FakePrinter { server: Server; port: number; jobs: Buffer[] }

async function startPrinter(): Promise<FakePrinter> {
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

async function settle(printers: FakePrinter[], expected: number): Promise<void> {
  const start = Date.now();
  while (printers.reduce((a, p) => a + p.jobs.length, 0) < expected && Date.now() - start < 3000) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
}

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let clock: ManualClock;
let kitchen: FakePrinter;
let bar: FakePrinter;
let counter: FakePrinter;
let settings: ShopSettings;
let queue: PrintQueue;
let staff: string;
let food: string;
let drinks: string;

beforeEach(async () => {
  tmp = tempDir('pospal-kitchen-');
  clock = manualClock(Date.UTC(2026, 10, 20, 12, 0));
  db = openDatabase({ file: join(tmp.dir, 'shop.db'), clock });
  staff = insertStaff(db, clock, 'Μαρία', 'cashier');
  food = insertCategory(db, clock, 'Φαγητό');
  drinks = insertCategory(db, clock, 'Ποτά');
  [kitchen, bar, counter] = [await startPrinter(), await startPrinter(), await startPrinter()];
  const printer = (id: string, port: number, station: string) =>
    ({ id, name: id, host: '127.0.0.1', port, paper: 80 as const, codePage: 'cp737' as const, station, enabled: true });
  settings = {
    ...DEFAULT_SETTINGS,
    business: { ...DEFAULT_SETTINGS.business, name: 'Καφέ <Ωραία>' },
    printers: [printer('kitchen', kitchen.port, 'kitchen'), printer('bar', bar.port, 'bar'), printer('counter', counter.port, 'receipt')],
    kitchen: { categoryStations: { [drinks]: 'bar' }, defaultStation: 'kitchen' },
  };
  queue = new PrintQueue({ db: () => db, clock, settings: () => settings });
});
afterEach(async () => {
  for (const p of [kitchen, bar, counter]) p.server.close();
  db.close();
  tmp.cleanup();
});

function openOrder() {
  return insertSale(db, clock, {
    staffId: staff,
    payments: null,
    lines: [
      { categoryId: food, name: 'Μουσακάς με πολύ μεγάλη μερίδα πατάτες', qty: 2, unitPriceCents: 1200, rateBp: 1300, note: 'χωρίς κρεμμύδι', options: [{ name: 'Extra φέτα', priceDeltaCents: 100 }] },
      { categoryId: drinks, name: 'Φρέντο εσπρέσο', qty: 1, unitPriceCents: 300, rateBp: 2400 },
    ],
  });
}

describe('kitchen tickets', () => {
  it('routes lines by category to their stations, one ticket each', async () => {
    const order = openOrder();
    const sent = sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'click-1' });
    expect(sent.duplicate).toBe(false);
    expect(sent.tickets.map((t) => [t.station, t.lines.map((l) => [l.name, l.qtyDelta])])).toEqual([
      ['bar', [['Φρέντο εσπρέσο', 1]]],
      ['kitchen', [['Μουσακάς με πολύ μεγάλη μερίδα πατάτες', 2]]],
    ]);
    await queue.processDue();
    await settle([kitchen, bar], 2);
    const kitchenText = inspectEscPos(kitchen.jobs[0] ?? Buffer.alloc(0), 'cp737');
    expect(kitchenText).toContain('2 x Μουσακάς');
    expect(kitchenText).toContain('+ Extra φέτα');
    expect(kitchenText).toContain('Σημείωση: χωρίς κρεμμύδι');
    expect(kitchenText).not.toContain('Φρέντο');
    expect(kitchenText).not.toContain('ΑΝΑΤΥΠΩΣΗ');
    expect(inspectEscPos(bar.jobs[0] ?? Buffer.alloc(0), 'cp737')).toContain('1 x Φρέντο εσπρέσο');
  });

  it('prints once for the same idempotency key (a double click)', async () => {
    const order = openOrder();
    const first = sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'click-1' });
    const again = sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'click-1' });
    expect(again.duplicate).toBe(true);
    expect(again.tickets.map((t) => t.id)).toEqual(first.tickets.map((t) => t.id));
    await queue.processDue();
    await settle([kitchen, bar], 2);
    expect(kitchen.jobs).toHaveLength(1);
    expect(bar.jobs).toHaveLength(1);
  });

  it('sends only changes: nothing for an unchanged order, additions and cancellations after edits', async () => {
    const order = openOrder();
    sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'a' });
    // A second click with a fresh key finds nothing new to cook.
    expect(sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'b' }).tickets).toEqual([]);
    const [moussaka, freddo] = order.lineIds as [string, string];
    db.prepare('UPDATE order_lines SET qty = 3 WHERE id = ?').run(moussaka);
    db.prepare(`UPDATE order_lines SET status = 'voided' WHERE id = ?`).run(freddo);
    const change = sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'c' });
    expect(change.tickets.map((t) => [t.station, t.lines.map((l) => l.qtyDelta)])).toEqual([['bar', [-1]], ['kitchen', [1]]]);
    await queue.processDue();
    await settle([kitchen, bar], 4);
    expect(kitchen.jobs).toHaveLength(2);
    expect(inspectEscPos(bar.jobs[1] ?? Buffer.alloc(0), 'cp737')).toContain('ΑΚΥΡΩΣΗ 1 x Φρέντο εσπρέσο');
  });

  it('reprints only when asked, marked REPRINT, without counting as sent', async () => {
    const order = openOrder();
    const sent = sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'a' });
    const kitchenTicket = sent.tickets.find((t) => t.station === 'kitchen');
    if (!kitchenTicket) throw new Error('no kitchen ticket');
    const reprint = reprintKitchenTicket(db, clock, settings, { ticketId: kitchenTicket.id, staffId: staff, idempotencyKey: 'r1' });
    reprintKitchenTicket(db, clock, settings, { ticketId: kitchenTicket.id, staffId: staff, idempotencyKey: 'r1' });
    expect(reprint.reprintOf).toBe(kitchenTicket.id);
    expect(reprint.lines).toEqual(kitchenTicket.lines);
    await queue.processDue();
    await settle([kitchen, bar], 3);
    expect(kitchen.jobs).toHaveLength(2);
    expect(inspectEscPos(kitchen.jobs[1] ?? Buffer.alloc(0), 'cp737')).toContain('*** ΑΝΑΤΥΠΩΣΗ ***');
    expect(sendOrderToKitchen(db, clock, settings, { orderId: order.orderId, staffId: staff, idempotencyKey: 'b' }).tickets).toEqual([]);
    expect(listKitchenTickets(db, order.orderId)).toHaveLength(3);
  });
});

describe('customer receipts from an order', () => {
  it('prints the original, then marks later prints REPRINT; one job per click key', async () => {
    const paid = insertSale(db, clock, {
      staffId: staff,
      lines: [{ categoryId: drinks, name: 'Φρέντο εσπρέσο', qty: 2, unitPriceCents: 300, rateBp: 2400 }],
      payments: [{ method: 'cash', amountCents: 600, tenderedCents: 1000 }],
    });
    const first = printCustomerReceipt(db, clock, settings, { orderId: paid.orderId, idempotencyKey: 'k1' });
    const doubleClick = printCustomerReceipt(db, clock, settings, { orderId: paid.orderId, idempotencyKey: 'k1' });
    expect(doubleClick).toMatchObject({ duplicate: true, reprint: false, job: { id: first.job.id } });
    const again = printCustomerReceipt(db, clock, settings, { orderId: paid.orderId, idempotencyKey: 'k2' });
    expect(again.reprint).toBe(true);
    await queue.processDue();
    await settle([counter], 2);
    expect(counter.jobs).toHaveLength(2);
    const original = inspectEscPos(counter.jobs[0] ?? Buffer.alloc(0), 'cp737');
    expect(original).toContain('2 x Φρέντο εσπρέσο');
    expect(original).toContain('Ρέστα');
    expect(original).toContain('4,00 EUR');
    expect(original).not.toContain('ΑΝΑΤΥΠΩΣΗ');
    expect(inspectEscPos(counter.jobs[1] ?? Buffer.alloc(0), 'cp737')).toContain('ΑΝΑΤΥΠΩΣΗ');
    expect(customerReceiptHtml(db, clock, settings, paid.orderId)).toContain('Καφέ &lt;Ωραία&gt;');
  });

  it('refuses with PRINTER_NOT_FOUND when no receipt printer is set up', () => {
    const paid = insertSale(db, clock, { staffId: staff, lines: [{ categoryId: drinks, name: 'x', qty: 1, unitPriceCents: 1, rateBp: 0 }], payments: [{ method: 'card', amountCents: 1 }] });
    expect(() => printCustomerReceipt(db, clock, { ...settings, printers: [] }, { orderId: paid.orderId })).toThrow(/No receipt printer/);
  });
});
