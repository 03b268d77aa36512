/**
 * A fiscal shop for tests: the seeded test shop (real SQLite file), its API with the fiscal
 * commands, myDATA credentials in a real 0600 secrets file beside the database, fiscal turned
 * on (test environment), the fake AADE on a free port and an outbox pointed at it. No mocks:
 * tests drive the outbox with `runOnce()` and steer time with the manual clock.
 */
import { join } from 'node:path';
import { createApi } from '../../api';
import type { Api } from '../../api';
import type { SessionStaff } from '../../pos/staff/permissions';
import { createTestShop } from '../../api/test-shop';
import type { TestShop } from '../../api/test-shop';
import { openDatabase } from '../../db/connection';
import type { Db } from '../../db/connection';
import { fileSecretStore } from '../../secrets/file-store';
import type { SecretStore } from '../../secrets/secret-store';
import { fiscalCommands } from '../commands';
import { mydataRestTransmitter } from '../mydata-rest';
import { createFiscalOutbox } from '../outbox';
import type { FiscalOutbox, OutboxDeps } from '../outbox';
import type { DocumentState, FiscalDocumentRow } from '../documents-view';
import { startFakeAade } from './fake-aade';
import type { FakeAade } from './fake-aade';

export const TEST_AFM = '094019245';
export const TEST_USER = 'olga-cafe';
/** Looks like AADE's keys (32 hex); never to appear in a log, the database or a backup. */
export const TEST_KEY = '7f3c9a1be04d4c2e9b8a6d5f1e2c3b4a';

export interface FiscalShop extends TestShop {
  fapi: Api;
  secrets: SecretStore;
  aade: FakeAade;
  outbox: FiscalOutbox;
  call<T = unknown>(name: string, input: unknown, as?: SessionStaff | null): Promise<T>;
  docs(filter?: { orderId?: string; state?: DocumentState }): Promise<FiscalDocumentRow[]>;
  /** A new outbox (a restarted core) on a new connection to the same database file. */
  restart(): { db: Db; api: Api; outbox: FiscalOutbox };
  close(): Promise<void>;
}

export async function createFiscalShop(opts: { enable?: boolean; outbox?: Partial<OutboxDeps> } = {}): Promise<FiscalShop> {
  const shop = await createTestShop(Date.UTC(2026, 5, 15, 9, 0));
  const secrets = fileSecretStore({ file: join(shop.dir, 'secrets.json') });
  const aade = await startFakeAade({ userId: TEST_USER, subscriptionKey: TEST_KEY, afm: TEST_AFM });
  const commands = fiscalCommands({ secrets });
  const apiOn = (db: Db) => createApi({ db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands });
  const fapi = apiOn(shop.db);
  const outboxOn = (db: Db) => createFiscalOutbox({
    db: () => db, clock: shop.clock, secrets, random: () => 0.5,
    transmitter: (_s, credentials) => mydataRestTransmitter({ baseUrl: aade.baseUrl, credentials, timeoutMs: 5_000 }),
    ...opts.outbox,
  });
  const outbox = outboxOn(shop.db);
  const call = async <T>(name: string, input: unknown, as: SessionStaff | null = shop.owner): Promise<T> => {
    const r = await fapi.call<T>(name, input, as);
    if (!r.ok) throw Object.assign(new Error(`${name} failed: ${JSON.stringify(r.error)}`), { error: r.error });
    return r.value;
  };
  if (opts.enable !== false) {
    await call('fiscal.settings.set', { afm: TEST_AFM, series: 'A', userId: TEST_USER, subscriptionKey: TEST_KEY, enabled: true });
  }
  const extra: { db: Db; outbox: FiscalOutbox }[] = [];
  return {
    ...shop, fapi, secrets, aade, outbox, call,
    docs: (filter = {}) => call<FiscalDocumentRow[]>('fiscal.documents.list', filter),
    restart() {
      const db = openDatabase({ file: shop.file, clock: shop.clock });
      const next = { db, api: apiOn(db), outbox: outboxOn(db) };
      extra.push(next);
      return next;
    },
    async close() {
      await outbox.stop();
      for (const e of extra) { await e.outbox.stop(); e.db.close(); }
      await aade.close();
      shop.cleanup();
    },
  };
}

/** A table with a running bill; returns the order id. */
export async function openTableOrder(s: FiscalShop, name = 'T1'): Promise<string> {
  const table = await s.call<{ id: string }>('table.create', { name });
  const order = await s.call<{ id: string }>('table.open', { tableId: table.id }, s.cashier);
  return order.id;
}

export async function addLine(s: FiscalShop, orderId: string, itemId: string, qty = 1): Promise<string> {
  const order = await s.call<{ lines: { id: string }[] }>('order.addLine', { orderId, itemId, qty }, s.cashier);
  return order.lines.at(-1)?.id ?? '';
}

let keys = 0;
export async function sendToKitchen(s: FiscalShop, orderId: string): Promise<void> {
  await s.call('kitchen.send', { orderId, idempotencyKey: `send-key-${++keys}` }, s.cashier);
}

export async function payAll(s: FiscalShop, orderId: string, method: 'cash' | 'card' = 'card'): Promise<void> {
  const order = await s.call<{ dueCents: number }>('order.get', { orderId }, s.cashier);
  const tender = method === 'cash' ? { method, tenderedCents: order.dueCents } : { method, amountCents: order.dueCents };
  await s.call('payment.take', { orderId, tenders: [tender] }, s.cashier);
}
