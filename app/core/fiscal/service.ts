/**
 * The one running fiscal outbox of this process (like the print queue): the composition root
 * starts it with the live database, the SecretStore and the channel; commands and the sale
 * hooks only write documents to SQLite and `kick` it (after their transaction: the kick runs on
 * a later tick). Without a started outbox (tests, CLI) documents wait in the table and go out
 * when an outbox next runs.
 */
import { createFiscalOutbox } from './outbox';
import type { FiscalOutbox, OutboxDeps } from './outbox';
import { mydataRestTransmitter } from './mydata-rest';
import { FISCAL_ENVIRONMENTS } from './settings';

let active: FiscalOutbox | null = null;

/** The direct myDATA REST channel at the environment's address (test unless confirmed production). */
export const directChannel: OutboxDeps['transmitter'] = (settings, credentials) =>
  mydataRestTransmitter({ baseUrl: FISCAL_ENVIRONMENTS[settings.environment], credentials });

export function startFiscalOutbox(deps: OutboxDeps, pollMs?: number): FiscalOutbox {
  void active?.stop();
  active = createFiscalOutbox(deps);
  active.start(pollMs);
  return active;
}

export async function stopFiscalOutbox(): Promise<void> {
  const outbox = active;
  active = null;
  await outbox?.stop();
}

export function kickFiscalOutbox(): void {
  active?.kick();
}
