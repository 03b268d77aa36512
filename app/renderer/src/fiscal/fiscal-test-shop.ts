/** A real core shop with the fiscal commands wired as bootstrap wires them (memory SecretStore). */
/* eslint-disable no-restricted-imports -- tests drive the real core in-process (no mocks of our code) */
import { createApi, type Api } from '../../../core/api';
import { fiscalCommands } from '../../../core/fiscal/commands';
import { memorySecretStore, type SecretStore } from '../../../core/secrets/secret-store';
/* eslint-enable no-restricted-imports */
import { createCoreTestShop, type TestShop } from '../testing/core-shop';

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
