/**
 * Issue 9 rule 3 on a real shop (SQLite file, the API, the print queue's table): printer commands
 * typed into a note, an order comment, a staff name, the shop's settings or an imported menu
 * reach the kitchen ticket, the receipt and the Z-report only as text.
 */
import { afterEach, beforeEach, describe, it } from 'vitest';
import { createTestShop, type TestShop } from '../../api/test-shop';
import { getPrintJobPayload } from '../../print/print-queue';
import type { OrderView } from '../orders/order-view';
import { benign, expectOnlyLayoutCommands, hostile } from './hostile-fixtures';
import type { SendResult } from './kitchen-tickets';

const shops: TestShop[] = [];
async function newShop(): Promise<TestShop> {
  const shop = await createTestShop();
  shops.push(shop);
  await shop.ok('settings.update', {
    printers: [
      { id: 'kitchen', name: 'Kitchen', host: '127.0.0.1', port: 9, station: 'kitchen' },
      { id: 'counter', name: 'Counter', host: '127.0.0.1', port: 9, station: 'receipt' },
    ],
  }, shop.owner);
  return shop;
}
let clicks = 0;
beforeEach(() => { clicks = 0; });
afterEach(() => { for (const shop of shops.splice(0)) shop.cleanup(); });

interface Printed { kitchen: Buffer; receipt: Buffer }

/** One order through the till: a line, sent to the kitchen, paid, receipt printed. */
async function sellAndPrint(shop: TestShop, line: { itemId: string; optionIds?: string[]; note?: string }, comment?: string): Promise<Printed> {
  const order = await shop.ok<OrderView>('order.create', comment === undefined ? {} : { comment }, shop.cashier);
  await shop.ok('order.addLine', { orderId: order.id, qty: 1, ...line }, shop.cashier);
  const sent = await shop.ok<SendResult>('kitchen.send', { orderId: order.id, idempotencyKey: `kitchen-click-${++clicks}` }, shop.cashier);
  const kitchenJob = sent.tickets[0]?.printJobIds[0];
  if (!kitchenJob) throw new Error('no kitchen ticket');
  await shop.ok('payment.take', { orderId: order.id, tenders: [{ method: 'cash', tenderedCents: 100_000 }] }, shop.cashier);
  const receipt = await shop.ok<{ job: { id: string } }>('receipt.print', { orderId: order.id }, shop.cashier);
  return { kitchen: getPrintJobPayload(shop.db, kitchenJob), receipt: getPrintJobPayload(shop.db, receipt.job.id) };
}

/** Both jobs carry only the layout's commands; `on` names the jobs that print the field. */
async function expectClean(print: (text: string) => Promise<Printed>, on: { kitchen: boolean; receipt: boolean }): Promise<void> {
  const [bad, good] = [await print(hostile()), await print(benign())];
  expectOnlyLayoutCommands(bad.kitchen, good.kitchen, 'cp737', on.kitchen);
  expectOnlyLayoutCommands(bad.receipt, good.receipt, 'cp737', on.receipt);
}
const both = { kitchen: true, receipt: true };

async function importedItem(shop: TestShop, format: 'csv' | 'json', name: string, option?: string): Promise<{ itemId: string; optionIds: string[] }> {
  const content = format === 'csv'
    ? `category,name,price,tax_rate\r\nImported,"${name}",3.50,24\r\n`
    : JSON.stringify({
      format: 'pospal-menu', version: 1, items: [{
        category: 'Imported', name, priceCents: 350, taxRateBp: 2400,
        optionGroups: option ? [{ name: 'Extras', options: [{ name: option, priceDeltaCents: 50 }] }] : [],
      }],
    });
  await shop.ok('catalog.import', { format, content }, shop.owner);
  const items = await shop.ok<{ id: string; name: string; optionGroups: { options: { id: string }[] }[] }[]>('catalog.listItems', {}, shop.owner);
  const item = items.find((i) => i.name.startsWith('Χωρίς'));
  if (!item) throw new Error('imported item not found');
  return { itemId: item.id, optionIds: item.optionGroups.flatMap((g) => g.options.map((o) => o.id)) };
}

describe('printer commands typed at the till reach the printers only as text', () => {
  it('a line note on the kitchen ticket and the receipt', async () => {
    const shop = await newShop();
    await expectClean((note) => sellAndPrint(shop, { itemId: shop.items.toast, note }), both);
  });

  it('an order comment on the kitchen ticket', async () => {
    const shop = await newShop();
    await expectClean((comment) => sellAndPrint(shop, { itemId: shop.items.toast }, comment), { kitchen: true, receipt: false });
  });

  it('the staff name on the kitchen ticket and the receipt', async () => {
    await expectClean(async (name) => {
      const shop = await newShop();
      await shop.ok('staff.update', { id: shop.cashier.id, name }, shop.owner);
      return sellAndPrint(shop, { itemId: shop.items.toast });
    }, both);
  });

  it('the shop header and footer on the receipt', async () => {
    await expectClean(async (text) => {
      const shop = await newShop();
      await shop.ok('settings.update', { business: { name: text, addressLines: [text], phone: '', taxId: '', email: '' }, receipt: { headerLines: [text], footerLines: [text], qrUrlTemplate: null } }, shop.owner);
      return sellAndPrint(shop, { itemId: shop.items.toast });
    }, { kitchen: false, receipt: true });
  });
});

describe('printer commands in a printer\'s own name', () => {
  it('the test print (Settings → printers) prints the printer name only as text', async () => {
    const testPrint = async (name: string) => {
      const shop = await newShop();
      await shop.ok('settings.update', { printers: [{ id: 'counter', name, host: '127.0.0.1', port: 9, station: 'receipt' }] }, shop.owner);
      const job = await shop.ok<{ id: string }>('print.test', { printerId: 'counter' }, shop.owner);
      return getPrintJobPayload(shop.db, job.id);
    };
    expectOnlyLayoutCommands(await testPrint(hostile()), await testPrint(benign()));
  });
});

describe('printer commands in an imported menu reach the printers only as text', () => {
  it('an item name imported from CSV', async () => {
    await expectClean(async (name) => {
      const shop = await newShop();
      return sellAndPrint(shop, await importedItem(shop, 'csv', name));
    }, both);
  });

  it('an item and option name imported from JSON', async () => {
    await expectClean(async (name) => {
      const shop = await newShop();
      return sellAndPrint(shop, await importedItem(shop, 'json', name, name));
    }, both);
  });
});

describe('printer commands in the shift report', () => {
  it('the Z-report and its reprint print the shop name, opener, category and cash-out reason only as text', async () => {
    const zReports = async (text: string): Promise<Buffer[]> => {
      const shop = await newShop();
      await shop.ok('settings.update', { business: { name: text, addressLines: [], phone: '', taxId: '', email: '' } }, shop.owner);
      await shop.ok('staff.update', { id: shop.cashier.id, name: text }, shop.owner);
      await shop.ok('catalog.updateCategory', { id: shop.categoryId, name: text }, shop.owner);
      await shop.ok('shift.open', { openingFloatCents: 1000 }, shop.cashier);
      await sellAndPrint(shop, { itemId: shop.items.toast });
      await shop.ok('shift.cashOut', { amountCents: 200, reason: text }, shop.manager);
      const closed = await shop.ok<{ printJob: { id: string } }>('shift.close', { countedCashCents: 0 }, shop.manager);
      const again = await shop.ok<{ id: string }>('shift.printZReport', { number: 1 }, shop.manager);
      return [getPrintJobPayload(shop.db, closed.printJob.id), getPrintJobPayload(shop.db, again.id)];
    };
    const [bad, good] = [await zReports(hostile()), await zReports(benign())];
    bad.forEach((job, i) => expectOnlyLayoutCommands(job, good[i] ?? Buffer.alloc(0)));
  });
});
