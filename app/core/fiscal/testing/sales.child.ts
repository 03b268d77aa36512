/**
 * Child process of the numbering test: `n` counter sales paid by card on a shared database
 * file (fiscal on), as fast as it can, while other children do the same.
 * Usage: node --import tsx sales.child.ts <dbFile> <sessionJson> <itemId> <n>
 */
import { createApi } from '../../api';
import { systemClock } from '../../clock';
import { openDatabase } from '../../db/connection';
import type { SessionStaff } from '../../pos/staff/permissions';

const [file, sessionJson, itemId, count] = process.argv.slice(2);
if (!file || !sessionJson || !itemId || !count) throw new Error('usage: sales.child.ts <dbFile> <sessionJson> <itemId> <n>');
const session = JSON.parse(sessionJson) as SessionStaff;
const db = openDatabase({ file, clock: systemClock });
const api = createApi({ db, clock: systemClock, license: { canSell: () => true, state: () => 'active' }, dataDir: '' });

async function unwrap<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

for (let i = 0; i < Number(count); i++) {
  const order = await unwrap(api.call<{ id: string }>('order.create', {}, session));
  const view = await unwrap(api.call<{ totalCents: number }>('order.addLine', { orderId: order.id, itemId, qty: 1 }, session));
  await unwrap(api.call('payment.take', { orderId: order.id, tenders: [{ method: 'card', amountCents: view.totalCents }] }, session));
}
db.close();
process.stdout.write('DONE\n');
