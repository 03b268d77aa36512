/**
 * The one running fiscal outbox of this process (like the print queue): the composition root
 * starts it with the live database, the SecretStore and a transmitter; commands and the sale
 * hooks only write documents to SQLite and `kick` it. Without a started outbox (tests, CLI)
 * documents wait in the table and go out when an outbox next runs.
 */
let kickActive: (() => void) | null = null;

export function setActiveOutbox(kick: (() => void) | null): void {
  kickActive = kick;
}

export function kickFiscalOutbox(): void {
  kickActive?.();
}
