/**
 * Child process of the durability test: takes paid orders in a loop on a real file database
 * and prints `PAID <orderId>` only after the API answered (i.e. after the commit). The parent
 * SIGKILLs it at random moments. Usage: node --import tsx durability.child.ts <dbFile> <sessionJson> <itemId>
 */
import { createApi } from '../api';
import { systemClock } from '../clock';
import type { SessionStaff } from '../pos/staff/permissions';
import { openDatabase } from './connection';

const [file, sessionJson, itemId] = process.argv.slice(2);
if (!file || !sessionJson || !itemId) throw new Error('usage: durability.child.ts <dbFile> <sessionJson> <itemId>');
const session = JSON.parse(sessionJson) as SessionStaff;
const db = openDatabase({ file, clock: systemClock });
const api = createApi({ db, clock: systemClock, license: { canSell: () => true, state: () => 'active' }, dataDir: '' });

async function unwrap<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

// Cash needs an open shift; after a kill the shift from the previous run is still open.
const opened = await api.call('shift.open', { openingFloatCents: 0 }, session);
if (!opened.ok && (opened.error as { code: string }).code !== 'SHIFT_ALREADY_OPEN') throw new Error(JSON.stringify(opened.error));
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const order = await unwrap(api.call<{ id: string }>('order.create', {}, session));
  await unwrap(api.call('order.addLine', { orderId: order.id, itemId, qty: 1 + (i % 3) }, session));
  const paid = await unwrap(api.call<{ order: { totalCents: number }; paid: boolean }>('payment.take', {
    orderId: order.id, tenders: [{ method: 'cash', tenderedCents: 100_000 }],
  }, session));
  if (!paid.paid) throw new Error('not paid');
  // Synchronous write: the line is out before the next order starts.
  process.stdout.write(`PAID ${order.id} ${paid.order.totalCents}\n`);
}
