/** A real core shop with the fiscal commands wired as bootstrap wires them (memory SecretStore). */
/* eslint-disable no-restricted-imports -- tests drive the real core in-process (no mocks of our code) */
import { createApi, type Api } from '../../../core/api';
import { fiscalCommands } from '../../../core/fiscal/commands';
import { insertDocument } from '../../../core/fiscal/ledger';
import { fiscalActive } from '../../../core/fiscal/settings';
import { memorySecretStore, type SecretStore } from '../../../core/secrets/secret-store';
/* eslint-enable no-restricted-imports */
import { createCoreTestShop, type TestShop } from './core-shop';

export interface FiscalShop { shop: TestShop; api: Api; secrets: SecretStore }

export async function createFiscalShop(): Promise<FiscalShop> {
  const shop = await createCoreTestShop();
  const secrets = memorySecretStore();
  const api = createApi({ db: shop.db, clock: shop.clock, license: shop.license, dataDir: shop.dir, commands: fiscalCommands({ secrets }), logInternalError: () => {} });
  return { shop, api, secrets };
}

/** A valid ΑΦΜ (check digit 1) and one with a wrong check digit. */
export const GOOD_AFM = '094014201';
export const BAD_AFM = '094014202';

/** Turns fiscal documents on through the real command (valid ΑΦΜ, credentials in the SecretStore). */
export async function enableFiscal(f: FiscalShop): Promise<void> {
  await f.shop.ok('settings.get', {}, f.shop.owner);
  const r = await f.api.call('fiscal.settings.set', { enabled: true, afm: GOOD_AFM, series: 'A', userId: 'cafe', subscriptionKey: 'key-1234567890' }, f.shop.owner);
  if (!r.ok) throw new Error(r.error.message);
}

/**
 * A document issued by core's own ledger (as a sale does), then moved to `state` the way the
 * outbox records AADE's answers (mark and QR link; AADE's error code and message; a cancellation).
 */
export function issueDocument(
  f: FiscalShop, orderId: string, docType: '8.6' | '11.1' | '11.4',
  state: 'queued' | 'registered' | 'rejected' | 'cancelled', totalCents = 700,
): string {
  const settings = fiscalActive(f.shop.db);
  if (!settings) throw new Error('enable fiscal first');
  const vat = Math.round(totalCents * 24 / 124);
  const id = f.shop.db.transaction(() => insertDocument(f.shop.db, f.shop.clock, settings, {
    docType, orderId, body: { rows: [{ rateBp: 2400, netCents: totalCents - vat, vatCents: vat, description: 'Freddo', quantity: 2 }], payments: docType === '8.6' ? [] : [{ method: 'cash', amountCents: totalCents }] },
  }))();
  const set = (sqlText: string, ...args: unknown[]) => f.shop.db.prepare(sqlText).run(...args, id);
  if (state === 'registered') set("UPDATE fiscal_documents SET state = 'registered', mark = ?, qr_url = ?, attempts = 1, registered_at = ? WHERE id = ?", `40000195186${id.slice(-4).replace(/\D/g, '7')}`, `https://mydataapidev.aade.gr/TimologioQR/QRInfo?q=${id}`, f.shop.clock.now());
  if (state === 'rejected') set("UPDATE fiscal_documents SET state = 'rejected', attempts = 1, error_code = '101', error_message = ? WHERE id = ?", 'XML Syntax Validation Error: vatCategory');
  if (state === 'cancelled') set("UPDATE fiscal_documents SET state = 'cancelled', mark = '400001951860001', cancellation_mark = '400001951860002' WHERE id = ?");
  return id;
}
